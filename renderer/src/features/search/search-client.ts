import { keyCount, keySlices, onStoreChange, type StoreChange } from '../../db/changes';
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
 * The page's side of the search worker. The store's change feed names every article and
 * annotation a committed transaction wrote (imports, edits, merges, deletions, other windows);
 * the worker is told which records to read again.
 */
export class SearchClient {
  private readonly worker: Worker;
  private seq = 0;
  private waiting = new Map<number, (results: SearchResults) => void>();
  private statusListeners = new Set<(status: SearchStatus) => void>();
  status: SearchStatus = { type: 'status', state: 'loading' };

  constructor(db: GlossDB) {
    this.worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (event: MessageEvent<SearchReply>) => this.receive(event.data));
    this.dbName = db.name;
    this.watch(db);
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
      this.post({ type: 'search', seq, query, limit });
    });
  }

  onStatus(listener: (status: SearchStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Tells the worker which articles and annotations each committed change wrote (the store's
   * feed). A large change (an opened project: 10,000 articles and 100,000 annotations) is told in
   * slices of {@link SLICE} keys, one message per turn of the event loop, in order: copying
   * 110,000 keys to the worker in one message held the window's thread for one long task.
   */
  private watch(db: GlossDB): void {
    onStoreChange(db, (change) => {
      const count =
        keyCount(change, 'articles') + keyCount(change, 'bodies') + keyCount(change, 'annotations');
      if (count === 0) return;
      if (count <= SLICE && !this.draining) {
        this.post(changedOf(change));
        return;
      }
      // Read (and split) in turns of its own, after the slices of any earlier change.
      if (count <= SLICE) {
        let told = false;
        this.queue.push(() => (told ? null : ((told = true), changedOf(change))));
      } else {
        const articles = keySlices(change, 'articles', SLICE);
        const bodies = keySlices(change, 'bodies', SLICE);
        const annotations = keySlices(change, 'annotations', SLICE);
        // A text written with its article's details (an import, an opened project) is told once.
        let named: Set<string> | null = null;
        const next = (): SearchRequest | null => {
          const a = articles.next();
          if (!a.done) return { type: 'changed', articles: a.value, annotations: [] };
          named ??= new Set(change.keys.articles ?? []);
          for (let b = bodies.next(); !b.done; b = bodies.next()) {
            const fresh = b.value.filter((id) => !named!.has(id));
            if (fresh.length) return { type: 'changed', articles: fresh, annotations: [] };
          }
          const n = annotations.next();
          return n.done ? null : { type: 'changed', articles: [], annotations: n.value };
        };
        this.queue.push(next);
      }
      this.drain();
    });
  }

  /**
   * Changes not yet posted, in order: each gives its next message when asked, null when it has
   * none left. One message is posted per turn of the event loop.
   */
  private queue: (() => SearchRequest | null)[] = [];
  private draining = false;

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const step = () => {
      let request: SearchRequest | null = null;
      while (this.queue.length && !(request = this.queue[0]!())) this.queue.shift();
      if (!request) {
        this.draining = false;
        return;
      }
      this.post(request);
      setTimeout(step, 0);
    };
    setTimeout(step, 0);
  }
}

/** Keys per message to the search worker when a change is large. */
const SLICE = 5000;

/** A small change as one message: the articles (texts and details alike) and annotations it wrote. */
function changedOf(change: StoreChange): SearchRequest {
  return {
    type: 'changed',
    articles: [...new Set([...(change.keys.articles ?? []), ...(change.keys.bodies ?? [])])],
    annotations: change.keys.annotations ?? [],
    // A team sync's page (1,000 annotations) read back one by one cost the store as much again.
    ...(change.annotations ? { written: change.annotations.map(({ id, value }) => ({ id, value })) } : {}),
  };
}

let client: SearchClient | null = null;

/** The app's one search client, started on first use. */
export function searchClient(db: GlossDB): SearchClient {
  client ??= new SearchClient(db);
  return client;
}
