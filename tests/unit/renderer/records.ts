import { describe as describeRange } from '../../../core/anchoring';
import type { Annotation, Article } from '../../../core/model';
import type { GlossDB } from '../../../renderer/src/db/db';

/** A UUID-shaped id from a counter, so that tests read in order. */
export const seqId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A plain-text article of one paragraph, as the importer would store it. */
export function makeArticle(id: string, text: string, over: Partial<Article> = {}): Article {
  return {
    id,
    // A SHA-256-shaped digest that differs per id (the store checks the shape).
    contentHash: [...id]
      .map((c) => c.charCodeAt(0).toString(16).padStart(4, '0'))
      .join('')
      .padStart(64, '0')
      .slice(-64),
    title: `Title ${id}`,
    source: 'Reuters',
    byline: '',
    publishedAt: null,
    url: '',
    language: 'en',
    importedAt: '2026-01-01T00:00:00.000Z',
    format: 'text',
    fileName: `${id}.txt`,
    text,
    blocks: [{ type: 'paragraph', start: 0, end: text.length }],
    removed: [],
    ...over,
  };
}

/** A live claim on `text.slice(start, end)`, with its selectors described from `text`. */
export function makeAnnotation(
  text: string,
  start: number,
  end: number,
  over: Partial<Annotation> = {},
): Annotation {
  return {
    id: crypto.randomUUID(),
    articleId: 'a',
    selectors: describeRange(text, start, end),
    kind: 'claim',
    stance: null,
    note: '',
    tags: [],
    attribution: '',
    credibility: null,
    figure: null,
    author: { id: 'me', name: 'Me' },
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    updatedBy: over.author ?? { id: 'me', name: 'Me' },
    provenance: {},
    deletedAt: null,
    ...over,
  };
}

/**
 * Writes annotation records straight to the store, as an import or a merge does: in one
 * transaction with the articles table, which the store's guard needs to check each position.
 */
export function storeAnnotations(db: GlossDB, records: Annotation[]): Promise<unknown> {
  return db.transaction('rw', db.articles, db.annotations, () => db.annotations.bulkPut(records));
}
