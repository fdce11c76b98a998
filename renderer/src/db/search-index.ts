import FlexSearch from 'flexsearch';
import { quoteSelector, type Annotation } from '../../../core/model';
import { getMeta, putMeta, type ArticleBody, type ArticleMeta, type GlossDB } from './db';
import { packPostings, unpackPostings, type Buckets } from './search-pack';

const { Index, Encoder, Charset } = FlexSearch;
type FlexIndex = InstanceType<typeof Index>;

/**
 * Bumped whenever what is indexed, or how, changes: a stored index of another version is
 * rebuilt rather than loaded. (1: MiniSearch; 2: FlexSearch, numeric ids, tombstones; 3: whole
 * words only, prefixes found through the sorted words, posting lists packed as bytes.)
 */
export const SEARCH_INDEX_VERSION = 3;
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
 * "800 million" never finds "80 million". No cache: FlexSearch's keeps up to 200,000 encoded
 * strings, which a build of 200,000 distinct annotations only fills and clears (a build ran about
 * a quarter faster without it).
 */
export const encoder = new Encoder({ ...Charset.Normalize, dedupe: false, numeric: false, cache: false });

/** Matching ids asked for per query: enough to say "1,000+ results" without ranking them all. */
export const COUNT_CAP = 1000;
/** A title match weighs this many times a match in the text (reciprocal-rank fusion). */
const TITLE_BOOST = 3;
const RANK_DAMPING = 10;

/** What LibraryIndex reads of a FlexSearch index: its posting map (term → score buckets → numbers). */
interface FlexInternals {
  map: Map<string, Buckets>;
}

function newFlex(): FlexIndex {
  // "strict": each word is indexed once, whole. That a query word may be the start of a longer
  // one is resolved when searching, through the sorted list of indexed words ("negotiat" →
  // "negotiate", "negotiations", …): indexing every prefix ("forward") made the index 4.5 times
  // larger and its build 3 times slower.
  return new Index({ tokenize: 'strict', encoder });
}

const mapOf = (index: FlexIndex) => (index as unknown as FlexInternals).map;

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

/** One FlexSearch index's posting map, packed (`search-pack.ts`). */
export interface StoredPostings {
  /** JSON: the indexed words, in the order of `data`. */
  terms: string;
  data: Uint8Array;
}

export interface StoredIndex {
  version: number;
  fingerprint: string;
  /** JSON: the documents' ids by number (null where a document was replaced or removed). */
  ids: string;
  /** JSON: the article ids the documents belong to, each once. */
  articleIds: string;
  /** Number → the document's article, as a position in `articleIds`. */
  articleOf: Uint32Array;
  /** Number → the hash of what was indexed. */
  hashes: Uint32Array;
  body: StoredPostings;
  title: StoredPostings;
}

/**
 * The indexed words of one FlexSearch index in order, to find those a query word is the start
 * of. Words are never taken out of an index (retired numbers stay in it) and a Map lists its
 * keys in the order they were added, so the words added since the last query are the last keys:
 * only they are sorted, then merged in.
 */
class Vocabulary {
  private sorted: string[] = [];
  private size = 0;

  constructor(private readonly map: () => Map<string, Buckets>) {}

  private update(): void {
    const map = this.map();
    if (map.size === this.size) return;
    const fresh: string[] = [];
    let i = 0;
    for (const word of map.keys()) if (i++ >= this.size) fresh.push(word);
    fresh.sort();
    const old = this.sorted;
    const merged = new Array<string>(old.length + fresh.length);
    let a = 0;
    let b = 0;
    for (let k = 0; k < merged.length; k++)
      merged[k] = b >= fresh.length || (a < old.length && old[a]! < fresh[b]!) ? old[a++]! : fresh[b++]!;
    this.sorted = merged;
    this.size = map.size;
  }

  /** The indexed words starting with `prefix`, the word itself first. */
  startingWith(prefix: string): string[] {
    this.update();
    const words = this.sorted;
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < words.length && words[i]!.startsWith(prefix); i++) out.push(words[i]!);
    return out;
  }
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
  private bodyWords = new Vocabulary(() => mapOf(this.body));
  private titleWords = new Vocabulary(() => mapOf(this.title));
  /** Number → document id, or null once retired. */
  private ids: (string | null)[] = [];
  /** Number → the document's article, as a position in `articleIds`. */
  private articleOf: number[] = [];
  private articleIds: string[] = [];
  private articleNumber = new Map<string, number>();
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

  private articleAt(articleId: string): number {
    let k = this.articleNumber.get(articleId);
    if (k === undefined) {
      k = this.articleIds.push(articleId) - 1;
      this.articleNumber.set(articleId, k);
    }
    return k;
  }

  /** Adds, replaces (`doc` for an indexed id) or removes (null) one document. */
  put(id: string, doc: SearchDoc | null): void {
    const old = this.numberOf.get(id);
    const text = doc ? bodyOf(doc) : '';
    const hash = doc ? hashOf(text) : 0;
    if (
      old !== undefined &&
      doc &&
      this.hashes[old] === hash &&
      this.articleIds[this.articleOf[old]!] === doc.articleId
    )
      return;
    if (old !== undefined) {
      this.ids[old] = null;
      this.numberOf.delete(id);
      this.retired++;
    }
    if (!doc) return;
    const n = this.ids.length;
    this.ids.push(id);
    this.articleOf.push(this.articleAt(doc.articleId));
    this.hashes.push(hash);
    this.numberOf.set(id, n);
    this.body.add(n, text);
    if (doc.type === 'article' && doc.title) this.title.add(n, doc.title);
  }

  addAll(docs: SearchDoc[]): void {
    for (const doc of docs) this.put(doc.id, doc);
  }

  /**
   * The live numbers of documents holding, for every word of the query, an indexed word it is
   * the start of; at most `want`, best first. The query word whose matches are fewest leads:
   * its matches are walked in FlexSearch's score order (earlier in the document is better),
   * the others' are marked first and checked. Among the ones found, a document whose other
   * words also come early ranks higher.
   */
  private live(index: FlexIndex, words: Vocabulary, terms: string[], want: number): number[] {
    const map = mapOf(index);
    const lists = terms.map((term) => {
      const buckets = words.startingWith(term).map((w) => map.get(w)!);
      let count = 0;
      for (const b of buckets) for (const ids of b) count += ids?.length ?? 0;
      return { buckets, count };
    });
    if (lists.some((l) => l.count === 0)) return [];
    lists.sort((a, b) => a.count - b.count);
    const [lead, ...rest] = lists;
    // Scratch marks, one per number, reused from query to query: a mark counts only when it
    // carries this query's stamp (the low 4 bits hold a score slot + 1).
    const marks = this.scratch(rest.length + 1);
    const stamp = (this.stamp = (this.stamp + 1) & 0x07ffffff || 1) << 4;
    // For each other word: its best score slot in each number holding it.
    rest.forEach(({ buckets }, k) => {
      const mark = marks[k + 1]!;
      for (const b of buckets)
        b.forEach((ids, slot) => {
          if (!ids) return;
          for (const n of ids) {
            const m = mark[n]!;
            if ((m & ~15) !== stamp || (m & 15) > slot + 1) mark[n] = stamp | (slot + 1);
          }
        });
    });
    const seen = marks[0]!;
    const once = lead!.buckets.length > 1;
    const found: number[] = [];
    const scores: number[] = [];
    const depth = lead!.buckets.reduce((d, b) => Math.max(d, b.length), 0);
    walk: for (let slot = 0; slot < depth; slot++) {
      for (const b of lead!.buckets) {
        const ids = b[slot];
        if (!ids) continue;
        for (const n of ids) {
          if (this.ids[n] === null) continue;
          if (once) {
            if (seen[n] === stamp) continue;
            seen[n] = stamp;
          }
          let score = slot;
          let all = true;
          for (let k = 1; k <= rest.length; k++) {
            const m = marks[k]![n]!;
            if ((m & ~15) !== stamp) {
              all = false;
              break;
            }
            score += (m & 15) - 1;
          }
          if (!all) continue;
          found.push(n);
          scores.push(score);
          if (found.length >= want) break walk;
        }
      }
    }
    if (rest.length === 0) return found;
    // Stable: equal scores keep the lead word's order (its exact form, then longer words).
    return found
      .map((n, i) => i)
      .sort((a, b) => scores[a]! - scores[b]!)
      .map((i) => found[i]!);
  }

  private stamp = 0;
  private marks: Uint32Array[] = [];

  /** `count` mark arrays with room for every number. */
  private scratch(count: number): Uint32Array[] {
    if (this.marks[0] && this.marks[0].length < this.ids.length) this.marks = [];
    while (this.marks.length < count)
      this.marks.push(new Uint32Array(Math.max(1024, Math.ceil(this.ids.length * 1.25))));
    return this.marks;
  }

  /**
   * The best `limit` documents matching every word of `query` (each word may be the start of a
   * longer one), and how many match in all, counted up to {@link COUNT_CAP}. Titles count
   * more: the text and title rankings are fused by reciprocal rank.
   */
  search(query: string, limit: number): { hits: IndexHit[]; total: number } {
    const terms = [...new Set(encoder.encode(query))];
    if (terms.length === 0) return { hits: [], total: 0 };
    const body = this.live(this.body, this.bodyWords, terms, COUNT_CAP);
    const title = this.live(this.title, this.titleWords, terms, limit);
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
          articleId: this.articleIds[this.articleOf[n]!]!,
          score: s,
        };
      });
    return { hits, total: body.length };
  }

  export(fingerprint: string): StoredIndex {
    const pack = (index: FlexIndex): StoredPostings => {
      const { terms, data } = packPostings(mapOf(index));
      return { terms: JSON.stringify(terms), data };
    };
    return {
      version: SEARCH_INDEX_VERSION,
      fingerprint,
      ids: JSON.stringify(this.ids),
      articleIds: JSON.stringify(this.articleIds),
      articleOf: Uint32Array.from(this.articleOf),
      hashes: Uint32Array.from(this.hashes),
      body: pack(this.body),
      title: pack(this.title),
    };
  }

  static import(stored: StoredIndex): LibraryIndex {
    if (
      !(stored.articleOf instanceof Uint32Array) ||
      !(stored.hashes instanceof Uint32Array) ||
      !(stored.body?.data instanceof Uint8Array) ||
      !(stored.title?.data instanceof Uint8Array)
    )
      throw new Error('The stored search index is not in the expected form.');
    const index = new LibraryIndex();
    index.ids = JSON.parse(stored.ids) as (string | null)[];
    index.articleIds = JSON.parse(stored.articleIds) as string[];
    index.articleOf = Array.from(stored.articleOf);
    index.hashes = Array.from(stored.hashes);
    const count = index.ids.length;
    if (
      index.articleOf.length !== count ||
      index.hashes.length !== count ||
      index.articleOf.some((k) => k >= index.articleIds.length)
    )
      throw new Error('The stored search index is inconsistent.');
    index.articleIds.forEach((id, k) => index.articleNumber.set(id, k));
    index.ids.forEach((id, n) => {
      if (id === null) index.retired++;
      else index.numberOf.set(id, n);
    });
    const load = (flex: FlexIndex, postings: StoredPostings) => {
      const entries = unpackPostings(JSON.parse(postings.terms) as string[], postings.data);
      for (const [, buckets] of entries)
        for (const ids of buckets)
          if (ids?.some((n) => n >= count)) throw new Error('The stored search index is inconsistent.');
      // FlexSearch's own import takes the [term, buckets] entries its JSON export would hold.
      // Its register of added keys is not restored: every number is added once, never updated.
      (flex.import as (key: string, data: unknown) => void)('map', entries);
    };
    load(index.body, stored.body);
    load(index.title, stored.title);
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
  const value = index.export(await fingerprint(db));
  await putMeta(db, META_KEY, value);
}

const CHUNK = 500;

/**
 * Builds the index from the whole database in slices: article bodies 500 at a time, then
 * annotations in keyset pages of 5,000 (memory stays bounded), each slice read while the one
 * before is indexed; `progress` gets the records done so far. `metas` saves reading the
 * articles' metadata again when the caller has it.
 */
export async function buildIndex(
  db: GlossDB,
  progress: (done: number, total: number) => void = () => {},
  metas?: ArticleMeta[],
): Promise<LibraryIndex> {
  const index = new LibraryIndex();
  metas ??= await db.articles.toArray();
  const total = metas.length + (await db.annotations.count());
  let done = 0;
  const bodies = (from: number) => db.bodies.bulkGet(metas.slice(from, from + CHUNK).map((m) => m.id));
  let next = bodies(0);
  for (let i = 0; i < metas.length; i += CHUNK) {
    const page = await next;
    if (i + CHUNK < metas.length) next = bodies(i + CHUNK);
    const docs: SearchDoc[] = [];
    page.forEach((body, k) => {
      if (body) docs.push(articleDoc(metas[i + k]!, body));
    });
    index.addAll(docs);
    progress((done += page.length), total);
  }
  const annotations = (after: string) =>
    db.annotations
      .where(':id')
      .above(after)
      .limit(CHUNK * 10)
      .toArray();
  let page = await annotations('');
  while (page.length > 0) {
    const following = annotations(page[page.length - 1]!.id);
    index.addAll(page.map(annotationDoc).filter((d): d is SearchDoc => d !== null));
    progress((done += page.length), total);
    page = await following;
  }
  return index;
}

/**
 * Brings the index in step with the stored records of these articles and annotations; those in
 * `written` (what the change that named them wrote, null when it removed them) are taken as
 * given, not read back.
 */
export async function refreshDocs(
  db: GlossDB,
  index: LibraryIndex,
  articleIds: string[],
  annotationIds: string[],
  written?: ReadonlyMap<string, Annotation | null>,
): Promise<void> {
  const unread = written ? annotationIds.filter((id) => !written.has(id)) : annotationIds;
  const [metas, bodies, read] = await Promise.all([
    db.articles.bulkGet(articleIds),
    db.bodies.bulkGet(articleIds),
    db.annotations.bulkGet(unread),
  ]);
  articleIds.forEach((id, i) => {
    const meta = metas[i];
    const body = bodies[i];
    index.put(articleDocId(id), meta && body ? articleDoc(meta, body) : null);
  });
  const readOf = new Map(unread.map((id, i) => [id, read[i]]));
  for (const id of annotationIds) {
    const a = written?.has(id) ? written.get(id) : readOf.get(id);
    index.put(annotationDocId(id), a ? annotationDoc(a) : null);
  }
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
