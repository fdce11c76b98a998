import type { Article } from '../../../core/model';
import type { ArticleBody, ArticleMeta, GlossDB } from './db';

export interface AddArticlesResult {
  added: ArticleMeta[];
  /** Articles whose text is already in the library, with the title they have there. */
  duplicates: { fileName: string; existingTitle: string }[];
}

function split(article: Article): { meta: ArticleMeta; body: ArticleBody } {
  const { text, blocks, removed, footnotes, original, ...rest } = article;
  const body: ArticleBody = { id: article.id, text, blocks, removed };
  if (footnotes) body.footnotes = footnotes;
  if (original) body.original = original;
  return { meta: { ...rest, chars: text.length }, body };
}

/**
 * Stores imported articles in one transaction. Articles whose contentHash is already stored, or
 * that repeat one earlier in the batch, are reported as duplicates and not added.
 */
export async function addArticles(db: GlossDB, articles: Article[]): Promise<AddArticlesResult> {
  return db.transaction('rw', db.articles, db.bodies, async () => {
    const hashes = [...new Set(articles.map((a) => a.contentHash))];
    const existing = new Map<string, string>();
    for (const a of await db.articles.where('contentHash').anyOf(hashes).toArray()) {
      existing.set(a.contentHash, a.title);
    }
    const result: AddArticlesResult = { added: [], duplicates: [] };
    const metas: ArticleMeta[] = [];
    const bodies: ArticleBody[] = [];
    for (const article of articles) {
      const seen = existing.get(article.contentHash);
      if (seen !== undefined) {
        result.duplicates.push({ fileName: article.fileName, existingTitle: seen });
        continue;
      }
      existing.set(article.contentHash, article.title);
      const { meta, body } = split(article);
      metas.push(meta);
      bodies.push(body);
    }
    await db.articles.bulkAdd(metas);
    await db.bodies.bulkAdd(bodies);
    result.added = metas;
    return result;
  });
}

/** Reads one whole article (metadata and body), or undefined if it is not stored. */
export async function getArticle(db: GlossDB, id: string): Promise<Article | undefined> {
  return db.transaction('r', db.articles, db.bodies, async () => {
    const [meta, body] = await Promise.all([db.articles.get(id), db.bodies.get(id)]);
    if (!meta || !body) return undefined;
    const { chars: _chars, ...rest } = meta;
    return { ...rest, ...body };
  });
}

/** All articles' metadata, newest import first. */
export function listArticles(db: GlossDB): Promise<ArticleMeta[]> {
  return db.articles.orderBy('importedAt').reverse().toArray();
}
