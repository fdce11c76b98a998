import FlexSearch from 'flexsearch';
import { quoteSelector, type Annotation } from '../../../core/model';
import { getMeta, putMeta, type ArticleBody, type ArticleMeta, type GlossDB } from './db';

const { Index, Encoder, Charset } = FlexSearch;
type FlexIndex = InstanceType<typeof Index>;

/**
 * Bumped whenever what is indexed, or how, changes: a stored index of another version is
 * rebuilt rather than loaded. (1: MiniSearch; 2: FlexSearch, numeric ids, tombstones.)
 */
export const SEARCH_INDEX_VERSION = 2;
const META_KEY = 'searchIndex' as const;

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

/**
 * How words become index terms, for the index and for marking matches in excerpts alike:
 * lower case, accents folded ("Müller" finds "Muller"), split at anything that is not a letter
 * or digit ("80,000" is "80" then "000"). Letters and digits are otherwise kept as they are:
 * no doubled letters collapsed and no numbers cut into pieces, so "117" never finds "17" and
 * "800 million" never finds "80 million".
 */
export const encoder = new Encoder({ ...Charset.Normalize, dedupe: false, numeric: false });

/** Matching ids asked for per query: enough to say "1,000+ results" without ranking them all. */
export const COUNT_CAP = 1000;
/** A title match weighs this many times a match in the text (reciprocal-rank fusion). */
const TITLE_BOOST = 3;
const RANK_DAMPING = 10;

function newFlex(): FlexIndex {
  // "forward": every word is also indexed by its prefixes, so each query word may be the
  // start of a longer one ("negotiat" finds "negotiations") and results follow typing.
  return new Index({ tokenize: 'forward', encoder });
}

/** FNV-1a over UTF-16 code units: enough to tell whether a document's words changed. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The words of a document all fields but the title are searched in, one string. */
function bodyOf(doc: SearchDoc): string {
  return doc.type === 'article'
    ? `${doc.title ?? ''}\n${doc.text ?? ''}`
    : `${doc.quote}\n${doc.note}\n${doc.tags}`;
}

export interface IndexHit {
  /** The document's id (`a:…` article, `n:…` annotation). */
  id: string;
  type: SearchDoc['type'];
  articleId: string;
  score: number;
}

export interface StoredIndex {
  version: number;
  fingerprint: string;
  /** JSON: the documents' ids by number (null where a document was replaced or removed). */
  ids: string;
  /** JSON: the documents' article ids by number. */
  articles: string;
  /** JSON: the hashes of what was indexed, by number. */
  hashes: string;
  /** FlexSearch's export, chunk by chunk, for the body and the title indexes. */
  body: [string, string][];
  title: [string, string][];
}

/**
 * The library's search index: two FlexSearch indexes (every searchable word of a document, and
 * article titles for ranking) keyed by small numbers, which keep the index and its stored copy
 * compact. A changed or removed document is not taken out of FlexSearch (that scans the whole
 * index): its number is retired and skipped in results, and a changed one is added again under
 * a new number. `retired` says how much of the index is dead weight; the worker rebuilds it
 * when that grows large.
 */
export class LibraryIndex {
  private body = newFlex();
  private title = newFlex();
  /** Number → document id, or null once retired. */
  private ids: (string | null)[] = [];
  private articles: string[] = [];
  /** Number → a hash of what was indexed, so that an unchanged document is left alone. */
  private hashes: number[] = [];
  private numberOf = new Map<string, number>();
  retired = 0;

  /** Whether retired documents have grown to a quarter of the index: time to rebuild it. */
  get wasteful(): boolean {
    return this.retired > 1000 && this.retired > this.numberOf.size / 4;
  }

  get size(): number {
    return this.numberOf.size;
  }

  has(id: string): boolean {
    return this.numberOf.has(id);
  }

  /** Adds, replaces (`doc` for an indexed id) or removes (null) one document. */
  put(id: string, doc: SearchDoc | null): void {
    const old = this.numberOf.get(id);
    const text = doc ? bodyOf(doc) : '';
    const hash = doc ? hashOf(text) : 0;
    if (old !== undefined && doc && this.hashes[old] === hash && this.articles[old] === doc.articleId) return;
    if (old !== undefined) {
      this.ids[old] = null;
      this.numberOf.delete(id);
      this.retired++;
    }
    if (!doc) return;
    const n = this.ids.length;
    this.ids.push(id);
    this.articles.push(doc.articleId);
    this.hashes.push(hash);
    this.numberOf.set(id, n);
    this.body.add(n, text);
    if (doc.type === 'article' && doc.title) this.title.add(n, doc.title);
  }

  addAll(docs: SearchDoc[]): void {
    for (const doc of docs) this.put(doc.id, doc);
  }

  /** The live numbers among FlexSearch's results for `query` in one index, best first. */
  private live(index: FlexIndex, query: string, want: number): number[] {
    const out: number[] = [];
    // Retired numbers are skipped; page on until `want` live ones are found or none are left.
    for (let offset = 0; out.length < want;) {
      const page = index.search(query, { limit: want, offset }) as number[];
      for (const n of page) if (this.ids[n] !== null && out.length < want) out.push(n);
      if (page.length < want) break;
      offset += page.length;
    }
    return out;
  }

  /**
   * The best `limit` documents matching every word of `query` (each word may be the start of a
   * longer one), and how many match in all, counted up to {@link COUNT_CAP}. Titles count
   * more: the text and title rankings are fused by reciprocal rank.
   */
  search(query: string, limit: number): { hits: IndexHit[]; total: number } {
    if (encoder.encode(query).length === 0) return { hits: [], total: 0 };
    const body = this.live(this.body, query, COUNT_CAP);
    const title = this.live(this.title, query, limit);
    const score = new Map<number, number>();
    const bump = (list: number[], weight: number) =>
      list.forEach((n, rank) => score.set(n, (score.get(n) ?? 0) + weight / (RANK_DAMPING + rank)));
    bump(body.slice(0, limit + title.length), 1);
    bump(title, TITLE_BOOST);
    const hits = [...score]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([n, s]) => {
        const id = this.ids[n]!;
        return {
          id,
          type: id.startsWith('a:') ? ('article' as const) : ('annotation' as const),
          articleId: this.articles[n]!,
          score: s,
        };
      });
    return { hits, total: body.length };
  }

  async export(fingerprint: string): Promise<StoredIndex> {
    const chunks = async (index: FlexIndex) => {
      const out: [string, string][] = [];
      await index.export((key: string, data: string) => {
        out.push([key, data]);
      });
      return out;
    };
    return {
      version: SEARCH_INDEX_VERSION,
      fingerprint,
      ids: JSON.stringify(this.ids),
      articles: JSON.stringify(this.articles),
      hashes: JSON.stringify(this.hashes),
      body: await chunks(this.body),
      title: await chunks(this.title),
    };
  }

  static import(stored: StoredIndex): LibraryIndex {
    const index = new LibraryIndex();
    index.ids = JSON.parse(stored.ids) as (string | null)[];
    index.articles = JSON.parse(stored.articles) as string[];
    index.hashes = JSON.parse(stored.hashes) as number[];
    if (index.ids.length !== index.articles.length || index.ids.length !== index.hashes.length)
      throw new Error('The stored search index is inconsistent.');
    index.ids.forEach((id, n) => {
      if (id === null) index.retired++;
      else index.numberOf.set(id, n);
    });
    for (const [key, data] of stored.body) index.body.import(key, data);
    for (const [key, data] of stored.title) index.title.import(key, data);
    return index;
  }
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

/**
 * The stored index, if there is one and it matches the database: as it is now, or as it was
 * when `expected` (its {@link fingerprint}) was taken (the caller then brings it up to date with
 * the changes since).
 */
export async function loadStoredIndex(db: GlossDB, expected?: string): Promise<LibraryIndex | null> {
  const [stored, now] = await Promise.all([getMeta(db, META_KEY), expected ?? fingerprint(db)]);
  if (!stored || stored.version !== SEARCH_INDEX_VERSION || stored.fingerprint !== now) return null;
  try {
    return LibraryIndex.import(stored);
  } catch {
    return null;
  }
}

/** Stores the index with the database's fingerprint as it is now. */
export async function storeIndex(db: GlossDB, index: LibraryIndex): Promise<void> {
  const value = await index.export(await fingerprint(db));
  await putMeta(db, META_KEY, value);
}

const CHUNK = 500;

/**
 * Builds the index from the whole database, reading bodies and annotations in chunks (keyset
 * pages, so memory stays bounded); `progress` gets the documents done so far.
 */
export async function buildIndex(
  db: GlossDB,
  progress: (done: number, total: number) => void = () => {},
): Promise<LibraryIndex> {
  const index = new LibraryIndex();
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
  index: LibraryIndex,
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
    index.put(articleDocId(id), meta && body ? articleDoc(meta, body) : null);
  });
  annotationIds.forEach((id, i) => {
    const a = annotations[i];
    index.put(annotationDocId(id), a ? annotationDoc(a) : null);
  });
}

/**
 * Whether a word of a document matches a word of the query as the index matched it: the
 * document word, encoded, starts with an encoded query word.
 */
export function wordMatcher(query: string): (word: string) => boolean {
  const terms = [...new Set(encoder.encode(query))];
  const seen = new Map<string, boolean>();
  return (word) => {
    let hit = seen.get(word);
    if (hit === undefined) {
      hit = encoder.encode(word).some((w) => terms.some((t) => w.startsWith(t)));
      seen.set(word, hit);
    }
    return hit;
  };
}
