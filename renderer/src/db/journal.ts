import { z } from 'zod';
import type { SyncKind } from '../../../core/sync';
import type { GlossDB } from './db';

/**
 * The sync journal (table `journal`, schema v8): which records changed in the store since the
 * last team-sync cycle that landed, so that the first cycle after an app start sends just those
 * instead of comparing the whole store with the replica (a digest per record: minutes at 50,000
 * articles / 1,000,000 annotations).
 *
 * - The store's guard (`guard.ts`) writes it, **in the same transaction as the change**: every
 *   read-write transaction that touches a synced table has the journal added to its scope, and
 *   each record it writes or deletes leaves one row `{id: "<kind>:<key>", stamp}` (one stamp per
 *   transaction). Workers open the same `GlossDB`, so their writes (Open, merge, import) are
 *   journalled alike. The sync's own writes (`applySyncPage`) are not: the replica already
 *   stands for them.
 * - It is written **only while a team sync is configured**: the control row (key `''`) names the
 *   team database; without it the guard writes nothing, and disconnecting (or starting with no
 *   saved connection) empties the table. So it never grows for a profile that does not sync, and
 *   while syncing it holds at most one row per record.
 * - A row is removed only once the cycle that took it has landed in the replica, and only if no
 *   write came after the take (its stamp is still the one taken): an edit made while the app was
 *   closed mid-cycle, or while offline, stays until a cycle sends it.
 * - `full` in the control row asks the next cycle to compare everything: set on a new connection
 *   (edits made while nothing journalled are unknown), and by a transaction that clears a synced
 *   table (opening a project or restoring a backup replaces the store: one request instead of a
 *   row per record). It is a stamp, cleared only by the landing of a cycle that took that stamp.
 * - `articles` in the control row is a fresh stamp from every transaction that writes or deletes
 *   an article: while a connection finds the stamp it last saw, the article lengths it checked
 *   annotations against still hold (the guard's `KnownLengths`).
 * - A row keeps, as `base`, the record as the store held it before the first change since the
 *   last landing (a write that replaces a record: an article's details, an annotation, a grade, a
 *   tag, a set): the revision the replica remembers for it. The cycle writes it into the replica
 *   at that revision before staging the change as its child, so that the common ancestor of a
 *   conflict is at hand even when the replica holds no bodies (a first sync's records) and the
 *   server has compacted that revision's body away (`bases` in core/sync).
 */

/** The store's tables whose records travel, and the kind of document each becomes. */
export const SYNCED_TABLES = {
  articles: 'article',
  bodies: 'article',
  annotations: 'annotation',
  sourceGrades: 'grade',
  tags: 'tag',
  sets: 'set',
} as const satisfies Record<string, SyncKind>;
export type SyncedTable = keyof typeof SYNCED_TABLES;

export const isSyncedTable = (name: string): name is SyncedTable => Object.hasOwn(SYNCED_TABLES, name);

/** The control row's key (no document id is empty). */
export const JOURNAL_CONTROL = '';

/** The control row: which team database the journal is kept for, and a pending full comparison. */
export interface JournalControl {
  id: typeof JOURNAL_CONTROL;
  url: string;
  /** The stamp of the latest request for a full comparison, null when none is pending. */
  full: string | null;
  /**
   * A fresh stamp each time a transaction writes or deletes an article (set by the guard), so
   * that a connection knows whether the article lengths it remembers still hold (`guard.ts`).
   */
  articles?: string;
}

/** One record changed since the last cycle that landed. */
export interface JournalEntry {
  /** The document id: `<kind>:<key>`. */
  id: string;
  /** The stamp of the transaction that wrote it last. */
  stamp: string;
  /**
   * The row of the record's own table (an article's details, without its body) as it was before
   * the first change since the last landing; absent where the record is new since, or was first
   * removed or re-added.
   */
  base?: unknown;
}

/**
 * Tables whose rows a journal row keeps as its `base`. Not `bodies`: an article's text does not
 * change once imported, and its imported original is large (an article's base is joined with the
 * body as it is; were that changed, the base's digest would not match and go unused).
 */
export const BASE_TABLES: ReadonlySet<SyncedTable> = new Set([
  'articles',
  'annotations',
  'sourceGrades',
  'tags',
  'sets',
]);

export type JournalRow = JournalControl | JournalEntry;

const JournalControlSchema = z.strictObject({
  id: z.literal(JOURNAL_CONTROL),
  url: z.string().min(1),
  full: z.string().min(1).nullable(),
  articles: z.string().min(1).optional(),
});
const JournalEntrySchema = z.strictObject({
  id: z.string().regex(/^(article|annotation|grade|tag|set):./),
  stamp: z.string().min(1),
  base: z.record(z.string(), z.unknown()).optional(),
});
/** What the guard accepts in the journal table. */
export const JournalRowSchema = z.union([JournalControlSchema, JournalEntrySchema]);

/** A fresh stamp (one per journalling transaction). */
export const newStamp = (): string => crypto.randomUUID();

/** What one cycle took from the journal. */
export interface JournalTake {
  /** The whole store must be compared (a new connection, a replaced store, an untrusted journal). */
  full: boolean;
  /** The stamp of the full request taken (cleared on landing if still the latest). */
  fullStamp: string | null;
  /** The records changed, with the stamps they had when taken. */
  entries: JournalEntry[];
}

/** The control row, if the journal is on and readable. */
export async function readControl(db: GlossDB): Promise<JournalControl | null> {
  const row = await db.journal.get(JOURNAL_CONTROL);
  const checked = JournalControlSchema.safeParse(row);
  return checked.success ? checked.data : null;
}

/**
 * Turns the journal on for `url`. With `trust`, a journal already kept for that database is kept
 * as it is (the app started again); otherwise — a new connection, or a journal kept for another
 * database or by a Gloss that had none — the next cycle compares the whole store. Says which.
 */
export async function startJournal(db: GlossDB, url: string, trust: boolean): Promise<'journal' | 'full'> {
  return db.transaction('rw', db.journal, async () => {
    const control = await readControl(db);
    if (trust && control?.url === url) return control.full ? 'full' : 'journal';
    if (control?.url !== url) await db.journal.clear();
    await db.journal.put({ id: JOURNAL_CONTROL, url, full: newStamp() });
    return 'full';
  });
}

/** Turns the journal off and empties it (no team sync is configured). */
export async function stopJournal(db: GlossDB): Promise<void> {
  if ((await db.journal.limit(1).count()) === 0) return;
  await db.journal.clear();
}

/** Asks the next cycle to compare the whole store (e.g. the replica turned out to be empty). */
export async function requestFull(db: GlossDB): Promise<void> {
  await db.transaction('rw', db.journal, async () => {
    const control = await readControl(db);
    if (control) await db.journal.put({ ...control, full: newStamp() });
  });
}

/** What changed since the last cycle that landed: read, not removed (see {@link landJournal}). */
export async function takeJournal(db: GlossDB): Promise<JournalTake> {
  return db.transaction('r', db.journal, async () => {
    const control = await readControl(db);
    const entries: JournalEntry[] = [];
    await db.journal.each((row) => {
      if (row.id !== JOURNAL_CONTROL) entries.push(row as JournalEntry);
    });
    // No readable control row: nothing says what the store did meanwhile.
    if (!control) return { full: true, fullStamp: null, entries };
    return { full: control.full !== null, fullStamp: control.full, entries };
  });
}

/**
 * A cycle that took `taken` has landed in the replica: its rows go, except those written again
 * since (their stamp moved on); `also` (records the analyst changed while it ran) are journalled
 * afresh. One transaction.
 */
export async function landJournal(db: GlossDB, taken: JournalTake, also: readonly string[]): Promise<void> {
  await db.transaction('rw', db.journal, async () => {
    const control = await readControl(db);
    if (!control) return;
    const ids = taken.entries.map((e) => e.id);
    const now = (await db.journal.bulkGet(ids)) as (JournalEntry | undefined)[];
    const gone = ids.filter((_, i) => now[i]?.stamp === taken.entries[i]!.stamp);
    await db.journal.bulkDelete(gone);
    await noteAfresh(db, also);
    if (taken.full && control.full === taken.fullStamp) await db.journal.put({ ...control, full: null });
  });
}

/**
 * Journals `ids` in the transaction under way (which must include the journal), when the journal
 * is on: changes the sync itself made that must go up (twins settled while taking a page in).
 */
export async function noteChanges(db: GlossDB, ids: readonly string[]): Promise<void> {
  if (ids.length === 0 || !(await readControl(db))) return;
  await noteAfresh(db, ids);
}

/** Journals `ids` with a fresh stamp, each keeping the `base` its row had. */
async function noteAfresh(db: GlossDB, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const stamp = newStamp();
  const rows = (await db.journal.bulkGet([...ids])) as (JournalEntry | undefined)[];
  await db.journal.bulkPut(
    ids.map((id, i) => {
      const base = rows[i]?.base;
      return base === undefined ? { id, stamp } : { id, stamp, base };
    }),
  );
}
