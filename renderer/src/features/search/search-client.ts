import { onStoreChange } from '../../db/changes';
import type { GlossDB } from '../../db/db';
import type { SearchHit, SearchReply, SearchRequest } from './protocol';

export type SearchStatus = Extract<SearchReply, { type: 'status' }>;
export interface SearchResults {
  query: string;
  hits: SearchHit[];
  total: number;
  capped: boolean;
  ms: number;
  indexMs: number;
}

/**
 * The page's side of the search worker: queries and the index's status. The worker hears of
 * every article and annotation a committed transaction wrote (imports, edits, merges, deletions,
 * a team sync, other windows) from the store's change feed itself, not through this page.
 */
export class SearchClient {
  private readonly worker: Worker;
  private seq = 0;
  private waiting = new Map<number, (results: SearchResults) => void>();
  private statusListeners = new Set<(status: SearchStatus) => void>();
  status: SearchStatus = { type: 'status', state: 'loading' };

  /** The last change of the store this window has heard of (see `after` in the protocol). */
  private lastChange: string | null = null;

  constructor(db: GlossDB) {
    this.worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (event: MessageEvent<SearchReply>) => this.receive(event.data));
    this.dbName = db.name;
    onStoreChange(db, (change) => {
      if (change.stamp) this.lastChange = change.stamp;
    });
  }

  private readonly dbName: string;
  private started = false;

  /**
   * Lets the worker load (or build) the index. The app calls this once the library is on
   * screen, so that the index's large read does not compete with start-up; a search starts it
   * at once.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.post({ type: 'open', dbName: this.dbName });
  }

  private post(request: SearchRequest): void {
    this.worker.postMessage(request);
  }

  private receive(reply: SearchReply): void {
    if (reply.type === 'status') {
      this.status = reply;
      for (const listener of this.statusListeners) listener(reply);
      return;
    }
    const resolve = this.waiting.get(reply.seq);
    this.waiting.delete(reply.seq);
    resolve?.({
      query: reply.query,
      hits: reply.hits,
      total: reply.total,
      capped: reply.capped,
      ms: reply.ms,
      indexMs: reply.indexMs,
    });
  }

  /** Ranked results for `query`; an earlier search still running resolves too (callers keep the latest). */
  search(query: string, limit = 50): Promise<SearchResults> {
    this.start();
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      this.post({ type: 'search', seq, query, limit, after: this.lastChange });
    });
  }

  onStatus(listener: (status: SearchStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
}

let client: SearchClient | null = null;

/** The app's one search client, started on first use. */
export function searchClient(db: GlossDB): SearchClient {
  client ??= new SearchClient(db);
  return client;
}
