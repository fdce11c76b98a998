import type { SearchField } from '../../db/search-index';

/** One search result, ready to show: where it is, and an excerpt with the matches marked. */
export interface SearchHit {
  /** The index document's id (`a:` article, `n:` annotation). */
  id: string;
  type: 'article' | 'annotation';
  articleId: string;
  annotationId: string | null;
  articleTitle: string;
  /** The field the excerpt comes from. */
  field: SearchField;
  snippet: string;
  marks: [number, number][];
  /** For an article-text hit: the first match's offsets in the article's text. */
  start: number | null;
  end: number | null;
  score: number;
}

export type SearchRequest =
  | { type: 'open'; dbName: string }
  | {
      type: 'search';
      seq: number;
      query: string;
      limit: number;
      /**
       * The last store change the window had heard of when it asked (`StoreChange.stamp`): the
       * worker answers once it has heard it too, so that an edit just made is in the results.
       */
      after: string | null;
    };

export type SearchReply =
  | {
      type: 'status';
      state: 'loading' | 'building' | 'ready' | 'error';
      done?: number;
      total?: number;
      message?: string;
    }
  | {
      type: 'results';
      seq: number;
      query: string;
      hits: SearchHit[];
      /** Matches in all, counted up to a cap (`capped`: there are at least this many). */
      total: number;
      capped: boolean;
      /** The worker's time for the query and its excerpts; `indexMs`: the index's part of it. */
      ms: number;
      indexMs: number;
    };
