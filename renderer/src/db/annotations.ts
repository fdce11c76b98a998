import { deepEqual, moveOntoTwins } from '../../../core/merge';
import {
  stampEdit,
  tagColour,
  type Annotation,
  type Analyst,
  type Reliability,
  type SourceGrade,
  type Tag,
} from '../../../core/model';
import { onStoreChange, setWriter } from './changes';
import { getMeta, putMeta, type GlossDB, type HistoryEntry } from './db';

/** How many undo steps are kept (across reloads). */
export const MAX_HISTORY = 100;

/** The live (not deleted) annotations of an article. */
export async function listAnnotations(db: GlossDB, articleId: string): Promise<Annotation[]> {
  const all = await db.annotations.where('articleId').equals(articleId).toArray();
  return all.filter((a) => a.deletedAt === null);
}

async function record(db: GlossDB, entry: Omit<HistoryEntry, 'undone' | 'at'>): Promise<void> {
  // A new change discards whatever could have been redone. Undone steps are always the newest
  // ones, so when the newest is not undone there is nothing to discard (the common case: no scan).
  const newest = await db.history.orderBy('seq').last();
  if (newest?.undone) await db.history.filter((h) => h.undone).delete();
  await db.history.add({ ...entry, at: new Date().toISOString(), undone: false });
  const count = await db.history.count();
  if (count > MAX_HISTORY) {
    const oldest = await db.history
      .orderBy('seq')
      .limit(count - MAX_HISTORY)
      .primaryKeys();
    await db.history.bulkDelete(oldest);
  }
}

/** Stores new annotations as one undoable step, in one transaction. */
export async function createAnnotations(
  db: GlossDB,
  created: Annotation[],
  label = 'Create annotation',
): Promise<void> {
  const changes = created.map((after) => ({ before: null, after }));
  await db.transaction('rw', db.articles, db.annotations, db.history, async () => {
    await db.annotations.bulkAdd(created);
    await record(db, { label, changes });
  });
}

export type AnnotationPatch = Partial<
  Pick<
    Annotation,
    | 'kind'
    | 'stance'
    | 'note'
    | 'tags'
    | 'attribution'
    | 'attributionSource'
    | 'credibility'
    | 'figure'
    | 'selectors'
  >
>;

/**
 * Changes some fields of annotations as one undoable step. Returns the updated records;
 * annotations that are gone, or that the patch would not change, are skipped. A patch may be
 * computed per annotation (adding tags to each one's own).
 */
export async function updateAnnotations(
  db: GlossDB,
  ids: string[],
  patch: AnnotationPatch | ((before: Annotation) => AnnotationPatch),
  label = 'Edit annotation',
): Promise<Annotation[]> {
  const changes: HistoryEntry['changes'] = [];
  const by = await currentAnalyst(db);
  await db.transaction('rw', db.articles, db.annotations, db.history, async () => {
    const now = new Date().toISOString();
    for (const before of await db.annotations.bulkGet(ids)) {
      if (!before || before.deletedAt) continue;
      const after = { ...before, ...(typeof patch === 'function' ? patch(before) : patch) };
      if (JSON.stringify(after) === JSON.stringify(before)) continue;
      changes.push({ before, after: stampEdit(before, after, by, now) });
    }
    if (changes.length === 0) return;
    await db.annotations.bulkPut(changes.map((c) => c.after!));
    await record(db, { label, changes });
  });
  return changes.map((c) => c.after!);
}

/** Deletes annotations (keeping tombstones, so deletions survive a merge) as one undoable step. */
export async function deleteAnnotations(
  db: GlossDB,
  ids: string[],
  label = 'Delete annotation',
): Promise<void> {
  const changes: HistoryEntry['changes'] = [];
  const { id, name } = await currentAnalyst(db);
  await db.transaction('rw', db.articles, db.annotations, db.history, async () => {
    const now = new Date().toISOString();
    for (const before of await db.annotations.bulkGet(ids)) {
      if (!before || before.deletedAt) continue;
      changes.push({ before, after: { ...before, deletedAt: now, updatedAt: now, updatedBy: { id, name } } });
    }
    if (changes.length === 0) return;
    await db.annotations.bulkPut(changes.map((c) => c.after!));
    await record(db, { label, changes });
  });
}

/**
 * Puts back the states of one step. A step made before team sync settled its article onto a
 * twin (the same text imported by a colleague: `db/sync-twins.ts`) still names the article that
 * gave way, which is no longer here; the annotation lives on the article kept now, so each state
 * is moved there by the remembered settlements (`meta.twins`), with the same move as the sync's.
 */
async function applyStates(db: GlossDB, states: { id: string; value: Annotation | null }[]): Promise<void> {
  const twins = new Map(await getMeta(db, 'twins'));
  const values = states.flatMap((s) => (s.value ? [s.value] : []));
  const moved = new Map(twins.size ? moveOntoTwins(values, twins).map((a) => [a.id, a]) : []);
  for (const { id, value } of states) {
    if (value) await db.annotations.put(moved.get(value.id) ?? value);
    else await db.annotations.delete(id);
  }
}

const idOf = (c: HistoryEntry['changes'][number]): string => (c.before ?? c.after)!.id;

/**
 * Thrown (and failing the undo or redo, which changes nothing) when a colleague changed or deleted
 * an annotation of the step since it was made or undone (their change came through Team Sync or a
 * merge): putting the step's state back would silently discard theirs.
 */
export class HistoryChangedError extends Error {
  override readonly name = 'HistoryChangedError';
  constructor(
    message: string,
    readonly annotationId: string,
    /** Who changed it since. */
    readonly by: Analyst,
    readonly deleted: boolean,
  ) {
    super(message);
  }
}

/**
 * Refuses ({@link HistoryChangedError}) when an annotation of the step is no longer as the step
 * left it (`expected`) and the analyst who changed it last is someone else: a colleague's change
 * since. The analyst's own changes outside the history (a restored passage re-anchors the
 * annotations on it) and twin moves (only `articleId`) do not count.
 */
async function assertUnchangedSince(
  db: GlossDB,
  expected: { id: string; value: Annotation | null }[],
): Promise<void> {
  const me = (await getMeta(db, 'analyst'))?.id;
  const currents = await db.annotations.bulkGet(expected.map((e) => e.id));
  for (const [i, { value }] of expected.entries()) {
    const now = currents[i];
    if (!now || !value || now.updatedBy.id === me) continue;
    if (deepEqual({ ...now, articleId: '' }, { ...value, articleId: '' })) continue;
    const deleted = now.deletedAt !== null && value.deletedAt === null;
    throw new HistoryChangedError(
      `This annotation (${now.id}) was ${deleted ? 'deleted' : 'changed'} by ${now.updatedBy.name || 'a colleague'} (${now.updatedBy.id}) at ${now.updatedAt}, after this step; putting the step back would discard that.`,
      now.id,
      now.updatedBy,
      deleted,
    );
  }
}

/** The step undo (the latest not undone) or redo (the earliest undone) would take next. */
function nextStep(db: GlossDB, which: 'undo' | 'redo'): Promise<HistoryEntry | undefined> {
  return which === 'undo'
    ? db.history
        .orderBy('seq')
        .reverse()
        .filter((h) => !h.undone)
        .first()
    : db.history
        .orderBy('seq')
        .filter((h) => h.undone)
        .first();
}

/** The step undo or redo would take next: its place in the history and its label (null: none). */
export async function peekStep(
  db: GlossDB,
  which: 'undo' | 'redo',
): Promise<{ seq: number; label: string } | null> {
  const entry = await nextStep(db, which);
  return entry ? { seq: entry.seq!, label: entry.label } : null;
}

/**
 * Drops the step `seq` from the history without carrying it out, when it is still the one undo
 * (or redo) would take next: for a step the library can no longer put back (its article was
 * removed since, its passage is no longer in the article's text…: `history-refusal.ts`), so that
 * the steps beyond it can be reached. Nothing else changes. Resolves to its label, or null when
 * it is no longer next (a step made meanwhile is never dropped instead).
 */
export async function skipStep(db: GlossDB, which: 'undo' | 'redo', seq: number): Promise<string | null> {
  return db.transaction('rw', db.history, async () => {
    const entry = await nextStep(db, which);
    if (entry?.seq !== seq) return null;
    await db.history.delete(seq);
    return entry.label;
  });
}

/** Undoes the latest step; resolves to its label, or null when there is nothing to undo. */
export async function undo(db: GlossDB): Promise<{ label: string; ids: string[] } | null> {
  const done = await db.transaction('rw', db.articles, db.annotations, db.history, db.meta, async () => {
    const entry = await nextStep(db, 'undo');
    if (!entry) return null;
    await assertUnchangedSince(
      db,
      entry.changes.map((c) => ({ id: idOf(c), value: c.after })),
    );
    await applyStates(
      db,
      entry.changes.map((c) => ({ id: idOf(c), value: c.before })),
    );
    await db.history.update(entry.seq!, { undone: true });
    return { label: entry.label, ids: entry.changes.map(idOf) };
  });
  return done;
}

/** Redoes the step undone last; resolves to its label, or null when there is nothing to redo. */
export async function redo(db: GlossDB): Promise<{ label: string; ids: string[] } | null> {
  const done = await db.transaction('rw', db.articles, db.annotations, db.history, db.meta, async () => {
    const entry = await nextStep(db, 'redo');
    if (!entry) return null;
    await assertUnchangedSince(
      db,
      entry.changes.map((c) => ({ id: idOf(c), value: c.before })),
    );
    await applyStates(
      db,
      entry.changes.map((c) => ({ id: idOf(c), value: c.after })),
    );
    await db.history.update(entry.seq!, { undone: false });
    return { label: entry.label, ids: entry.changes.map(idOf) };
  });
  return done;
}

/** What undo and redo would do now (for menus and tooltips). */
export async function historyState(db: GlossDB): Promise<{ undo: string | null; redo: string | null }> {
  const all = await db.history.orderBy('seq').toArray();
  const lastDone = [...all].reverse().find((h) => !h.undone);
  const firstUndone = all.find((h) => h.undone);
  return { undo: lastDone?.label ?? null, redo: firstUndone?.label ?? null };
}

const analystCache = new WeakMap<GlossDB, Promise<Analyst>>();
const watched = new WeakSet<GlossDB>();

/**
 * The analyst stamped on new annotations; made once per profile. Kept in memory (creating an
 * annotation must not wait for a read-write transaction); any write to `meta` through this
 * database forgets it, so a renamed analyst is seen at once.
 */
export function currentAnalyst(db: GlossDB): Promise<Analyst> {
  if (!watched.has(db)) {
    watched.add(db);
    onStoreChange(db, (change) => {
      if (change.keys.meta?.includes('analyst')) analystCache.delete(db);
    });
  }
  let cached = analystCache.get(db);
  if (!cached) {
    cached = readAnalyst(db);
    cached.then(
      (analyst) => setWriter(db, analyst),
      () => analystCache.delete(db),
    );
    analystCache.set(db, cached);
  }
  return cached;
}

async function readAnalyst(db: GlossDB): Promise<Analyst> {
  const known = await getMeta(db, 'analyst');
  if (known) return known;
  return db.transaction('rw', db.meta, async () => {
    const stored = await getMeta(db, 'analyst');
    if (stored) return stored;
    const analyst: Analyst = { id: crypto.randomUUID(), name: '' };
    await putMeta(db, 'analyst', analyst);
    return analyst;
  });
}

export function getSourceGrade(db: GlossDB, source: string): Promise<SourceGrade | undefined> {
  return db.sourceGrades.get(source);
}

/** Sets (or, with null, clears) the Admiralty reliability grade of a source. */
export async function setSourceGrade(
  db: GlossDB,
  source: string,
  reliability: Reliability | null,
): Promise<void> {
  if (reliability === null) await db.sourceGrades.delete(source);
  else {
    const { id, name } = await currentAnalyst(db);
    await db.transaction('rw', db.sourceGrades, async () => {
      const prior = await db.sourceGrades.get(source);
      await db.sourceGrades.put({
        source,
        reliability,
        note: prior?.note ?? '',
        updatedAt: new Date().toISOString(),
        updatedBy: { id, name },
      });
    });
  }
}

/** The tag vocabulary; tags used on annotations join it with a colour of their own. */
export async function ensureTags(db: GlossDB, names: string[]): Promise<void> {
  await db.transaction('rw', db.tags, async () => {
    const count = await db.tags.count();
    let i = count;
    for (const name of names) {
      if (await db.tags.get(name)) continue;
      const tag: Tag = { name, color: tagColour(i++) };
      await db.tags.add(tag);
    }
  });
}
