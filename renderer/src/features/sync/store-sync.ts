import { type ConflictPolicy, type SyncKind, type SyncRecord, type SyncReport } from '../../../../core/sync';
import { currentAnalyst } from '../../db/annotations';
import { onStoreChange, type StoreChange } from '../../db/changes';
import type { GlossDB } from '../../db/db';
import { readProjectDocument } from '../../db/project-data';
import { readRecord } from '../../db/sync-apply';
import type { CycleOptions, CycleResult } from './replica';

/**
 * Runs a cycle and takes its pages into the store: the sync worker in the app (the replica and
 * its own connection to the store, so that no page crosses to the window), the replica directly
 * in tests.
 */
export interface CycleRunner {
  cycle(options: Omit<CycleOptions, 'onProgress' | 'onRetry'>): Promise<CycleResult>;
}

/** The store's tables whose records travel, and the kind of document each becomes. */
const TABLE_KINDS: Partial<Record<keyof StoreChange['keys'], SyncKind>> = {
  articles: 'article',
  bodies: 'article',
  annotations: 'annotation',
  sourceGrades: 'grade',
  tags: 'tag',
  sets: 'set',
};
export const SYNCED_TABLES = Object.keys(TABLE_KINDS) as (keyof StoreChange['keys'])[];

/**
 * The records changed in the store since the last sync, from the store's change feed (the
 * sync's own writes, `source: 'sync'`, left out): what the next cycle stages, instead of the
 * whole library. The
 * first cycle after it is made (a connection, the app's start) compares the whole store with
 * the replica, since edits made while nothing listened are known to no feed.
 */
export class LocalChanges {
  private ids = new Set<string>();
  private full = true;
  private readonly stop: () => void;

  constructor(db: GlossDB, onChange?: () => void) {
    this.stop = onStoreChange(db, (change) => {
      // What the sync took in from the server (in its worker, or here in tests) is no edit.
      if (change.source === 'sync') return;
      let any = false;
      for (const [table, keys] of Object.entries(change.keys)) {
        const kind = TABLE_KINDS[table as keyof StoreChange['keys']];
        if (!kind || !keys) continue;
        for (const key of keys) {
          this.ids.add(`${kind}:${key}`);
          any = true;
        }
      }
      if (any) onChange?.();
    });
  }

  /** Whether the next cycle has anything of the store's to send (or must compare everything). */
  get pending(): boolean {
    return this.full || this.ids.size > 0;
  }

  /** Takes what changed so far, for one cycle. */
  take(): { full: true } | { ids: string[] } {
    if (this.full) {
      this.full = false;
      this.ids.clear();
      return { full: true };
    }
    const ids = [...this.ids];
    this.ids.clear();
    return { ids };
  }

  /** Gives back what a failed cycle took, so that the next one sends it. */
  restore(taken: { full: true } | { ids: string[] }): void {
    if ('full' in taken) this.full = true;
    else for (const id of taken.ids) this.ids.add(id);
  }

  /** Marks records to send with the next cycle (changed while a cycle ran). */
  add(ids: Iterable<string>): void {
    for (const id of ids) this.ids.add(id);
  }

  dispose(): void {
    this.stop();
  }
}

/** What one sync of the store did. */
export interface StoreSyncOutcome {
  report: SyncReport;
  /** Records written to or removed from the store. */
  written: number;
  /** Records the analyst changed while the sync ran (sent with the next one). */
  movedOn: Set<string>;
  /** Records changed here by settling twins (one text imported twice; sent with the next sync). */
  settled: Set<string>;
  /** Articles that gave way to a twin: id → the article kept for the same text. */
  moved: Map<string, string>;
}

/**
 * One sync of the store with the team database: what changed in the store since the last sync
 * (`changes`; the whole store, read as a project, on the first), the replica's cycle (core/sync,
 * as `gloss sync`), and each page of its result taken into the store in one bounded transaction
 * through the one write path before the replica remembers it — so that a crash in between
 * repeats that part rather than losing anything, and the window never waits on one long write.
 */
export async function syncStoreOnce(
  db: GlossDB,
  runner: CycleRunner,
  options: { url: string; user: string; decisions?: Record<string, ConflictPolicy>; changes: LocalChanges },
): Promise<StoreSyncOutcome> {
  const { changes } = options;
  const taken = changes.take();
  try {
    let cycleChanges: CycleOptions['changes'];
    if ('full' in taken) {
      cycleChanges = { full: await readProjectDocument(db, await currentAnalyst(db)) };
    } else {
      const changed: SyncRecord[] = [];
      const removed: string[] = [];
      for (const id of taken.ids) {
        const kind = id.slice(0, id.indexOf(':')) as SyncKind;
        const record = await readRecord(db, kind, id.slice(id.indexOf(':') + 1));
        if (record === undefined) removed.push(id);
        else changed.push({ kind, record } as SyncRecord);
      }
      cycleChanges = { changed, removed };
    }
    const result = await runner.cycle({
      url: options.url,
      user: options.user,
      changes: cycleChanges,
      decisions: options.decisions ?? {},
    });
    changes.add(result.movedOn);
    // Twins settled while taking the pages in: store writes of the sync's own (no edits in the
    // feed), yet changes to send (see db/sync-twins.ts).
    const settled = new Set(result.settled);
    changes.add(settled);
    return {
      report: { ...result.report, refused: [...result.report.refused, ...result.refused] },
      written: result.written,
      movedOn: new Set(result.movedOn),
      settled,
      moved: new Map(result.moved),
    };
  } catch (err) {
    changes.restore(taken);
    throw err;
  }
}
