import { pickIds, type PickIds } from '../../app/pick-ids';
import {
  compileFilter,
  rowArticle,
  toFilterRow,
  type RowArticle,
  type RowTest,
} from '../../../../core/filter';
import type { AnnotationFilter, Reliability } from '../../../../core/model';
import type { WrittenAnnotation } from '../../db/changes';
import type { GlossDB } from '../../db/db';
import { sourceGrades } from '../../db/library';
import { aggregateOverview, type OverviewData } from '../overview/aggregate';
import { patchRows, readAll, type ReadProgress, type RowContext } from './read-rows';
import { sortRows, type TableRow, type TableSort } from './table-view';

/** What the table shows: which rows (filter, pinned set), in which order, and which of them. */
export interface TableQuery {
  filter: AnnotationFilter;
  sort: TableSort;
  /** A pinned set's annotations: only these rows are shown (null: every row). */
  pinned: readonly string[] | null;
  /** The rows wanted, `[start, end)` in the query's order. */
  start: number;
  end: number;
}

/** The rows of one query from `start` on, and what is known of the rest. */
export interface TableWindow {
  start: number;
  rows: TableRow[];
  /** How many rows pass the query; null while not known (only the first rows have been read). */
  matched: number | null;
  /** How many live annotations the project has; null while not known. */
  total: number | null;
  /** Whether every annotation has been read: counts are exact, any column sorts. */
  complete: boolean;
}

/** The first rows by date are read this many index entries at a time (doubling, up to 5,000). */
const FIRST_PAGE = 200;
const LARGEST_PAGE = 5000;
/** Rows further down than this wait for the full read rather than walk the index that far. */
const EARLY_ROWS = 20_000;

/** How far a walk of the `createdAt` index for one query has come (kept: scrolling continues it). */
interface EarlyScan {
  key: string;
  found: TableRow[];
  /** Index entries read. */
  seen: number;
  /** Live annotations among them. */
  live: number;
  size: number;
  ended: boolean;
  /** The walk's steps run one after another (two windows of one query may be asked at once). */
  turn: Promise<unknown>;
}

/**
 * The annotations table's rows, held where the table's worker runs (`table.worker.ts`), so that
 * the window's thread never holds, filters or sorts the whole project: it asks for the rows in
 * view and gets those alone.
 *
 * Every annotation is read once (page by page, with progress) and kept as `core/filter` rows,
 * then kept current from the store's change feed: written annotations are patched in, larger
 * changes and changes to articles or source grades read everything again. Until that first read
 * is done, a query sorted by date is answered through the `createdAt` index: its first rows are
 * read in order, filtered with the same compiled filter, and returned as soon as the rows wanted
 * are found, so the table shows rows in well under a second however large the project. Other
 * sorts wait for the full read (progress is reported meanwhile).
 */
export class TableModel {
  private rows: TableRow[] | null = null;
  private context: RowContext | null = null;
  private generation = 0;
  private pending: WrittenAnnotation[][] = [];
  private loading: Promise<void> | null = null;
  private sortedBy: { key: string; rows: TableRow[] } | null = null;
  private filtered: { key: string; rows: TableRow[] } | null = null;
  /** What the first rows were made with before the full read: articles met so far, the grades. */
  private early: {
    articles: Map<string, RowArticle | undefined>;
    grades: Map<string, Reliability>;
    /** Walks by query (sort direction, filter, pinned set); dropped on every write. */
    scans: Map<string, EarlyScan>;
  } | null = null;

  constructor(
    private readonly db: GlossDB,
    private readonly events: {
      /** How far the full read has come. */
      progress?(progress: ReadProgress): void;
      /** The rows changed (a write, or the full read finished): ask for the window again. */
      changed?(): void;
    } = {},
  ) {}

  /** Whether every annotation has been read. */
  get complete(): boolean {
    return this.rows !== null;
  }

  /** Whether the full read has begun (or is done). */
  get started(): boolean {
    return this.loading !== null || this.rows !== null;
  }

  /** Reads every annotation (again, after a change too large to patch in). */
  load(): Promise<void> {
    const mine = ++this.generation;
    // Writes announced before this point were committed before this read begins: it has them.
    this.pending = [];
    const read = readAll(this.db, (p) => {
      if (mine === this.generation) this.events.progress?.(p);
    }).then((result) => {
      if (mine !== this.generation) return;
      const queued = this.pending;
      this.pending = [];
      this.context = result.context;
      this.rows = queued.reduce((r, written) => patchRows(r, written, result.context), result.rows);
      this.early = null;
      this.forget();
      this.events.changed?.();
    });
    this.loading = read;
    // A failed read is tried again by the next query that needs every row.
    read.catch(() => {
      if (this.loading === read) this.loading = null;
    });
    return read;
  }

  /** Applies the annotation records a committed change carried. */
  patch(written: WrittenAnnotation[]): void {
    this.pending.push(written);
    this.early?.scans.clear();
    if (this.rows && this.context) {
      this.rows = patchRows(this.rows, written, this.context);
      this.forget();
    }
    this.events.changed?.();
  }

  /** A change too large to carry its records, or one to articles or source grades: read again. */
  reload(): void {
    this.early = null;
    void this.load().catch(() => {
      // The rows stay as they were; the next change reads again.
    });
    this.events.changed?.();
  }

  private forget(): void {
    this.sortedBy = null;
    this.filtered = null;
  }

  private async whenComplete(): Promise<TableRow[]> {
    while (!this.rows) {
      if (!this.loading) void this.load();
      await this.loading;
    }
    return this.rows;
  }

  private static testOf(query: Pick<TableQuery, 'filter' | 'pinned'>): RowTest {
    const test = compileFilter(query.filter);
    if (!query.pinned) return test;
    const pinned = new Set(query.pinned);
    return (row) => pinned.has(row.id) && test(row);
  }

  /** Every row passing the query, in its order (kept until the rows or the query change). */
  private async matching(query: Pick<TableQuery, 'filter' | 'sort' | 'pinned'>): Promise<TableRow[]> {
    const rows = await this.whenComplete();
    const sortKey = `${query.sort.column}:${query.sort.descending}`;
    if (this.sortedBy?.key !== sortKey) {
      this.sortedBy = { key: sortKey, rows: sortRows(rows, query.sort) };
      this.filtered = null;
    }
    const key = JSON.stringify([query.filter, query.pinned]);
    if (this.filtered?.key !== key) {
      this.filtered = { key, rows: this.sortedBy.rows.filter(TableModel.testOf(query)) };
    }
    return this.filtered.rows;
  }

  /** The rows `[start, end)` of a query, and how many rows pass it. */
  async window(query: TableQuery): Promise<TableWindow> {
    if (!this.rows && query.sort.column === 'date' && query.end <= EARLY_ROWS) return this.firstByDate(query);
    const rows = await this.matching(query);
    return {
      start: query.start,
      rows: rows.slice(query.start, query.end),
      matched: rows.length,
      total: this.rows!.length,
      complete: true,
    };
  }

  /**
   * The ids of the rows passing a query, in its order (waits for the full read): all of them;
   * only those `among` some ids (a selection, narrowed to what is shown); or those `between` two
   * rows, both included, in either order (a Shift+click range; empty if either is not shown).
   */
  async ids(query: Pick<TableQuery, 'filter' | 'sort' | 'pinned'>, options: PickIds = {}): Promise<string[]> {
    const rows = await this.matching(query);
    return pickIds(rows, options);
  }

  /**
   * The Overview's figures for the rows passing a filter (and pinned set), counted here (waits for
   * the full read), with how many live annotations the project has.
   */
  async overview(query: Pick<TableQuery, 'filter' | 'pinned'>): Promise<{ data: OverviewData; all: number }> {
    const rows = await this.whenComplete();
    const test = TableModel.testOf(query);
    return { data: aggregateOverview(rows.filter(test)), all: rows.length };
  }

  /**
   * A date-sorted window before every annotation is read: the `createdAt` index is walked in the
   * query's direction (ties in id order, as `sortRows` breaks them), each live annotation made a
   * row and filtered, until `end` rows pass or the index ends (then the counts are exact).
   */
  private async firstByDate(query: TableQuery): Promise<TableWindow> {
    const { db } = this;
    const early = (this.early ??= { articles: new Map(), grades: await sourceGrades(db), scans: new Map() });
    const test = TableModel.testOf(query);
    const key = JSON.stringify([query.sort.descending, query.filter, query.pinned]);
    // A query asked again (the next rows, as the view scrolls) continues its walk.
    let scan = early.scans.get(key);
    if (!scan) {
      if (early.scans.size >= 8) early.scans.clear();
      scan = { key, found: [], seen: 0, live: 0, size: FIRST_PAGE, ended: false, turn: Promise.resolve() };
      early.scans.set(key, scan);
    }
    const walk = scan;
    const step = walk.turn.then(() => this.walk(early, walk, test, query));
    walk.turn = step.catch(() => {});
    const void_ = await step;
    // A write since the walk began: it is void, and the query is answered afresh.
    if (void_) return this.window(query);
    return {
      start: query.start,
      rows: walk.found.slice(query.start, query.end),
      matched: walk.ended ? walk.found.length : null,
      total: walk.ended ? walk.live : null,
      complete: false,
    };
  }

  /** Walks on until `query.end` rows pass or the index ends; true if a write voided the walk. */
  private async walk(
    early: NonNullable<TableModel['early']>,
    scan: EarlyScan,
    test: RowTest,
    query: TableQuery,
  ): Promise<boolean> {
    const { db } = this;
    const { found } = scan;
    while (found.length < query.end && !scan.ended) {
      if (this.early !== early || early.scans.get(scan.key) !== scan) return true;
      const ordered = db.annotations.orderBy('createdAt');
      const page = await (query.sort.descending ? ordered.reverse() : ordered)
        .offset(scan.seen)
        .limit(scan.size)
        .toArray();
      if (this.early !== early || early.scans.get(scan.key) !== scan) return true;
      scan.seen += page.length;
      const missing = [...new Set(page.map((a) => a.articleId))].filter((id) => !early.articles.has(id));
      if (missing.length) {
        const metas = await db.articles.bulkGet(missing);
        missing.forEach((id, i) => {
          const meta = metas[i];
          early.articles.set(id, meta ? rowArticle(meta) : undefined);
        });
      }
      for (const a of page) {
        if (a.deletedAt !== null) continue;
        scan.live++;
        const row = toFilterRow(a, early.articles.get(a.articleId), early.grades);
        if (test(row)) found.push(row);
      }
      if (page.length < scan.size) scan.ended = true;
      scan.size = Math.min(LARGEST_PAGE, scan.size * 2);
    }
    return false;
  }
}
