import { getMeta, putMeta, type GlossDB } from './db';
import { deleteArticles, restoreArticles, type DeletedArticles } from './library';

/** Deleted articles kept to restore: what went, when, and how it was described. */
export interface TrashEntry {
  id: string;
  deletedAt: string;
  /** `2 articles and 5 annotations`. */
  label: string;
  removed: DeletedArticles;
}

/** The newest deletions kept; an older one is gone for good. */
export const TRASH_KEPT = 20;

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

/** What is about to go: the articles and their live annotations, counted before anything changes. */
export async function countForDeletion(
  db: GlossDB,
  ids: readonly string[],
): Promise<{ articles: number; annotations: number }> {
  const articles = (await db.articles.bulkGet([...ids])).filter(Boolean).length;
  const annotations = await db.annotations
    .where('articleId')
    .anyOf([...ids])
    .filter((a) => a.deletedAt === null)
    .count();
  return { articles, annotations };
}

export function describeDeletion(counts: { articles: number; annotations: number }): string {
  return `${plural(counts.articles, 'article')} and ${plural(counts.annotations, 'annotation')}`;
}

/**
 * Deletes articles with their annotations and keeps them in the trash (the `meta` setting
 * `trash`), in one transaction: the deletion and its way back are stored together, so the undo
 * survives a reload. The oldest deletions beyond {@link TRASH_KEPT} are dropped.
 */
export async function trashArticles(db: GlossDB, ids: string[]): Promise<TrashEntry | null> {
  return db.transaction('rw', [db.articles, db.bodies, db.annotations, db.meta], async () => {
    const removed = await deleteArticles(db, ids);
    if (removed.articles.length === 0) return null;
    const live = removed.annotations.filter((a) => a.deletedAt === null).length;
    const entry: TrashEntry = {
      id: crypto.randomUUID(),
      deletedAt: new Date().toISOString(),
      label: describeDeletion({ articles: removed.articles.length, annotations: live }),
      removed,
    };
    const kept = [...((await getMeta(db, 'trash')) ?? []), entry].slice(-TRASH_KEPT);
    await putMeta(db, 'trash', kept);
    return entry;
  });
}

/** The deletions kept, newest first. */
export async function listTrash(db: GlossDB): Promise<TrashEntry[]> {
  return [...((await getMeta(db, 'trash')) ?? [])].reverse();
}

/**
 * Puts a deletion back (articles, texts, annotations) and takes it out of the trash, in one
 * transaction; refused, with nothing changed, when an article with the same text was imported since.
 */
export async function restoreFromTrash(db: GlossDB, id: string): Promise<TrashEntry> {
  return db.transaction('rw', [db.articles, db.bodies, db.annotations, db.meta], async () => {
    const all = (await getMeta(db, 'trash')) ?? [];
    const entry = all.find((e) => e.id === id);
    if (!entry) throw new Error('That deletion is no longer in the trash.');
    await restoreArticles(db, entry.removed);
    await putMeta(
      db,
      'trash',
      all.filter((e) => e.id !== id),
    );
    return entry;
  });
}

/** Empties the trash: the deletions in it can no longer be undone. */
export async function emptyTrash(db: GlossDB): Promise<void> {
  await putMeta(db, 'trash', []);
}
