import { Dexie, type Table } from 'dexie';
import { deepEqual } from '../../../core/merge';
import type { Annotation, Article, SourceGrade, Tag } from '../../../core/model';
import {
  annotationProblem,
  documentId,
  kindOfId,
  recordDigest,
  travellingRecord,
  type SyncPage,
  type SyncRecord,
} from '../../../core/sync';
import type { ArticleMeta, GlossDB } from './db';
import { articleLengths, markSyncWrite, waitsInPlace } from './guard';
import { noteChanges } from './journal';
import { joinArticle, splitArticle } from './project-data';
import { fromProjectSet, toProjectSet, type AnnotatedSet } from './sets';
import { settleTwins } from './sync-twins';

/** What taking one page of a sync into the store did. */
export interface PageTaken {
  /**
   * Document ids left alone because the analyst changed the record while the sync ran: the local
   * change wins here and goes out with the next sync (against what the server now holds).
   */
  movedOn: string[];
  /** Annotations not taken in because their article is not here (or they lie outside it). */
  heldBack: string[];
  refused: { id: string; reason: string }[];
  /** Records written or removed (a record the store already holds as it is is not rewritten). */
  written: number;
  /**
   * Document ids changed here by settling twins (one text imported twice: `db/sync-twins.ts`):
   * the article that gave way removed, annotations moved onto the article kept. They go to the
   * server with the next sync, like an edit.
   */
  settled: string[];
  /** Articles that gave way to a twin in this page, each with the article kept for its text. */
  moved: [string, string][];
}

const keyOf = (id: string): string => id.slice(id.indexOf(':') + 1);

/**
 * Takes one page of what a sync brought into the store, in one bounded transaction through the
 * one write path (every record validated by the guard; the change feed then tells the views):
 * each record is written and each removed one deleted — unless the store no longer holds what it
 * held when the sync began (`page.was`): then the analyst changed it meanwhile, and it is left as
 * it is now and reported in `movedOn`, so nothing typed during a sync is lost. An annotation
 * whose article is not in the store (nor earlier in this sync: articles come first) is held back.
 * The imported originals stay: an article's `original` is kept from the store. Twins (one text
 * imported separately, which the store holds once) are settled onto one article first
 * (`sync-twins.ts`); what that changed is listed in `settled`, to go up with the next sync.
 */
export async function applySyncPage(db: GlossDB, page: SyncPage): Promise<PageTaken> {
  const taken: PageTaken = { movedOn: [], heldBack: [], refused: [], written: 0, settled: [], moved: [] };
  const work: { id: string; kind: SyncRecord['kind']; next: SyncRecord | null }[] = [
    ...page.records.map((r) => ({ id: documentId(r), kind: r.kind, next: r })),
    ...page.removed.flatMap((id) => {
      const kind = kindOfId(id);
      return kind ? [{ id, kind, next: null }] : [];
    }),
  ];
  if (work.length === 0) return taken;
  await db.transaction(
    'rw',
    [db.articles, db.bodies, db.annotations, db.sourceGrades, db.tags, db.sets, db.meta, db.journal],
    async () => {
      // What the team database holds, taken in: the change feed says so (no edit to send back),
      // and the sync journal notes none of it (the replica stands for it).
      markSyncWrite();
      // An annotation the store held nothing of when the sync began (`was` null: a colleague's new
      // one, all of a first sync's) is not looked up: it is added, and the store refuses the add
      // alone where it holds the key after all (written here meanwhile) — read and sorted out then.
      // Asking IndexedDB first costs a request per key (a first sync's pages fill a range the
      // store already holds densely, so one key-range read cannot answer for them).
      const unread = work.map(
        ({ id, kind, next }) => kind === 'annotation' && next !== null && (page.was[id] ?? null) === null,
      );
      const currents = await readRecords(
        db,
        work.filter((_, i) => !unread[i]),
      ).then((read) => {
        let at = 0;
        return work.map((_, i) => (unread[i] ? undefined : read[at++]));
      });
      // WebCrypto is not IndexedDB: Dexie.waitFor keeps the transaction open meanwhile.
      const digests = await Dexie.waitFor(
        Promise.all(
          work.map(({ kind }, i) =>
            currents[i] === undefined
              ? null
              : recordDigest(travellingRecord({ kind, record: currents[i] } as SyncRecord)),
          ),
        ),
      );
      // Twins (one text imported separately by two analysts) settle onto one article.
      const twins = await settleTwins(db, work, currents);
      const nexts = work.map(({ id, next }) => twins.replace.get(id) ?? next);
      // The lengths of the articles the page's annotations point into: this page's, else the store's.
      const lengths = new Map<string, number | undefined>();
      for (const [i, next] of nexts.entries())
        if (next?.kind === 'article' && !twins.drop.has(work[i]!.id))
          lengths.set(next.record.id, next.record.text.length);
      const wanted = [
        ...new Set(
          nexts.flatMap((next) =>
            next?.kind === 'annotation' && !lengths.has(next.record.articleId) ? [next.record.articleId] : [],
          ),
        ),
      ];
      // As the guard will check them: remembered across pages while no article changed.
      for (const [id, chars] of await articleLengths(wanted)) lengths.set(id, chars ?? undefined);
      const puts: SyncRecord[] = [...twins.puts];
      /** Annotations not looked up (`unread`): added, each refused alone if the store holds it. */
      const adds: { id: string; record: Annotation }[] = [];
      const removals: { kind: SyncRecord['kind']; key: string }[] = twins.removeArticles.map((key) => ({
        kind: 'article',
        key,
      }));
      for (const [i, { id, kind }] of work.entries()) {
        const next = nexts[i] ?? null;
        const current = currents[i];
        const now = digests[i] ?? null;
        // A twin that gives way is not taken in (its annotations moved onto the article kept).
        if (twins.drop.has(id)) continue;
        const same =
          next !== null && current !== undefined && deepEqual(stripOriginal(current), travellingRecord(next));
        if (now !== (page.was[id] ?? null) && !same) {
          taken.movedOn.push(id);
          continue;
        }
        if (!next) {
          if (current !== undefined) removals.push({ kind, key: keyOf(id) });
          continue;
        }
        if (same) continue;
        if (next.kind === 'annotation') {
          // As the guard: one that waits for its article's twin takes a colleague's edit.
          const waits =
            lengths.get(next.record.articleId) === undefined &&
            waitsInPlace(next.record, current as Annotation | undefined);
          const problem = waits
            ? undefined
            : annotationProblem(next.record, lengths.get(next.record.articleId));
          if (problem) {
            taken.heldBack.push(id);
            taken.refused.push({ id, reason: problem });
            continue;
          }
        }
        if (unread[i] && next.kind === 'annotation') {
          adds.push({ id, record: next.record });
          continue;
        }
        const original = next.kind === 'article' ? (current as Article | undefined)?.original : undefined;
        puts.push(
          original && next.kind === 'article'
            ? { kind: 'article', record: { ...next.record, original } }
            : next,
        );
      }
      // Removals first: an article kept for its text may replace a twin that gives way here (the
      // store holds one text once).
      await removeRecords(db, removals);
      await writeRecords(db, puts);
      const held = await addAnnotations(db, adds);
      const heldNow = await db.annotations.bulkGet(held.map((h) => h.record.id));
      // Written here meanwhile: as it came in (nothing to do), else the analyst's change, kept.
      held.forEach(({ id, record }, i) => {
        if (!deepEqual(heldNow[i], record)) taken.movedOn.push(id);
      });
      // Only what the store took: a record held back or left as the analyst changed it is not sent.
      const notTaken = new Set([...taken.heldBack, ...taken.movedOn]);
      taken.settled = twins.settled.filter((id) => !notTaken.has(id));
      taken.moved = twins.moved;
      // The settlement is this store's change to send: journalled with the write, so that a
      // window closed before the cycle lands still sends it after a restart.
      await noteChanges(db, taken.settled);
      taken.written = puts.length + removals.length + adds.length - held.length;
    },
  );
  return taken;
}

const stripOriginal = (record: unknown): unknown => {
  if (!record || typeof record !== 'object' || !('original' in record)) return record;
  const { original: _original, ...rest } = record as Article;
  return rest;
};

/** The table holding each kind's own rows (an article's details; its body is in `bodies`). */
const ROW_TABLE = {
  article: 'articles',
  annotation: 'annotations',
  grade: 'sourceGrades',
  tag: 'tags',
  set: 'sets',
} as const satisfies Record<SyncRecord['kind'], string>;

/** The record the store holds for a document of `kind` (undefined: none), as sync reads it. */
export async function readRecord(db: GlossDB, kind: SyncRecord['kind'], key: string): Promise<unknown> {
  const row: unknown = await db.table(ROW_TABLE[kind]).get(key);
  return row === undefined ? undefined : recordOfRow(db, kind, key, row);
}

/**
 * The record a row of its kind's own table stands for, as {@link readRecord} reads it: an
 * article's details joined with its body as the store holds it now (throws without one), a set in
 * the project's form. Also for a journal row's `base` (a row as it was).
 */
export async function recordOfRow(
  db: GlossDB,
  kind: SyncRecord['kind'],
  key: string,
  row: unknown,
): Promise<unknown> {
  switch (kind) {
    case 'article':
      return joinArticle(row as ArticleMeta, await db.bodies.get(key));
    case 'set':
      return toProjectSet(row as AnnotatedSet);
    default:
      return row;
  }
}

/** The store's records for a page's documents, in order (undefined: not held), in one read per table. */
async function readRecords(
  db: GlossDB,
  work: readonly { id: string; kind: SyncRecord['kind'] }[],
): Promise<unknown[]> {
  const keys = (kind: SyncRecord['kind']) => work.filter((w) => w.kind === kind).map((w) => keyOf(w.id));
  const articleKeys = keys('article');
  const [metas, bodies, annotations, grades, tags, sets] = await Promise.all([
    heldOf(db.articles, articleKeys),
    heldOf(db.bodies, articleKeys),
    heldOf(db.annotations, keys('annotation')),
    heldOf(db.sourceGrades, keys('grade')),
    heldOf(db.tags, keys('tag')),
    heldOf(db.sets, keys('set')),
  ]);
  const read: Record<SyncRecord['kind'], unknown[]> = {
    article: metas.map((m, i) => (m ? joinArticle(m, bodies[i]) : undefined)),
    annotation: annotations,
    grade: grades,
    tag: tags,
    set: sets.map((set) => (set ? toProjectSet(set) : undefined)),
  };
  const at: Record<SyncRecord['kind'], number> = { article: 0, annotation: 0, grade: 0, tag: 0, set: 0 };
  return work.map((w) => read[w.kind][at[w.kind]++]);
}

/**
 * The records of `table` under `keys`, in order (undefined: not held). A page of a first sync
 * asks for 1,000 keys the store mostly does not hold, and IndexedDB answers a `get` per key
 * (150 ms a page in Chromium): a page's keys are consecutive in id order, so one `getAllKeys`
 * over their range says which of them are held, and only those are read. Where the range holds
 * far more keys than the page (a few changes spread over a large store), each key is read.
 */
async function heldOf<T>(table: Table<T, string>, keys: string[]): Promise<(T | undefined)[]> {
  if (keys.length < 64) return table.bulkGet(keys);
  const sorted = [...keys].sort();
  const limit = keys.length * 4;
  const inRange = await table
    .where(':id')
    .between(sorted[0]!, sorted.at(-1)!, true, true)
    .limit(limit + 1)
    .primaryKeys();
  if (inRange.length > limit) return table.bulkGet(keys);
  const held = new Set(inRange as string[]);
  const wanted = keys.filter((k) => held.has(k));
  const read = new Map((await table.bulkGet(wanted)).map((v, i) => [wanted[i]!, v]));
  return keys.map((k) => read.get(k));
}

/** Writes records, one bulk write per table. */
async function writeRecords(db: GlossDB, records: readonly SyncRecord[]): Promise<void> {
  const articles: Article[] = [];
  const annotations: Annotation[] = [];
  const grades: SourceGrade[] = [];
  const tags: Tag[] = [];
  const sets: AnnotatedSet[] = [];
  for (const r of records) {
    if (r.kind === 'article') articles.push(r.record);
    else if (r.kind === 'annotation') annotations.push(r.record);
    else if (r.kind === 'grade') grades.push(r.record);
    else if (r.kind === 'tag') tags.push(r.record);
    else {
      // A set the sidebar cannot list (another tool's filter) is not taken in by sync.
      const set = fromProjectSet(r.record);
      if (set) sets.push(set);
    }
  }
  const split = articles.map(splitArticle);
  if (split.length) {
    await db.articles.bulkPut(split.map((x) => x.meta));
    await db.bodies.bulkPut(split.map((x) => x.body));
  }
  if (annotations.length) await db.annotations.bulkPut(annotations);
  if (grades.length) await db.sourceGrades.bulkPut(grades);
  if (tags.length) await db.tags.bulkPut(tags);
  if (sets.length) await db.sets.bulkPut(sets);
}

/**
 * Adds annotations the store is not expected to hold, in one bulk write; returns those it
 * refused because it holds their key (nothing else is caught: any other failure fails the page).
 */
async function addAnnotations<T extends { record: Annotation }>(
  db: GlossDB,
  adds: readonly T[],
): Promise<T[]> {
  if (adds.length === 0) return [];
  try {
    await db.annotations.bulkAdd(adds.map((a) => a.record));
    return [];
  } catch (err) {
    if (!(err instanceof Dexie.BulkError)) throw err;
    const byPos = err.failuresByPos as Record<number, Error>;
    const held: T[] = [];
    for (const [pos, failure] of Object.entries(byPos)) {
      if (failure.name !== 'ConstraintError') throw failure;
      held.push(adds[Number(pos)]!);
    }
    return held;
  }
}

/** Removes records, one bulk deletion per table. */
async function removeRecords(
  db: GlossDB,
  removals: readonly { kind: SyncRecord['kind']; key: string }[],
): Promise<void> {
  const keys = (kind: SyncRecord['kind']) => removals.filter((r) => r.kind === kind).map((r) => r.key);
  const articles = keys('article');
  if (articles.length) {
    await db.articles.bulkDelete(articles);
    await db.bodies.bulkDelete(articles);
  }
  for (const [kind, table] of [
    ['annotation', db.annotations],
    ['grade', db.sourceGrades],
    ['tag', db.tags],
    ['set', db.sets],
  ] as const) {
    const k = keys(kind);
    if (k.length) await (table as { bulkDelete(keys: string[]): Promise<void> }).bulkDelete(k);
  }
}
