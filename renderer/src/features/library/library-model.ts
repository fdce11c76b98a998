import { pickIds, type PickIds } from '../../app/pick-ids';
import type { Reliability } from '../../../../core/model';
import { keyCount, touches, type StoreChange } from '../../db/changes';
import type { ArticleMeta, GlossDB } from '../../db/db';
import {
  annotationCounts,
  articleCounts,
  articlesTagged,
  sourceGrades,
  type KindCounts,
} from '../../db/library';
import { filterArticles, sortArticles, type LibraryFilter, type LibrarySort } from './library-view';

/** What the library list shows: which articles (filter), in which order. */
export interface LibraryQuery {
  filter: LibraryFilter;
  sort: LibrarySort;
}

/** The articles `[start, start + rows.length)` of a query, and what is known of the rest. */
export interface LibraryWindow {
  start: number;
  rows: ArticleMeta[];
  /** How many articles pass the query. */
  matched: number;
  /** How many articles the library has. */
  total: number;
  /** Every source name, for the filter's list (sorted, case-insensitively). */
  sources: string[];
}

/** Which of the library's records a committed change wrote, as the list's worker is told. */
export type LibraryChange =
  /** Some articles (their ids), or too many to name (null: read every article again). */
  | { table: 'articles'; ids: string[] | null }
  | { table: 'sourceGrades' }
  /** Annotations on some articles (their ids), or too many to name (null: count everything again). */
  | { table: 'annotations'; articleIds: string[] | null };

/** Above this many articles written at once, the model reads every article again. */
export const NAMED_ARTICLES = 500;

/**
 * What the list's worker is told of a committed change: the ids of a few written articles, the
 * articles an annotation write was on, or, for a change too large to name them (an opened
 * project: 10,000 articles, 100,000 annotations), only that everything changed — the page never
 * copies a large change's keys to the worker.
 */
export function libraryChanges(change: StoreChange): LibraryChange[] {
  const out: LibraryChange[] = [];
  // Counted first: a large change's keys are not even split here.
  const articles = keyCount(change, 'articles');
  if (articles)
    out.push({ table: 'articles', ids: articles <= NAMED_ARTICLES ? change.keys.articles! : null });
  if (touches(change, ['sourceGrades'])) out.push({ table: 'sourceGrades' });
  if (touches(change, ['annotations'])) {
    const written = change.annotations;
    out.push({
      table: 'annotations',
      articleIds: written ? [...new Set(written.map((w) => w.articleId))] : null,
    });
  }
  return out;
}

const needsCounts = (q: LibraryQuery) => q.sort.key === 'annotations' || q.filter.hasAnnotations !== 'any';

/**
 * The library list's articles, held where its worker runs (`library.worker.ts`), so that the
 * window's thread never reads, filters or sorts every article of a large library: it asks for the
 * rows in view and gets those alone (the filtering and sorting are `library-view.ts`'s).
 *
 * Every article is read once (one `getAll`), then kept current from what the page forwards of the
 * store's change feed: a few written articles are read again by id, more (an opened project, a
 * merge) bring a full read. Annotation counts per article (the `[articleId+kind]` index's keys)
 * are read only once a query sorts or filters by them, and from then on re-counted for the
 * articles an annotation write touched.
 */
export class LibraryModel {
  private articles: Map<string, ArticleMeta> | null = null;
  private grades: Map<string, Reliability> | null = null;
  private counts: Map<string, KindCounts> | null = null;
  private readonly tagged = new Map<string, Set<string>>();
  private sources: string[] | null = null;
  private shown: { key: string; rows: ArticleMeta[] } | null = null;
  /** Steps that read the store run one after another, so a slower read never overwrites a newer one. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: GlossDB) {}

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const step = this.turn.then(work);
    this.turn = step.catch(() => {});
    return step;
  }

  /** Applies a change the store's feed reported (in turn with reads). */
  changed(change: LibraryChange): Promise<void> {
    return this.inTurn(async () => {
      this.shown = null;
      try {
        await this.apply(change);
      } catch (err) {
        // What is held may be out of date: everything is read again by the next query.
        this.articles = null;
        this.grades = null;
        this.counts = null;
        this.sources = null;
        throw err;
      }
    });
  }

  private async apply(change: LibraryChange): Promise<void> {
    if (change.table === 'articles') {
      this.sources = null;
      if (!this.articles) return;
      if (change.ids === null || change.ids.length > NAMED_ARTICLES) {
        this.articles = null;
        return;
      }
      const metas = await this.db.articles.bulkGet(change.ids);
      change.ids.forEach((id, i) => {
        const meta = metas[i];
        if (meta) this.articles!.set(id, meta);
        else this.articles!.delete(id);
      });
    } else if (change.table === 'sourceGrades') {
      this.grades = null;
    } else {
      this.tagged.clear();
      if (!this.counts) return;
      if (change.articleIds === null) this.counts = null;
      else for (const [id, c] of await articleCounts(this.db, change.articleIds)) this.counts.set(id, c);
    }
  }

  /** Reads what a query needs that is not held (every article, the grades, counts, a tag's articles). */
  private async facts(query: LibraryQuery) {
    if (!this.articles) this.articles = new Map((await this.db.articles.toArray()).map((a) => [a.id, a]));
    this.grades ??= await sourceGrades(this.db);
    if (needsCounts(query)) this.counts ??= await annotationCounts(this.db);
    const { tag } = query.filter;
    if (tag && !this.tagged.has(tag)) this.tagged.set(tag, await articlesTagged(this.db, tag));
    return {
      articles: this.articles,
      grades: this.grades,
      counts: this.counts ?? new Map<string, KindCounts>(),
      tagged: tag ? this.tagged.get(tag)! : null,
    };
  }

  /** Every article passing the query, in its order (kept until the articles or the query change). */
  private matching(query: LibraryQuery): Promise<{ rows: ArticleMeta[]; total: number; sources: string[] }> {
    return this.inTurn(async () => {
      const facts = await this.facts(query);
      const key = JSON.stringify(query);
      if (this.shown?.key !== key) {
        const all = [...facts.articles.values()];
        this.shown = {
          key,
          rows: sortArticles(filterArticles(all, query.filter, facts), query.sort, facts.counts),
        };
      }
      return { rows: this.shown.rows, total: facts.articles.size, sources: this.sourceNames(facts.articles) };
    });
  }

  private sourceNames(articles: ReadonlyMap<string, ArticleMeta>): string[] {
    this.sources ??= [...new Set([...articles.values()].map((a) => a.source).filter(Boolean))].sort((a, b) =>
      a.localeCompare(b, undefined, { sensitivity: 'base' }),
    );
    return this.sources;
  }

  /** The articles `[start, end)` of a query, and how many pass it. */
  async window(query: LibraryQuery, start: number, end: number): Promise<LibraryWindow> {
    const { rows, total, sources } = await this.matching(query);
    return { start, rows: rows.slice(start, end), matched: rows.length, total, sources };
  }

  /**
   * The ids of the articles passing a query, in its order: all of them; only those `among` some
   * ids (a selection, narrowed to what is shown); or those `between` two articles, both included,
   * in either order (a Shift+click range; empty if either is not shown).
   */
  async ids(query: LibraryQuery, options: PickIds = {}): Promise<string[]> {
    const { rows } = await this.matching(query);
    return pickIds(rows, options);
  }

  /** Where an article is in a query's order (-1 when it does not pass). */
  async indexOf(query: LibraryQuery, id: string): Promise<number> {
    const { rows } = await this.matching(query);
    return rows.findIndex((r) => r.id === id);
  }
}
