import type { GlossDB } from '../../db/db';
import {
  buildIndex,
  fingerprint,
  loadStoredIndex,
  refreshDocs,
  storeIndex,
  type LibraryIndex,
} from '../../db/search-index';
import type { SearchReply } from './protocol';

type Status = Extract<SearchReply, { type: 'status' }>;

/**
 * The search worker's index, loaded lazily. Opening a session (at start-up, once the library is
 * on screen) only takes the database's fingerprint and begins noting the records the change
 * feed reports; the index itself (a large read, and a large object) is loaded on the first
 * query: the stored copy when it was stored at that fingerprint, with the records changed since
 * indexed again, or else built from the database (with progress) and stored.
 */
export class SearchSession {
  private readonly baseline: Promise<string>;
  private readonly pending = { articles: new Set<string>(), annotations: new Set<string>() };
  private ready: Promise<LibraryIndex> | null = null;
  /** Article id → the title shown in results. */
  titles = new Map<string, string>();
  /** The store of a freshly built index, which runs after the index is handed out. */
  stored: Promise<void> = Promise.resolve();

  constructor(
    readonly db: GlossDB,
    private readonly status: (status: Status) => void,
  ) {
    this.baseline = fingerprint(db);
    // Taken now, so that what is noted from here on is exactly what the stored copy lacks.
    this.baseline.catch(() => {});
  }

  /** Whether the index has been asked for (changes then go to it, not to the notes). */
  get loading(): boolean {
    return this.ready !== null;
  }

  /**
   * Notes changed records before the index is loaded; returns false once it is (apply them).
   * Articles written (an import, a merge, a sync) start the load at once, in the background,
   * so that they are indexed as they come in rather than all at the first query; edits of
   * annotations alone wait for it.
   */
  note(articles: readonly string[], annotations: readonly string[]): boolean {
    if (this.ready) return false;
    for (const id of articles) this.pending.articles.add(id);
    for (const id of annotations) this.pending.annotations.add(id);
    // A failed load is reported to the first query, which asks for the same promise.
    if (articles.length) this.index().catch(() => {});
    return true;
  }

  /** The index: loaded (or built) on the first call. */
  index(): Promise<LibraryIndex> {
    return (this.ready ??= this.load());
  }

  private async load(): Promise<LibraryIndex> {
    const { db } = this;
    this.status({ type: 'status', state: 'loading' });
    const metas = await db.articles.toArray();
    this.titles = new Map(metas.map((m) => [m.id, m.title || m.fileName]));
    const articles = [...this.pending.articles];
    const annotations = [...this.pending.annotations];
    this.pending.articles.clear();
    this.pending.annotations.clear();
    let index = await loadStoredIndex(db, await this.baseline.catch(() => ''));
    if (index) {
      // The stored copy as of the session's start, and the records changed since.
      if (articles.length || annotations.length) {
        await refreshDocs(db, index, articles, annotations);
        this.stored = storeIndex(db, index).catch(() => {});
      }
    } else {
      this.status({ type: 'status', state: 'building', done: 0, total: 0 });
      index = await buildIndex(
        db,
        (done, total) => this.status({ type: 'status', state: 'building', done, total }),
        metas,
      );
      // Stored after the first query is answered, not before.
      this.stored = storeIndex(db, index).catch(() => {});
    }
    this.status({ type: 'status', state: 'ready' });
    return index;
  }

  /** Replaces the index (a background rebuild finished). */
  replace(index: LibraryIndex): void {
    this.ready = Promise.resolve(index);
  }
}
