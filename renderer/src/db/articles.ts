import { sha256Hex } from '../../../core/hash';
import {
  ArticleMetadataSchema,
  stampEdit,
  type Article,
  type ArticleMetadata,
  type RemovedRange,
} from '../../../core/model';
import { restoreRemoved } from '../features/import/restore-removed';
import { currentAnalyst } from './annotations';
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

/** Raised when an article cannot be changed as asked; the message is for the user. */
export class ArticleChangeError extends Error {
  override readonly name = 'ArticleChangeError';
}

/**
 * Puts a removed range back into an article's text, in one transaction: text, blocks, removed
 * ranges, footnotes, contentHash and length change together, and the article's annotations get
 * selectors that anchor in the new text (see {@link restoreRemoved}). `expected` is the range as
 * the user saw it; if the article changed since, nothing is written.
 */
export async function restoreRemovedText(
  db: GlossDB,
  articleId: string,
  index: number,
  expected: RemovedRange,
): Promise<{ start: number; end: number; reanchored: number }> {
  const before = await getArticle(db, articleId);
  if (!before) throw new ArticleChangeError('This article is no longer in the library.');
  const preview = restoreRemoved(before, index);
  // WebCrypto is not an IndexedDB operation: hash before the transaction, which must not wait on it.
  const contentHash = await sha256Hex(preview.text);
  const by = await currentAnalyst(db);
  return db.transaction('rw', db.articles, db.bodies, db.annotations, async () => {
    const [meta, body] = await Promise.all([db.articles.get(articleId), db.bodies.get(articleId)]);
    const current = body?.removed[index];
    if (
      !meta ||
      !body ||
      body.text !== before.text ||
      !current ||
      current.at !== expected.at ||
      current.text !== expected.text
    ) {
      throw new ArticleChangeError('The article changed while you were looking at it; nothing was restored.');
    }
    const clash = await db.articles.where('contentHash').equals(contentHash).first();
    if (clash && clash.id !== articleId) {
      throw new ArticleChangeError(`With this text restored, the article would repeat “${clash.title}”.`);
    }
    const annotations = (await db.annotations.where('articleId').equals(articleId).toArray()).filter(
      (a) => a.deletedAt === null,
    );
    const r = restoreRemoved(body, index, annotations);
    const next: ArticleBody = { ...body, text: r.text, blocks: r.blocks, removed: r.removed };
    if (r.footnotes) next.footnotes = r.footnotes;
    else delete next.footnotes;
    await db.bodies.put(next);
    await db.articles.put({ ...meta, contentHash, chars: r.text.length });
    const now = new Date().toISOString();
    const byId = new Map(annotations.map((a) => [a.id, a]));
    await db.annotations.bulkPut(
      r.annotations.map((c) => {
        const before = byId.get(c.id)!;
        return stampEdit(before, { ...before, selectors: c.selectors }, by, now);
      }),
    );
    return { start: r.start, end: r.end, reanchored: r.annotations.length };
  });
}

/**
 * Changes an article's editable metadata in one transaction, after validating it, and records who
 * changed it and when (`detailsUpdated`: a merge takes a colleague's correction by it).
 */
export async function updateArticleMetadata(
  db: GlossDB,
  articleId: string,
  patch: Partial<ArticleMetadata>,
): Promise<void> {
  const parsed = ArticleMetadataSchema.partial().strict().safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArticleChangeError(
      `The details were not saved: ${issue.path.join('.') || 'details'}: ${issue.message}.`,
    );
  }
  const valid = parsed.data;
  const { id, name } = await currentAnalyst(db);
  await db.transaction('rw', db.articles, async () => {
    const meta = await db.articles.get(articleId);
    if (!meta) throw new ArticleChangeError('This article is no longer in the library.');
    const next = { ...meta, ...valid };
    if (Object.keys(valid).every((k) => next[k as keyof typeof valid] === meta[k as keyof typeof valid]))
      return;
    await db.articles.put({ ...next, detailsUpdated: { by: { id, name }, at: new Date().toISOString() } });
  });
}
