import { db } from '../../db';
import { suggestClient } from './suggest-client';

/** How many freshly imported articles get their suggestion pass at once (the rest on opening). */
const WARM = 10;

/**
 * Runs the suggestion pass of freshly imported articles in the worker, one after another, so
 * that their suggestions are ready when they are opened.
 */
export async function warmSuggestions(ids: string[]): Promise<void> {
  for (const id of ids.slice(0, WARM)) {
    const [meta, body] = await Promise.all([db.articles.get(id), db.bodies.get(id)]);
    if (!meta || !body) continue;
    await suggestClient
      .get({ contentHash: meta.contentHash, text: body.text, source: meta.source, language: meta.language })
      .catch(() => undefined);
  }
}
