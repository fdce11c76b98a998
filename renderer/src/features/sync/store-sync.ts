import {
  joinReports,
  type ConflictPolicy,
  type SyncKind,
  type SyncRecord,
  type SyncReport,
} from '../../../../core/sync';
import { currentAnalyst } from '../../db/annotations';
import { onStoreChange } from '../../db/changes';
import type { GlossDB } from '../../db/db';
import {
  isSyncedTable,
  landJournal,
  requestFull,
  startJournal,
  takeJournal,
  type JournalTake,
} from '../../db/journal';
import { readProjectDocument } from '../../db/project-data';
import { readRecord, recordOfRow } from '../../db/sync-apply';
import type { CycleOptions, CycleResult } from './replica';

/**
 * Runs a cycle and takes its pages into the store: the sync worker in the app (the replica and
 * its own connection to the store, so that no page crosses to the window), the replica directly
 * in tests.
 */
export interface CycleRunner {
  cycle(options: Omit<CycleOptions, 'onProgress' | 'onRetry' | 'signal'>): Promise<CycleResult>;
}

/**
 * What changed in the store since the last cycle that landed: the sync journal (`db/journal.ts`),
 * which the store's one write path keeps in the same transaction as each change — in this
 * window, in other windows and in the workers alike, and across restarts. The first cycle after
 * an app start therefore sends just what was journalled; only a new connection (and a journal
 * that cannot be trusted: kept for another database, by a Gloss without one, or a store replaced
 * by Open) compares the whole store with the replica. The change feed is listened to only to
 * start a live cycle when the analyst edits (the sync's own writes, `source: 'sync'`, left out).
 */
export class LocalChanges {
  private readonly stop: () => void;

  constructor(
    private readonly db: GlossDB,
    onChange?: () => void,
  ) {
    this.stop = onStoreChange(db, (change) => {
      // What the sync took in from the server (in its worker, or here in tests) is no edit.
      if (!onChange || change.source === 'sync') return;
      if (Object.keys(change.keys).some(isSyncedTable)) onChange();
    });
  }

  /**
   * Journals the store's changes for the team database `url`. `resume` (the app started with a
   * saved connection) keeps a journal already kept for it; a new connection (`connect`) compares
   * the whole store first. Says what the next cycle does.
   */
  open(url: string, how: 'connect' | 'resume'): Promise<'journal' | 'full'> {
    return startJournal(this.db, url, how === 'resume');
  }

  /** What changed since the last cycle that landed (left in the journal until it lands). */
  take(): Promise<JournalTake> {
    return takeJournal(this.db);
  }

  /** The cycle that took `taken` landed; `movedOn`: records changed meanwhile, sent next time. */
  landed(taken: JournalTake, movedOn: readonly string[]): Promise<void> {
    return landJournal(this.db, taken, movedOn);
  }

  /** The next cycle compares the whole store (the replica holds nothing the journal builds on). */
  requireFull(): Promise<void> {
    return requestFull(this.db);
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
 * (the journal's records; the whole store, read as a project, when a full comparison is due), the replica's cycle (core/sync,
 * as `gloss sync`), and each page of its result taken into the store in one bounded transaction
 * through the one write path before the replica remembers it — so that a crash in between
 * repeats that part rather than losing anything, and the window never waits on one long write.
 */
export async function syncStoreOnce(
  db: GlossDB,
  runner: CycleRunner,
  options: {
    url: string;
    user: string;
    decisions?: Record<string, ConflictPolicy>;
    changes: LocalChanges;
    /** Send again what the server refused as too large (`CycleOptions.retryRefused`). */
    retryRefused?: boolean;
  },
): Promise<StoreSyncOutcome> {
  const { changes } = options;
  const cycle = async (taken: JournalTake) =>
    runner.cycle({
      url: options.url,
      user: options.user,
      changes: await staged(db, taken),
      decisions: options.decisions ?? {},
      ...(options.retryRefused ? { retryRefused: true } : {}),
    });
  let taken = await changes.take();
  let result = await cycle(taken);
  if (result.needsFull) {
    // The replica has never finished a cycle (new, or its storage was wiped): the journal's
    // changes are relative to nothing it holds.
    await changes.requireFull();
    taken = await changes.take();
    result = await cycle(taken);
  }
  // Landed in the replica: only now do the journal's rows go (an interrupted cycle keeps them).
  // Twins settled while taking the pages in are store writes of the sync's own, yet changes to
  // send (see db/sync-twins.ts): the page's transaction journalled them; they stay.
  // A first sync staged nothing of what the library held (see the replica's `compareAgain`):
  // `full`, the library is compared whole next — the full request stays (or is made), so that a
  // crash before that comparison lands repeats it; `journal` (a first sync continued after a
  // quit or a network cut, into a library empty when it began), the rows noted since the
  // connection stay for the comparison below, which reads just those.
  const again = result.compareAgain;
  await changes.landed(
    again === 'full' ? { ...taken, full: false } : again === 'journal' ? { ...taken, entries: [] } : taken,
    [...result.movedOn, ...result.settled],
  );
  const settled = new Set(result.settled);
  const moved = new Map(result.moved);
  let written = result.written;
  let report = { ...result.report, refused: [...result.report.refused, ...result.refused] };
  if (again === 'full' && !taken.full) await changes.requireFull();
  if (again) taken = await changes.take();
  if (again && (taken.full || taken.entries.length > 0)) {
    result = await cycle(taken);
    await changes.landed(taken, [...result.movedOn, ...result.settled]);
    for (const id of result.settled) settled.add(id);
    for (const [from, to] of result.moved) moved.set(from, to);
    written += result.written;
    report = joinReports(report, {
      ...result.report,
      refused: [...result.report.refused, ...result.refused],
    });
  }
  return { report, written, movedOn: new Set(result.movedOn), settled, moved };
}

/**
 * What a cycle stages: the whole store as a project, or the journalled records (absent: removed);
 * with either, the records as they were before their first change since the last landing, where
 * the journal kept them (`JournalEntry.base`).
 */
async function staged(db: GlossDB, taken: JournalTake): Promise<CycleOptions['changes']> {
  const bases: SyncRecord[] = [];
  for (const { id, base } of taken.entries) {
    if (base === undefined) continue;
    const kind = id.slice(0, id.indexOf(':')) as SyncKind;
    try {
      bases.push({
        kind,
        record: await recordOfRow(db, kind, id.slice(id.indexOf(':') + 1), base),
      } as SyncRecord);
    } catch {
      // An article whose text is no longer here: no base, the change goes without one.
    }
  }
  const kept = bases.length ? { bases } : {};
  if (taken.full) return { full: await readProjectDocument(db, await currentAnalyst(db)), ...kept };
  const changed: SyncRecord[] = [];
  const removed: string[] = [];
  for (const { id } of taken.entries) {
    const kind = id.slice(0, id.indexOf(':')) as SyncKind;
    const record = await readRecord(db, kind, id.slice(id.indexOf(':') + 1));
    if (record === undefined) removed.push(id);
    else changed.push({ kind, record } as SyncRecord);
  }
  return { changed, removed, ...kept };
}
