import type { Transaction } from 'dexie';
import type { GlossDB } from '../../db/db';
import type { SearchHit, SearchReply, SearchRequest } from './protocol';

export type SearchStatus = Extract<SearchReply, { type: 'status' }>;
export interface SearchResults {
  query: string;
  hits: SearchHit[];
  total: number;
  capped: boolean;
  ms: number;
}

/**
 * The page's side of the search worker. Dexie hooks on the articles, bodies and annotations
 * tables note every record this page writes (imports, edits, merges, deletions); when the
 * transaction commits, the worker is told which records to read again.
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

  private watch(db: GlossDB): void {
    const pending = new WeakMap<Transaction, { articles: Set<string>; annotations: Set<string> }>();
    const note = (tx: Transaction, kind: 'articles' | 'annotations', id: unknown) => {
      if (typeof id !== 'string') return;
      let batch = pending.get(tx);
      if (!batch) {
        const created = { articles: new Set<string>(), annotations: new Set<string>() };
        pending.set(tx, created);
        tx.on('complete', () =>
          this.post({
            type: 'changed',
            articles: [...created.articles],
            annotations: [...created.annotations],
          }),
        );
        batch = created;
      }
      batch[kind].add(id);
    };
    for (const [table, kind] of [
      [db.articles, 'articles'],
      [db.bodies, 'articles'],
      [db.annotations, 'annotations'],
    ] as const) {
      table.hook('creating', (key, obj, tx) => note(tx, kind, key ?? (obj as { id?: string }).id));
      table.hook('updating', (_mods, key, _obj, tx) => note(tx, kind, key));
      table.hook('deleting', (key, _obj, tx) => note(tx, kind, key));
    }
  }
}

let client: SearchClient | null = null;

/** The app's one search client, started on first use. */
export function searchClient(db: GlossDB): SearchClient {
  client ??= new SearchClient(db);
  return client;
}
