import { useEffect, useState } from 'react';
import { useStoreQuery } from '../../app/use-store-query';
import { WorkerClient } from '../../app/worker-client';
import { db } from '../../db';
import { onStoreChange } from '../../db/changes';
import type { ArticleMeta, GlossDB } from '../../db/db';
import { articleCounts, watchAnnotationWrites, type KindCounts } from '../../db/library';
import { libraryChanges, type LibraryQuery, type LibraryWindow } from './library-model';
import { DEFAULT_SORT, isFiltered } from './library-view';
import type { LibraryReply, LibraryRequest } from './protocol';

/** Articles the list reads first, newest first through the `importedAt` index (the default order). */
export const FIRST_ARTICLES = 100;

/**
 * The page's side of the library list's worker (`library.worker.ts`): asks for windows of articles
 * and for ids (selection), and forwards the store's change feed to it ({@link libraryChanges}:
 * after an opened project, only that everything changed).
 */
export class LibraryClient extends WorkerClient<LibraryRequest, LibraryReply> {
  private readonly openedListeners = new Set<() => void>();
  private stopWatching: () => void = () => {};

  constructor(private readonly db: GlossDB) {
    super('The library list');
  }

  protected answer(reply: LibraryReply): unknown {
    return reply.type === 'window'
      ? reply.window
      : reply.type === 'ids'
        ? reply.ids
        : reply.type === 'indexOf'
          ? reply.index
          : undefined;
  }

  /** Starts the worker and forwards the change feed to it. */
  open(): void {
    const started = this.start(
      () => new Worker(new URL('./library.worker.ts', import.meta.url), { type: 'module' }),
      { type: 'open', dbName: this.db.name },
    );
    if (!started) return;
    this.stopWatching = onStoreChange(this.db, (change) => {
      for (const c of libraryChanges(change)) this.post({ type: 'changed', change: c });
    });
    for (const listener of this.openedListeners) listener();
  }

  /** Hears when the worker is started (by the list, or by a question that needs it). */
  onOpened(listener: () => void): () => void {
    this.openedListeners.add(listener);
    return () => void this.openedListeners.delete(listener);
  }

  /** The articles `[start, end)` of a query. */
  window(query: LibraryQuery, start: number, end: number): Promise<LibraryWindow> {
    return this.ask((seq) => ({ type: 'window', seq, query, start, end }));
  }

  /** Ids of the articles passing a query, in its order (see `LibraryModel.ids`). */
  ids(
    query: LibraryQuery,
    options: { among?: string[]; between?: [string, string] } = {},
  ): Promise<string[]> {
    return this.ask((seq) => ({ type: 'ids', seq, query, ...options }));
  }

  /** Where an article is in a query's order (-1: not shown). */
  indexOf(query: LibraryQuery, id: string): Promise<number> {
    return this.ask((seq) => ({ type: 'indexOf', seq, query, id }));
  }

  /** Stops the worker (its articles go with it) and stops watching the store. */
  close(): void {
    this.stopWatching();
    this.stop();
  }
}

/** What the list shows of a query. */
export interface LibraryList {
  /** Whether the library has been read once (the first page, or a worker's answer). */
  ready: boolean;
  /** The rows known, from `window.start` on (null while nothing is read yet). */
  window: { start: number; rows: ArticleMeta[] } | null;
  /** How many articles pass the query (null while not known). */
  matched: number | null;
  /** How many articles the library has (null while not known). */
  total: number | null;
  /** Whether the counts are exact: the worker has answered this query, or the library is small. */
  complete: boolean;
  sources: string[];
  client: LibraryClient;
  error: string | null;
}

/** Rows are asked for in blocks of this many, with a block's margin either side of the view. */
const BLOCK = 100;
/** How long after start-up the list's worker starts when nothing asked for it sooner. */
const IDLE_START_MS = 3000;

const isDefault = (q: LibraryQuery) =>
  !isFiltered(q.filter) && q.sort.key === DEFAULT_SORT.key && q.sort.descending === DEFAULT_SORT.descending;

/**
 * The library's articles for a query, around the rows `[start, end)` in view. Start-up reads the
 * newest {@link FIRST_ARTICLES} on the page through the `importedAt` index (that is all the first
 * screen needs); the list's worker starts once they are shown, and from then on answers every
 * window, asked for again when the query or the block in view changes and whenever the worker's
 * articles change.
 */
export function useLibraryList(query: LibraryQuery, start: number, end: number): LibraryList {
  const [client] = useState(() => new LibraryClient(db));
  // The newest articles, through the index, kept current (100 records: cheap to read again).
  const first = useStoreQuery(
    () => db.articles.orderBy('importedAt').reverse().limit(FIRST_ARTICLES).toArray(),
    [],
    ['articles'],
  );
  const [answer, setAnswer] = useState<{ query: LibraryQuery; window: LibraryWindow } | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState(false);

  // The worker starts when the first page is not enough (another order or filter, rows past the
  // first page, a selection's ids: `LibraryClient.open`), or once the window has been idle a
  // while after start-up: its read of every article is not start-up's work. (A worker stopped in
  // the middle of reading 50,000 articles, by a reload right after start-up, held the next
  // start's IndexedDB open for 5–10 s in the Chromium harness.)
  const firstShown = first !== undefined;
  const needed =
    !isDefault(query) || (first !== undefined && first.length >= FIRST_ARTICLES && end > FIRST_ARTICLES / 2);
  useEffect(() => {
    const stop = client.onChanged(() => setVersion((v) => v + 1));
    const stopOpened = client.onOpened(() => setStarted(true));
    return () => {
      stop();
      stopOpened();
      client.close();
      setStarted(false);
    };
  }, [client]);
  useEffect(() => {
    if (needed && firstShown) client.open();
  }, [client, needed, firstShown]);
  useEffect(() => {
    if (!firstShown) return;
    let idle = 0;
    const timer = setTimeout(() => {
      idle = requestIdleCallback(() => client.open(), { timeout: 2000 });
    }, IDLE_START_MS);
    return () => {
      clearTimeout(timer);
      cancelIdleCallback(idle);
    };
  }, [client, firstShown]);

  const from = Math.max(0, (Math.floor(start / BLOCK) - 1) * BLOCK);
  const to = (Math.ceil(end / BLOCK) + 1) * BLOCK;
  const { filter, sort } = query;
  useEffect(() => {
    if (!started) return;
    let current = true;
    const q = { filter, sort };
    client.window(q, from, to).then(
      (window) => {
        if (!current) return;
        setAnswer({ query: q, window });
        setError(null);
      },
      (err: unknown) => {
        if (current) setError(client.error ?? (err instanceof Error ? err.message : String(err)));
      },
    );
    return () => {
      current = false;
    };
  }, [client, started, filter, sort, from, to, version]);

  const base = { client, error: error ?? client.error, ready: first !== undefined || answer !== null };
  if (answer) {
    const w = answer.window;
    const same = answer.query.filter === filter && answer.query.sort === sort;
    return { ...base, window: w, matched: w.matched, total: w.total, complete: same, sources: w.sources };
  }
  if (first && isDefault(query)) {
    const small = first.length < FIRST_ARTICLES;
    return {
      ...base,
      window: { start: 0, rows: first },
      matched: small ? first.length : null,
      total: small ? first.length : null,
      complete: small,
      sources: [...new Set(first.map((a) => a.source).filter(Boolean))].sort((a, b) =>
        a.localeCompare(b, undefined, { sensitivity: 'base' }),
      ),
    };
  }
  return { ...base, window: null, matched: null, total: null, complete: false, sources: [] };
}

/** How often the counts in view follow what a team sync takes in. */
const SYNC_COUNTS_EVERY_MS = 1000;

/**
 * The annotation counts of some articles (the rows in view), read from their annotations and
 * read again when a change touches one of them; the last counts stay while new ones are read.
 */
export function useViewCounts(ids: readonly string[]): ReadonlyMap<string, KindCounts> | undefined {
  const key = ids.join('\n');
  const [state, setState] = useState<ReadonlyMap<string, KindCounts>>();
  useEffect(() => {
    if (!key) return;
    const list = key.split('\n');
    const mine = new Set(list);
    let stopped = false;
    // All of them at first and after a large change; then only the articles a write touched.
    const read = (ids: readonly string[]) =>
      void articleCounts(db, ids).then(
        (counts) => {
          if (!stopped) setState((had) => (had && ids !== list ? new Map([...had, ...counts]) : counts));
        },
        () => {},
      );
    read(list);
    // What a team sync takes in (a page every fraction of a second during a first sync) is
    // counted at most once a second: the counts follow, without a read per page.
    const later = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = watchAnnotationWrites(db, {
      patch: (written, change) => {
        const touched = [...new Set(written.map((w) => w.articleId))].filter((id) => mine.has(id));
        if (touched.length === 0) return;
        if (change.source !== 'sync') return read(touched);
        for (const id of touched) later.add(id);
        timer ??= setTimeout(() => {
          timer = null;
          const ids = [...later];
          later.clear();
          read(ids);
        }, SYNC_COUNTS_EVERY_MS);
      },
      reload: () => read(list),
    });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stop();
    };
  }, [key]);
  return state;
}
