import { getMeta, type GlossDB } from './db';

/**
 * An article a team sync removed (a colleague's Gloss settled it onto its twin, the same text
 * imported by someone else) before that twin arrived here: the annotations on it wait for the
 * twin (`meta.twinsAwaiting`, `sync-twins.ts`) and move onto it when it comes.
 */
export interface AwaitingArticle {
  articleId: string;
  /** Its title when it was removed (null: removed by a Gloss that did not note it). */
  title: string | null;
  /** How many live annotations wait on it. */
  annotations: number;
}

/**
 * The articles whose annotations wait for their twin, in the order they were removed, each with
 * how many live annotations wait on it; an entry with none left (all deleted since) is not listed.
 */
export async function listAwaiting(db: GlossDB): Promise<AwaitingArticle[]> {
  const entries = (await getMeta(db, 'twinsAwaiting')) ?? [];
  const out: AwaitingArticle[] = [];
  for (const [articleId, , title] of entries) {
    const annotations = await db.annotations
      .where('articleId')
      .equals(articleId)
      .filter((a) => a.deletedAt === null)
      .count();
    if (annotations > 0) out.push({ articleId, title: title ?? null, annotations });
  }
  return out;
}
