import type { Suggestion } from '../../../../core/suggest';
import { db } from '../../db';

/*
 * Suggestions the analyst rejected, remembered per article in the database's `meta` table (no
 * schema change: one record per article, keyed `suggest-rejected:<article id>`). A rejection
 * names the suggestion's type, place and text, so it no longer applies once the text there
 * changes.
 */

const metaKey = (articleId: string): string => `suggest-rejected:${articleId}`;

/** The key a rejection is remembered by. */
export const rejectionKey = (s: Pick<Suggestion, 'type' | 'start' | 'end' | 'quote'>): string =>
  `${s.type}|${s.start}|${s.end}|${s.quote}`;

export async function loadRejections(articleId: string): Promise<Set<string>> {
  const record = (await db.meta.get(metaKey(articleId))) as { value?: unknown } | undefined;
  const value = record?.value;
  return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
}

/** Adds rejections (one transaction) and returns the whole set. */
export async function addRejections(articleId: string, keys: string[]): Promise<Set<string>> {
  return db.transaction('rw', db.meta, async () => {
    const all = await loadRejections(articleId);
    for (const k of keys) all.add(k);
    await db.meta.put({ key: metaKey(articleId), value: [...all] });
    return all;
  });
}

/** Forgets every rejection of an article (Show rejected again). */
export async function clearRejections(articleId: string): Promise<void> {
  await db.meta.delete(metaKey(articleId));
}
