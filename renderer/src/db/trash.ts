import { deleteArticles, restoreArticles, type DeletedArticles } from './library';
import type { GlossDB } from './db';

/** Deleted articles kept to restore: what went, when, and how it was described. */
export interface TrashEntry {
  id: string;
  deletedAt: string;
  /** `2 articles and 5 annotations`. */
  label: string;
  removed: DeletedArticles;
}

const PREFIX = 'trash:';
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
 * Deletes articles with their annotations and keeps them in the trash, in one transaction:
 * the deletion and its way back are stored together, so the undo survives a reload. The
 * oldest deletions beyond {@link TRASH_KEPT} are dropped.
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
    await db.meta.put({ key: `${PREFIX}${entry.deletedAt}:${entry.id}`, value: entry });
    const keys = (await db.meta.where('key').startsWith(PREFIX).primaryKeys()).sort();
    if (keys.length > TRASH_KEPT) await db.meta.bulkDelete(keys.slice(0, keys.length - TRASH_KEPT));
    return entry;
  });
}

/** The deletions kept, newest first. */
export async function listTrash(db: GlossDB): Promise<TrashEntry[]> {
  const records = await db.meta.where('key').startsWith(PREFIX).toArray();
  return records
    .map((r) => r.value as TrashEntry)
    .sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : a.deletedAt > b.deletedAt ? -1 : 0));
}

/**
 * Puts a deletion back (articles, texts, annotations) and takes it out of the trash, in one
 * transaction; refused, with nothing changed, when an article with the same text was imported since.
 */
export async function restoreFromTrash(db: GlossDB, id: string): Promise<TrashEntry> {
  return db.transaction('rw', [db.articles, db.bodies, db.annotations, db.meta], async () => {
    const key = (await db.meta.where('key').startsWith(PREFIX).primaryKeys()).find((k) =>
      k.endsWith(`:${id}`),
    );
    const entry = key ? ((await db.meta.get(key))?.value as TrashEntry | undefined) : undefined;
    if (!key || !entry) throw new Error('That deletion is no longer in the trash.');
    await restoreArticles(db, entry.removed);
    await db.meta.delete(key);
    return entry;
  });
}

/** Empties the trash: the deletions in it can no longer be undone. */
export async function emptyTrash(db: GlossDB): Promise<void> {
  await db.meta.where('key').startsWith(PREFIX).delete();
}
