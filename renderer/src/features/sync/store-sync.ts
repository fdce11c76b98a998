import type { ConflictPolicy, SyncReport, SyncResult } from '../../../../core/sync';
import { currentAnalyst } from '../../db/annotations';
import type { GlossDB } from '../../db/db';
import { readProjectDocument } from '../../db/project-data';
import { applySyncedProject } from '../../db/sync-apply';
import type { CycleOptions, KnownDocs } from './replica';

/** Runs the replica's side of a cycle: the sync worker in the app, the replica directly in tests. */
export interface CycleRunner {
  cycle(options: Omit<CycleOptions, 'onProgress' | 'onRetry'>): Promise<SyncResult>;
  commit(url: string, docs: KnownDocs, movedOn: Iterable<string>): Promise<void>;
}

/** What one sync of the store did. */
export interface StoreSyncOutcome {
  report: SyncReport;
  /** Records written to or removed from the store. */
  written: number;
  /** Records the analyst changed while the sync ran (sent with the next one). */
  movedOn: Set<string>;
}

/**
 * One sync of the store with the team database: the store read as a project, the replica's
 * cycle (core/sync, as `gloss sync`), its result applied to the store in one transaction through
 * the one write path, and only then the replica told what the store now stands for — so that a
 * crash in between repeats the sync rather than losing anything.
 */
export async function syncStoreOnce(
  db: GlossDB,
  runner: CycleRunner,
  options: { url: string; user: string; decisions?: Record<string, ConflictPolicy> },
): Promise<StoreSyncOutcome> {
  const project = await readProjectDocument(db, await currentAnalyst(db));
  const result = await runner.cycle({
    url: options.url,
    user: options.user,
    project,
    decisions: options.decisions ?? {},
  });
  const applied = await applySyncedProject(db, project, result.project);
  await runner.commit(options.url, result.docs, applied.movedOn);
  return { report: result.report, written: applied.written, movedOn: applied.movedOn };
}
