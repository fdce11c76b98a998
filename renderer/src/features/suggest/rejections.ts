import type { Suggestion } from '../../../../core/suggest/types';

/*
 * Suggestions the analyst rejected, remembered per article in this profile's local storage
 * (`gloss.suggest-rejected.<article id>`): a preference of the reader, like the other view
 * settings, not part of the library (it is not saved in projects or backups). A rejection names
 * the suggestion's type, place and text, so it no longer applies once the text there changes.
 */

const storageKey = (articleId: string): string => `gloss.suggest-rejected.${articleId}`;

/** The key a rejection is remembered by. */
export const rejectionKey = (s: Pick<Suggestion, 'type' | 'start' | 'end' | 'quote'>): string =>
  `${s.type}|${s.start}|${s.end}|${s.quote}`;

function read(articleId: string): Set<string> {
  try {
    const value: unknown = JSON.parse(globalThis.localStorage?.getItem(storageKey(articleId)) ?? '[]');
    return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  } catch {
    // unreadable (edited by hand) or storage unavailable: nothing rejected
    return new Set();
  }
}

export async function loadRejections(articleId: string): Promise<Set<string>> {
  return read(articleId);
}

/** Adds rejections and returns the whole set. */
export async function addRejections(articleId: string, keys: string[]): Promise<Set<string>> {
  const all = read(articleId);
  for (const k of keys) all.add(k);
  try {
    globalThis.localStorage?.setItem(storageKey(articleId), JSON.stringify([...all]));
  } catch {
    // storage full or unavailable: the rejection lasts for this session
  }
  return all;
}

/** Forgets every rejection of an article (Show rejected). */
export async function clearRejections(articleId: string): Promise<void> {
  try {
    globalThis.localStorage?.removeItem(storageKey(articleId));
  } catch {
    // storage unavailable: nothing was stored
  }
}
