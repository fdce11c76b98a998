import type { Annotation, AnnotationKind, Reliability } from '../../../core/model';
import { onStoreChange, touches, type FeedTable, type StoreChange, type WrittenAnnotation } from './changes';
import type { ArticleBody, ArticleMeta, GlossDB } from './db';

/** Live annotations of one article, by kind. */
export type KindCounts = Record<AnnotationKind, number>;

/**
 * Live annotations per article and kind, in one pass over the `[articleId+kind]` index (keys
 * only: no annotation record is read), less the tombstones, which the `deletedAt` index lists.
 */
export async function annotationCounts(db: GlossDB): Promise<Map<string, KindCounts>> {
  return db.transaction('r', db.annotations, async () => {
    const counts = new Map<string, KindCounts>();
    const bump = (articleId: string, kind: AnnotationKind, by: number) => {
      let c = counts.get(articleId);
      if (!c) counts.set(articleId, (c = { claim: 0, assessment: 0, figure: 0 }));
      if (kind in c) c[kind] += by;
    };
    await db.annotations.orderBy('[articleId+kind]').eachKey((key) => {
      const [articleId, kind] = key as unknown as [string, AnnotationKind];
      bump(articleId, kind, 1);
    });
    const deleted = await db.annotations.orderBy('deletedAt').toArray();
    for (const a of deleted) bump(a.articleId, a.kind, -1);
    return counts;
  });
}

/** Ids of the articles that have a live annotation tagged `tag`. */
export async function articlesTagged(db: GlossDB, tag: string): Promise<Set<string>> {
  const tagged = await db.annotations.where('tags').equals(tag).toArray();
  return new Set(tagged.filter((a) => a.deletedAt === null).map((a) => a.articleId));
}

/** Source name → reliability grade. */
export async function sourceGrades(db: GlossDB): Promise<Map<string, Reliability>> {
  return new Map((await db.sourceGrades.toArray()).map((g) => [g.source, g.reliability]));
}

/** Everything deleting some articles removed, so that it can be put back exactly. */
export interface DeletedArticles {
  articles: ArticleMeta[];
  bodies: ArticleBody[];
  annotations: Annotation[];
}

/**
 * Deletes articles, their bodies and all their annotations (tombstones too) in one
 * transaction, and returns what was removed so that {@link restoreArticles} can undo it.
 */
export async function deleteArticles(db: GlossDB, ids: string[]): Promise<DeletedArticles> {
  return db.transaction('rw', db.articles, db.bodies, db.annotations, async () => {
    const articles = (await db.articles.bulkGet(ids)).filter((a): a is ArticleMeta => !!a);
    const present = articles.map((a) => a.id);
    const bodies = (await db.bodies.bulkGet(present)).filter((b): b is ArticleBody => !!b);
    const annotations = await db.annotations.where('articleId').anyOf(present).toArray();
    await db.annotations.bulkDelete(annotations.map((a) => a.id));
    await db.bodies.bulkDelete(present);
    await db.articles.bulkDelete(present);
    return { articles, bodies, annotations };
  });
}

/**
 * Puts deleted articles back with their annotations, in one transaction. Refused (nothing
 * written) when an article with the same text was imported in the meantime.
 */
export async function restoreArticles(db: GlossDB, deleted: DeletedArticles): Promise<void> {
  await db.transaction('rw', db.articles, db.bodies, db.annotations, async () => {
    const hashes = deleted.articles.map((a) => a.contentHash);
    const clash = await db.articles.where('contentHash').anyOf(hashes).first();
    if (clash) throw new Error(`“${clash.title}” was imported again since; nothing was restored.`);
    await db.articles.bulkAdd(deleted.articles);
    await db.bodies.bulkAdd(deleted.bodies);
    await db.annotations.bulkPut(deleted.annotations);
  });
}

/**
 * Live annotations per kind of the given articles (zero when none), from index keys alone: the
 * ids under each `[articleId+kind]` less the tombstones (the `deletedAt` index lists only them).
 * No annotation record is read, so an article with thousands of annotations stays cheap to count
 * after every edit.
 */
export async function articleCounts(
  db: GlossDB,
  articleIds: readonly string[],
): Promise<Map<string, KindCounts>> {
  const ids = [...new Set(articleIds)];
  const kinds = Object.keys({ claim: 0, assessment: 0, figure: 0 } satisfies KindCounts) as AnnotationKind[];
  return db.transaction('r', db.annotations, async () => {
    const [tombstones, keyLists] = await Promise.all([
      db.annotations.orderBy('deletedAt').primaryKeys(),
      Promise.all(
        ids.flatMap((id) =>
          kinds.map((kind) => db.annotations.where('[articleId+kind]').equals([id, kind]).primaryKeys()),
        ),
      ),
    ]);
    const dead = new Set(tombstones);
    const counts = new Map<string, KindCounts>();
    ids.forEach((id, i) => {
      const c: KindCounts = { claim: 0, assessment: 0, figure: 0 };
      kinds.forEach((kind, k) => {
        c[kind] = keyLists[i * kinds.length + k]!.filter((key) => !dead.has(key)).length;
      });
      counts.set(id, c);
    });
    return counts;
  });
}

/**
 * Reads the store's change feed for views that hold annotations: a change that carries the
 * annotation records it wrote (and touched none of `alsoTables`) is handed over to `patch`; a
 * change too large to carry them, or one to `alsoTables`, asks for a `reload`. Changes that touch
 * neither are ignored. Returns the function that stops watching.
 */
export function watchAnnotationWrites(
  db: GlossDB,
  handlers: { patch(written: WrittenAnnotation[], change: StoreChange): void; reload(): void },
  alsoTables: readonly FeedTable[] = [],
): () => void {
  return onStoreChange(db, (change) => {
    if (alsoTables.length && touches(change, alsoTables)) handlers.reload();
    else if (change.annotations) handlers.patch(change.annotations, change);
    else if (touches(change, ['annotations'])) handlers.reload();
  });
}
