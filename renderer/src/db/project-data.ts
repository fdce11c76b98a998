import type { Analyst, Annotation, AnnotationSet, Article } from '../../../core/model';
import { applyMerge, type ConflictResolution, type MergePlan } from '../../../core/merge';
import {
  GLOSS_APP,
  PROJECT_TYPE,
  PROJECT_VERSION,
  type ProjectDocument,
  type ProjectSync,
} from '../../../core/project';
import type { ArticleBody, ArticleMeta, GlossDB } from './db';

/** `meta` key of the project's own facts: its name and the colleagues merged so far. */
export const PROJECT_META_KEY = 'project';
/** `meta` key of the saved annotation sets (kept so that they survive a round trip). */
export const SETS_META_KEY = 'sets';
/** The name a project has until it is given one. */
export const DEFAULT_PROJECT_NAME = 'Gloss project';

/** What the store keeps about the project as a whole. */
export interface ProjectMeta {
  name: string;
  syncs: ProjectSync[];
}

/** Thrown when the store changed between a merge preview and its application. */
export class StoreChangedError extends Error {
  override readonly name = 'StoreChangedError';
}

function joinArticle(meta: ArticleMeta, body: ArticleBody | undefined): Article {
  const { chars: _chars, ...rest } = meta;
  if (!body) throw new Error(`The text of the article “${meta.title}” is missing from the library.`);
  const { id: _id, ...content } = body;
  return { ...rest, ...content } as Article;
}

function splitArticle(article: Article): { meta: ArticleMeta; body: ArticleBody } {
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
];

/**
 * The whole store as a project document, read in one transaction: articles (metadata and body),
 * annotations including tombstones, source grades, the tag vocabulary, saved sets, and the
 * project's name and merge history. `analyst` owns the envelope.
 */
export async function readProjectDocument(
  db: GlossDB,
  analyst: Analyst,
  savedAt = new Date().toISOString(),
): Promise<ProjectDocument> {
  return db.transaction(
    'r',
    [db.articles, db.bodies, db.annotations, db.sourceGrades, db.tags, db.meta],
    async () => {
      const [metas, bodies, annotations, sourceGrades, tags, project, sets] = await Promise.all([
        db.articles.orderBy('importedAt').toArray(),
        db.bodies.toArray(),
        db.annotations.toArray(),
        db.sourceGrades.toArray(),
        db.tags.toArray(),
        db.meta.get(PROJECT_META_KEY),
        db.meta.get(SETS_META_KEY),
      ]);
      const bodyById = new Map(bodies.map((b) => [b.id, b]));
      const info = project?.value as ProjectMeta | undefined;
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
        },
        articles: metas.map((m) => joinArticle(m, bodyById.get(m.id))),
        annotations,
        sourceGrades,
        tags,
        sets: (sets?.value as AnnotationSet[] | undefined) ?? [],
      };
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

/** Whether the store holds no article and no annotation. */
export async function storeIsEmpty(db: GlossDB): Promise<boolean> {
  const [articles, annotations] = await Promise.all([db.articles.count(), db.annotations.count()]);
  return articles === 0 && annotations === 0;
}

/**
 * Replaces everything in the store with `doc`, in one transaction: the undo history is cleared
 * (its steps belong to the library that is gone); the analyst stays unless the store has none,
 * in which case the project's owner is adopted (restoring a backup into a wiped profile). When
 * the project is someone else's, a sync record for them is added, so that merging their later
 * files tells their new work from what was opened here.
 */
export async function replaceStore(db: GlossDB, doc: ProjectDocument): Promise<void> {
  await db.transaction('rw', ALL_TABLES(db), async () => {
    const me = (await db.meta.get('analyst'))?.value as Analyst | undefined;
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
      db.history.clear(),
    ]);
    const parts = doc.articles.map(splitArticle);
    await db.articles.bulkAdd(parts.map((p) => p.meta));
    await db.bodies.bulkAdd(parts.map((p) => p.body));
    await db.annotations.bulkAdd(doc.annotations);
    await db.sourceGrades.bulkPut(doc.sourceGrades);
    await db.tags.bulkPut(doc.tags);
    const project: ProjectMeta = { name: doc.envelope.name || DEFAULT_PROJECT_NAME, syncs };
    await db.meta.put({ key: PROJECT_META_KEY, value: project });
    await db.meta.put({ key: SETS_META_KEY, value: doc.sets });
    if (!me) await db.meta.put({ key: 'analyst', value: owner });
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

/** What one merge wrote. */
export interface MergeWritten {
  articles: number;
  annotations: number;
  sourceGrades: number;
  tags: number;
}

/**
 * Carries out a previewed merge in one transaction: {@link applyMerge} settles the conflicts,
 * then only what differs from `mine` is written (new articles, new or replaced annotations,
 * grades, tags, sets) together with the colleague's sync record. Refuses with
 * {@link StoreChangedError}, writing nothing, when the store changed since `mine` was read.
 */
export async function applyMergeToStore(
  db: GlossDB,
  mine: ProjectDocument,
  theirs: ProjectDocument,
  plan: MergePlan,
  resolutions: Readonly<Record<string, ConflictResolution>>,
): Promise<MergeWritten> {
  const merged = applyMerge(mine, theirs, plan, resolutions);
  // core/merge settles a later merge of the same file by "the later edit wins" once both sides
  // count as unchanged since the sync it records, so a conflict settled as mine (or both) would
  // flip to theirs on the next merge. Re-stamping my kept version at the merge records the
  // decision as my change: merging the file again then keeps it.
  const kept = new Set(
    plan.conflicts
      .filter((c) => resolutions[c.id] === 'mine' || resolutions[c.id] === 'both')
      .map((c) => c.id),
  );
  if (kept.size) {
    const stamp = new Date(Math.max(Date.now(), Date.parse(theirs.envelope.savedAt) + 1)).toISOString();
    merged.annotations = merged.annotations.map((a) => (kept.has(a.id) ? { ...a, updatedAt: stamp } : a));
  }
  const before = new Map(mine.annotations.map((a) => [a.id, a]));
  const annotations = merged.annotations.filter((a) => before.get(a.id) !== a);
  const grades = [...plan.sourceGrades.added, ...plan.sourceGrades.updated];
  const parts = plan.newArticles.map(splitArticle);
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
      throw new StoreChangedError(
        'The library changed while the merge preview was open; nothing was merged. Open the file again to see a fresh preview.',
      );
    }
    await db.articles.bulkAdd(parts.map((p) => p.meta));
    await db.bodies.bulkAdd(parts.map((p) => p.body));
    await db.annotations.bulkPut(annotations);
    await db.sourceGrades.bulkPut(grades);
    await db.tags.bulkPut(plan.tags.added);
    const prior = (await db.meta.get(PROJECT_META_KEY))?.value as ProjectMeta | undefined;
    const project: ProjectMeta = {
      name: prior?.name || merged.envelope.name || DEFAULT_PROJECT_NAME,
      syncs: merged.envelope.syncs ?? [],
    };
    await db.meta.put({ key: PROJECT_META_KEY, value: project });
    if (plan.sets.added.length) await db.meta.put({ key: SETS_META_KEY, value: merged.sets });
  });
  return {
    articles: parts.length,
    annotations: annotations.length,
    sourceGrades: grades.length,
    tags: plan.tags.added.length,
  };
}
