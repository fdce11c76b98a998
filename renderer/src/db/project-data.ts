import type { Analyst, Annotation, AnnotationSet, Article } from '../../../core/model';
import { applyMerge, type MergePlan, type MergeResolutions } from '../../../core/merge';
import { GLOSS_APP, PROJECT_TYPE, PROJECT_VERSION, type ProjectDocument } from '../../../core/project';
import { sha256Hex } from '../../../core/hash';
import {
  getMeta,
  putMeta,
  type ArticleBody,
  type ArticleMeta,
  type GlossDB,
  type MergeUndo,
  type ProjectMeta,
} from './db';
import { fromProjectSet, toProjectSet, type AnnotatedSet } from './sets';

/** `meta` key of the project's own facts: its name and the colleagues merged so far. */
export const PROJECT_META_KEY = 'project';
/**
 * `meta` key of the sets read from project files that the library sidebar cannot list (dynamic
 * sets of another tool's filter), kept so that they survive a round trip.
 */
export const SETS_META_KEY = 'sets';
/** `meta` key of the project's remembered REFI-QDA code mapping (saved as `envelope.refiCodeMapping`). */
export const REFI_MAPPING_META_KEY = 'refiMapping';
/** The name a project has until it is given one. */
export const DEFAULT_PROJECT_NAME = 'Gloss project';

/** The message of a merge refused because the store changed after its preview. */
export const STORE_CHANGED_MESSAGE =
  'The library changed while the merge preview was open; nothing was merged. Open the file again to see a fresh preview.';

export type { ProjectMeta } from './db';
export { partialOf } from '../../../core/merge';

/** Thrown when the store changed between a merge preview and its application. */
export class StoreChangedError extends Error {
  override readonly name = 'StoreChangedError';
}

export function joinArticle(meta: ArticleMeta, body: ArticleBody | undefined): Article {
  const { chars: _chars, ...rest } = meta;
  if (!body) throw new Error(`The text of the article “${meta.title}” is missing from the library.`);
  const { id: _id, ...content } = body;
  return { ...rest, ...content } as Article;
}

export function splitArticle(article: Article): { meta: ArticleMeta; body: ArticleBody } {
  const { text, blocks, removed, footnotes, original, ...rest } = article;
  const body: ArticleBody = { id: article.id, text, blocks, removed };
  if (footnotes) body.footnotes = footnotes;
  if (original) body.original = original;
  return { meta: { ...rest, chars: text.length }, body };
}

const ALL_TABLES = (db: GlossDB) => [
  db.articles,
  db.bodies,
  db.annotations,
  db.sourceGrades,
  db.tags,
  db.meta,
  db.history,
  db.sets,
];

/**
 * Marks a partial project's envelope (a field the format keeps as unknown): the file holds one
 * set and only what it needs, so merging it must not count as an exchange of the whole library.
 */
export interface PartialMark {
  set: { id: string; name: string };
}

/** The sidebar's sets and the kept foreign ones, as the project file lists them. */
function projectSets(tableSets: AnnotatedSet[], kept: AnnotationSet[] | undefined): AnnotationSet[] {
  const listed = new Set(tableSets.map((s) => s.id));
  return [...(kept ?? []).filter((s) => !listed.has(s.id)), ...tableSets.map(toProjectSet)];
}

/** Sets of a project file, split into those the sidebar lists and those only kept. */
function splitSets(sets: AnnotationSet[]): { table: AnnotatedSet[]; kept: AnnotationSet[] } {
  const table: AnnotatedSet[] = [];
  const kept: AnnotationSet[] = [];
  for (const s of sets) {
    const converted = fromProjectSet(s);
    if (converted) table.push(converted);
    else kept.push(s);
  }
  return { table, kept };
}

/**
 * The whole store as a project document, read in one transaction: articles (metadata and body),
 * annotations including tombstones, source grades, the tag vocabulary, the sets (the sidebar's
 * and those kept from project files), and the
 * project's name and merge history. `analyst` owns the envelope.
 */
export async function readProjectDocument(
  db: GlossDB,
  analyst: Analyst,
  savedAt = new Date().toISOString(),
): Promise<ProjectDocument> {
  return db.transaction(
    'r',
    [db.articles, db.bodies, db.annotations, db.sourceGrades, db.tags, db.meta, db.sets],
    async () => {
      const [metas, bodies, annotations, sourceGrades, tags, project, kept, tableSets] = await Promise.all([
        db.articles.orderBy('importedAt').toArray(),
        db.bodies.toArray(),
        db.annotations.toArray(),
        db.sourceGrades.toArray(),
        db.tags.toArray(),
        getMeta(db, PROJECT_META_KEY),
        getMeta(db, SETS_META_KEY),
        db.sets.toArray(),
      ]);
      const refiCodeMapping = await getMeta(db, REFI_MAPPING_META_KEY);
      const bodyById = new Map(bodies.map((b) => [b.id, b]));
      const info = project;
      const syncs = info?.syncs ?? [];
      return {
        envelope: {
          type: PROJECT_TYPE,
          version: PROJECT_VERSION,
          app: { ...GLOSS_APP },
          savedAt,
          analyst,
          name: info?.name || DEFAULT_PROJECT_NAME,
          ...(syncs.length ? { syncs } : {}),
          ...(refiCodeMapping && Object.keys(refiCodeMapping).length ? { refiCodeMapping } : {}),
        },
        articles: metas.map((m) => joinArticle(m, bodyById.get(m.id))),
        annotations,
        sourceGrades,
        tags,
        sets: projectSets(tableSets, kept),
      };
    },
  );
}

/**
 * One set as a project document of its own (a partial project), read in one transaction: the
 * live annotations among `annotationIds` (the set's members now; tombstones are left out, see
 * docs/project-format.md), only the articles they are on, the grades of those articles'
 * sources, the whole tag vocabulary, and the set itself (a pinned set listing only what the file
 * holds). The envelope is the usual one, named after the set and marked `partial`.
 */
export async function readSetProjectDocument(
  db: GlossDB,
  analyst: Analyst,
  set: AnnotatedSet,
  annotationIds: readonly string[],
  savedAt = new Date().toISOString(),
): Promise<ProjectDocument> {
  return db.transaction(
    'r',
    [db.articles, db.bodies, db.annotations, db.sourceGrades, db.tags, db.meta],
    async () => {
      const found = await db.annotations.bulkGet([...new Set(annotationIds)]);
      const annotations = found.filter((a): a is Annotation => !!a && a.deletedAt === null);
      const articleIds = [...new Set(annotations.map((a) => a.articleId))];
      const [metas, bodies, tags, project] = await Promise.all([
        db.articles.bulkGet(articleIds),
        db.bodies.bulkGet(articleIds),
        db.tags.toArray(),
        getMeta(db, PROJECT_META_KEY),
      ]);
      const articles = metas.map((m, i) => {
        if (!m)
          throw new Error('An annotation of the set is on an article that is no longer in the library.');
        return joinArticle(m, bodies[i]);
      });
      const sources = [...new Set(articles.map((a) => a.source).filter(Boolean))];
      const sourceGrades = (await db.sourceGrades.bulkGet(sources)).filter((g) => !!g);
      const syncs = project?.syncs ?? [];
      const written = toProjectSet(
        set.type === 'pinned' ? { ...set, annotationIds: annotations.map((a) => a.id) } : set,
      );
      const partial: PartialMark = { set: { id: set.id, name: set.name } };
      const envelope: ProjectDocument['envelope'] & { partial: PartialMark } = {
        type: PROJECT_TYPE,
        version: PROJECT_VERSION,
        app: { ...GLOSS_APP },
        savedAt,
        analyst,
        name: set.name,
        ...(syncs.length ? { syncs } : {}),
        partial,
      };
      return { envelope, articles, annotations, sourceGrades, tags, sets: [written] };
    },
  );
}

/** How much a project holds, as the UI reports it (live annotations only). */
export function projectCounts(doc: ProjectDocument): { articles: number; annotations: number } {
  return {
    articles: doc.articles.length,
    annotations: doc.annotations.filter((a) => a.deletedAt === null).length,
  };
}

/**
 * Whether the store holds no article and no annotation. It looks for one key of each (a count
 * walks every record in IndexedDB: 200,000 annotations took over half a second, and start-up
 * asks this before the library is read).
 */
export async function storeIsEmpty(db: GlossDB): Promise<boolean> {
  const holdsAny = async (table: GlossDB['articles'] | GlossDB['annotations']) =>
    (await table.limit(1).primaryKeys()).length > 0;
  return !(await holdsAny(db.articles)) && !(await holdsAny(db.annotations));
}

/** How many backups written before merges the `mergeBackups` list remembers. */
const MERGE_BACKUPS_KEPT = 50;

/** Records per write when a project replaces the store (see {@link replaceStore}). */
const ARTICLE_SLICE = 1000;
const ANNOTATION_SLICE = 5000;

/**
 * Replaces everything in the store with `doc`, in one transaction: the undo history is cleared
 * (its steps belong to the library that is gone) — except, with `keepHistoryBefore`, the steps
 * taken before that moment (undoing a merge brings back the library those steps were taken
 * in) —, and so is the merge Edit › Undo could take back; the analyst stays unless the store has none,
 * in which case the project's owner is adopted (restoring a backup into a wiped profile). When
 * the project is someone else's, a sync record for them is added, so that merging their later
 * files tells their new work from what was opened here.
 */
export async function replaceStore(
  db: GlossDB,
  doc: ProjectDocument,
  options: {
    keepHistoryBefore?: string;
    /** Hears how many records are written, of how many, as the slices go in. */
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<void> {
  const total = doc.articles.length * 2 + doc.annotations.length;
  const onProgress = options.onProgress ?? (() => undefined);
  await db.transaction('rw', ALL_TABLES(db), async () => {
    const me = await getMeta(db, 'analyst');
    const owner = doc.envelope.analyst;
    const syncs = (doc.envelope.syncs ?? []).filter((s) => s.analyst.id !== me?.id);
    if (me && me.id !== owner.id && !syncs.some((s) => s.analyst.id === owner.id)) {
      syncs.push({ analyst: owner, savedAt: doc.envelope.savedAt });
    }
    await Promise.all([
      db.articles.clear(),
      db.bodies.clear(),
      db.annotations.clear(),
      db.sourceGrades.clear(),
      db.tags.clear(),
      options.keepHistoryBefore === undefined
        ? db.history.clear()
        : db.history.filter((h) => h.at >= options.keepHistoryBefore!).delete(),
      db.sets.clear(),
      db.meta.delete('mergeUndo'),
    ]);
    const parts = doc.articles.map(splitArticle);
    // In slices, each awaited before the next, for the progress. Only the project worker runs
    // this (on the window's thread the slices were 50 articles / 250 annotations so that each
    // record's clone left the window its turns): there each slice is a round trip to the store,
    // and 800 of them at 10,000 articles / 100,000 annotations waited for the store more than it
    // wrote. The awaits stay in this function: awaited through a helper of its own, the
    // transaction lost its zone and committed early (PrematureCommitError).
    for (let i = 0; i < parts.length; i += ARTICLE_SLICE) {
      await db.articles.bulkAdd(parts.slice(i, i + ARTICLE_SLICE).map((p) => p.meta));
      onProgress(Math.min(i + ARTICLE_SLICE, parts.length), total);
    }
    for (let i = 0; i < parts.length; i += ARTICLE_SLICE) {
      await db.bodies.bulkAdd(parts.slice(i, i + ARTICLE_SLICE).map((p) => p.body));
      onProgress(parts.length + Math.min(i + ARTICLE_SLICE, parts.length), total);
    }
    for (let i = 0; i < doc.annotations.length; i += ANNOTATION_SLICE) {
      await db.annotations.bulkAdd(doc.annotations.slice(i, i + ANNOTATION_SLICE));
      onProgress(parts.length * 2 + Math.min(i + ANNOTATION_SLICE, doc.annotations.length), total);
    }
    await db.sourceGrades.bulkPut(doc.sourceGrades);
    await db.tags.bulkPut(doc.tags);
    const project: ProjectMeta = { name: doc.envelope.name || DEFAULT_PROJECT_NAME, syncs };
    await putMeta(db, PROJECT_META_KEY, project);
    const sets = splitSets(doc.sets);
    await db.sets.bulkPut(sets.table);
    await putMeta(db, SETS_META_KEY, sets.kept);
    // The code mapping belongs to the project: the opened one's replaces the library's.
    if (doc.envelope.refiCodeMapping) await putMeta(db, REFI_MAPPING_META_KEY, doc.envelope.refiCodeMapping);
    else await db.meta.delete(REFI_MAPPING_META_KEY);
    if (!me) await putMeta(db, 'analyst', owner);
  });
}

/** A fingerprint of what a merge reads, to notice a store changed after its preview. */
function fingerprint(
  articleIds: string[],
  annotations: Pick<Annotation, 'id' | 'updatedAt' | 'deletedAt'>[],
  grades: { source: string; updatedAt: string }[],
  tags: { name: string }[],
): string {
  return JSON.stringify([
    [...articleIds].sort(),
    annotations.map((a) => `${a.id}|${a.updatedAt}|${a.deletedAt ?? ''}`).sort(),
    grades.map((g) => `${g.source}|${g.updatedAt}`).sort(),
    tags.map((t) => t.name).sort(),
  ]);
}

/**
 * A digest of what a merge reads of `mine` (article ids, each annotation's id, edit time and
 * deletion, grades, tags): a merge previewed against one state of the store is refused when the
 * store it is applied to no longer has this digest.
 */
export function mergeFingerprint(mine: ProjectDocument): Promise<string> {
  return sha256Hex(
    fingerprint(
      mine.articles.map((a) => a.id),
      mine.annotations,
      mine.sourceGrades,
      mine.tags,
    ),
  );
}

/** What one merge wrote. */
export interface MergeWritten {
  articles: number;
  annotations: number;
  sourceGrades: number;
  tags: number;
}

/**
 * Persists a previewed merge in one transaction: {@link applyMerge} (core/merge, the same code
 * `gloss merge` runs) decides everything — conflicts, kept-mine stamps, renamed sets, the sync
 * record or, for a partial file, none — and only what differs from `mine` is written (new and
 * edited articles, new or replaced annotations, grades, tags, sets, the project's sync record).
 * Refuses with {@link StoreChangedError}, writing nothing, when the store changed since `mine`
 * was read.
 */
export async function applyMergeToStore(
  db: GlossDB,
  mine: ProjectDocument,
  theirs: ProjectDocument,
  plan: MergePlan,
  resolutions: MergeResolutions,
  undo?: Omit<MergeUndo, 'changes'>,
): Promise<MergeWritten> {
  const merged = applyMerge(mine, theirs, plan, resolutions);
  const changed = <T>(before: readonly T[], after: readonly T[]): T[] => {
    const old = new Set(before);
    return after.filter((x) => !old.has(x));
  };
  const articles = changed(mine.articles, merged.articles);
  const annotations = changed(mine.annotations, merged.annotations);
  const grades = changed(mine.sourceGrades, merged.sourceGrades);
  const tags = changed(mine.tags, merged.tags);
  const sets = splitSets(changed(mine.sets, merged.sets));
  const parts = articles.map(splitArticle);
  const expected = fingerprint(
    mine.articles.map((a) => a.id),
    mine.annotations,
    mine.sourceGrades,
    mine.tags,
  );
  await db.transaction('rw', ALL_TABLES(db), async () => {
    const now = fingerprint(
      await db.articles.toCollection().primaryKeys(),
      await db.annotations.toArray(),
      await db.sourceGrades.toArray(),
      await db.tags.toArray(),
    );
    if (now !== expected) {
      throw new StoreChangedError(STORE_CHANGED_MESSAGE);
    }
    // New articles are added; edited ones keep their stored body (only details change).
    const isNew = new Set(plan.newArticles.map((a) => a.id));
    const stored = new Map(
      (await db.articles.bulkGet(parts.map((p) => p.meta.id))).flatMap((m) => (m ? [[m.id, m]] : [])),
    );
    await db.articles.bulkPut(
      parts.map((p) => (isNew.has(p.meta.id) ? p.meta : { ...stored.get(p.meta.id)!, ...p.meta })),
    );
    await db.bodies.bulkAdd(parts.filter((p) => isNew.has(p.meta.id)).map((p) => p.body));
    await db.annotations.bulkPut(annotations);
    await db.sourceGrades.bulkPut(grades);
    await db.tags.bulkPut(tags);
    const prior = await getMeta(db, PROJECT_META_KEY);
    await putMeta(db, PROJECT_META_KEY, {
      name: prior?.name || merged.envelope.name || DEFAULT_PROJECT_NAME,
      syncs: merged.envelope.syncs ?? [],
    });
    if (sets.table.length) await db.sets.bulkAdd(sets.table);
    if (sets.kept.length) {
      const kept = (await getMeta(db, SETS_META_KEY)) ?? [];
      await putMeta(db, SETS_META_KEY, [...kept, ...sets.kept]);
    }
    // A merge is a new change: steps undone before it can no longer be redone over it.
    await db.history.filter((h) => h.undone).delete();
    // What Edit › Undo needs to take the merge back, written with the merge itself.
    const changes = articles.length + annotations.length + grades.length + tags.length;
    if (undo && changes + sets.table.length + sets.kept.length > 0) {
      await putMeta(db, 'mergeUndo', { ...undo, changes });
      const listed = (await getMeta(db, 'mergeBackups')) ?? [];
      await putMeta(db, 'mergeBackups', [...listed, undo].slice(-MERGE_BACKUPS_KEPT));
    }
  });
  return {
    articles: articles.length,
    annotations: annotations.length,
    sourceGrades: grades.length,
    tags: tags.length,
  };
}
