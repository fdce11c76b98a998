import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { quoteSelector, type Annotation } from '../../../core/model';
import type { ArticleBody, ArticleMeta, GlossDB } from './db';

/**
 * Bumped whenever what is indexed, or how, changes: a stored index of another version is
 * rebuilt rather than loaded.
 */
export const SEARCH_INDEX_VERSION = 1;
const META_KEY = 'searchIndex';

/** One searchable document: an article (title and text) or an annotation (quote, note, tags). */
export interface SearchDoc {
  id: string;
  type: 'article' | 'annotation';
  articleId: string;
  title?: string;
  text?: string;
  quote?: string;
  note?: string;
  tags?: string;
}

export const articleDocId = (id: string) => `a:${id}`;
export const annotationDocId = (id: string) => `n:${id}`;

export function articleDoc(
  meta: Pick<ArticleMeta, 'id' | 'title' | 'fileName'>,
  body: Pick<ArticleBody, 'text'>,
): SearchDoc {
  return {
    id: articleDocId(meta.id),
    type: 'article',
    articleId: meta.id,
    title: meta.title || meta.fileName,
    text: body.text,
  };
}

/** The annotation's document, or null for a tombstone (deleted annotations are not found). */
export function annotationDoc(a: Annotation): SearchDoc | null {
  if (a.deletedAt !== null) return null;
  return {
    id: annotationDocId(a.id),
    type: 'annotation',
    articleId: a.articleId,
    quote: quoteSelector(a).exact,
    note: a.note,
    tags: a.tags.join(' '),
  };
}

export const SEARCH_FIELDS = ['title', 'text', 'quote', 'note', 'tags'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const INDEX_OPTIONS: Options<SearchDoc> = {
  fields: [...SEARCH_FIELDS],
  storeFields: ['type', 'articleId'],
};

/**
 * Every term must match (an analyst narrowing a search adds words); the last may be a prefix
 * (results follow typing); long words (8 letters or more) forgive one typo: fuzzy matching of
 * shorter words costs more than it finds on a library of thousands of articles.
 */
export const QUERY_OPTIONS: SearchOptions = {
  combineWith: 'AND',
  boost: { title: 3, quote: 2, note: 2, tags: 2 },
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 2,
  fuzzy: (term) => (term.length >= 8 ? 1 : false),
  maxFuzzy: 1,
};

export function newIndex(): MiniSearch<SearchDoc> {
  return new MiniSearch<SearchDoc>(INDEX_OPTIONS);
}

/**
 * What the stored index must agree with to be used: counts and the latest change of articles
 * and annotations. Writes made outside this app's hooks (another profile copy, raw IndexedDB)
 * change it, and the index is rebuilt.
 */
export async function fingerprint(db: GlossDB): Promise<string> {
  return db.transaction('r', db.articles, db.annotations, async () => {
    const [articles, annotations, lastImport, lastEdit] = await Promise.all([
      db.articles.count(),
      db.annotations.count(),
      db.articles.orderBy('importedAt').last(),
      db.annotations.orderBy('updatedAt').last(),
    ]);
    return [
      SEARCH_INDEX_VERSION,
      articles,
      annotations,
      lastImport?.importedAt ?? '',
      lastEdit?.updatedAt ?? '',
    ].join('|');
  });
}

interface StoredIndex {
  fingerprint: string;
  json: string;
}

/** The stored index, if there is one and it matches the database as it is now. */
export async function loadStoredIndex(db: GlossDB): Promise<MiniSearch<SearchDoc> | null> {
  const [record, now] = await Promise.all([db.meta.get(META_KEY), fingerprint(db)]);
  const stored = record?.value as StoredIndex | undefined;
  if (!stored || stored.fingerprint !== now || typeof stored.json !== 'string') return null;
  try {
    return await MiniSearch.loadJSONAsync<SearchDoc>(stored.json, INDEX_OPTIONS);
  } catch {
    return null;
  }
}

/** Stores the index with the database's fingerprint as it is now. */
export async function storeIndex(db: GlossDB, index: MiniSearch<SearchDoc>): Promise<void> {
  const json = JSON.stringify(index);
  const value: StoredIndex = { fingerprint: await fingerprint(db), json };
  await db.meta.put({ key: META_KEY, value });
}

const CHUNK = 500;

/**
 * Builds the index from the whole database, reading bodies and annotations in chunks (keyset
 * pages, so memory stays bounded); `progress` gets the documents done so far.
 */
export async function buildIndex(
  db: GlossDB,
  progress: (done: number, total: number) => void = () => {},
): Promise<MiniSearch<SearchDoc>> {
  const index = newIndex();
  const metas = await db.articles.toArray();
  const total = metas.length + (await db.annotations.count());
  let done = 0;
  for (let i = 0; i < metas.length; i += CHUNK) {
    const page = metas.slice(i, i + CHUNK);
    const bodies = await db.bodies.bulkGet(page.map((m) => m.id));
    const docs: SearchDoc[] = [];
    page.forEach((m, k) => {
      const body = bodies[k];
      if (body) docs.push(articleDoc(m, body));
    });
    index.addAll(docs);
    progress((done += page.length), total);
  }
  let after = '';
  for (;;) {
    const page = await db.annotations
      .where(':id')
      .above(after)
      .limit(CHUNK * 10)
      .toArray();
    if (page.length === 0) break;
    index.addAll(page.map(annotationDoc).filter((d): d is SearchDoc => d !== null));
    after = page[page.length - 1]!.id;
    progress((done += page.length), total);
  }
  return index;
}

/** Brings the index in step with the stored records of these articles and annotations. */
export async function refreshDocs(
  db: GlossDB,
  index: MiniSearch<SearchDoc>,
  articleIds: string[],
  annotationIds: string[],
): Promise<void> {
  const [metas, bodies, annotations] = await Promise.all([
    db.articles.bulkGet(articleIds),
    db.bodies.bulkGet(articleIds),
    db.annotations.bulkGet(annotationIds),
  ]);
  articleIds.forEach((id, i) => {
    const meta = metas[i];
    const body = bodies[i];
    const doc = meta && body ? articleDoc(meta, body) : null;
    put(index, articleDocId(id), doc);
  });
  annotationIds.forEach((id, i) => {
    const a = annotations[i];
    put(index, annotationDocId(id), a ? annotationDoc(a) : null);
  });
}

function put(index: MiniSearch<SearchDoc>, id: string, doc: SearchDoc | null): void {
  if (index.has(id)) index.discard(id);
  if (doc) index.add(doc);
}
