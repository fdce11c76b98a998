import { useEffect, useState, useSyncExternalStore } from 'react';
import type { GlossDB } from '../../db/db';
import { watchAnnotationWrites } from '../../db/library';
import type { OverviewData } from '../overview/aggregate';
import type { TableReply, TableRequest } from './protocol';
import type { ReadProgress } from './read-rows';
import type { TableQuery, TableWindow } from './table-model';

type Waiting = { resolve(value: never): void; reject(err: Error): void };

/**
 * The page's side of the table's worker: asks for windows of rows and for ids (selection), and
 * forwards the store's change feed to it (written annotations patched in; larger changes, and
 * changes to articles or source grades, read again), as the search client does.
 */
export class TableClient {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly changedListeners = new Set<() => void>();
  private readonly progressListeners = new Set<(progress: ReadProgress) => void>();
  /** The full read's latest progress (null before its first page). */
  progress: ReadProgress | null = null;
  private stopWatching: () => void = () => {};
  error: string | null = null;

  constructor(private readonly db: GlossDB) {}

  /** Starts the worker (it begins reading every annotation) and forwards the change feed to it. */
  open(): void {
    if (this.worker) return;
    this.error = null;
    this.worker = new Worker(new URL('./table.worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (event: MessageEvent<TableReply>) => this.receive(event.data));
    this.post({ type: 'open', dbName: this.db.name });
    this.stopWatching = watchAnnotationWrites(
      this.db,
      {
        patch: (written) => this.post({ type: 'patch', written }),
        reload: () => this.post({ type: 'reload' }),
      },
      ['articles', 'sourceGrades'],
    );
  }

  private post(request: TableRequest): void {
    if (!this.worker) throw new Error('The table is closed.');
    this.worker.postMessage(request);
  }

  private receive(reply: TableReply): void {
    if (reply.type === 'progress') {
      this.progress = reply.progress;
      for (const listener of this.progressListeners) listener(reply.progress);
      return;
    }
    if (reply.type === 'changed') {
      for (const listener of this.changedListeners) listener();
      return;
    }
    if (reply.type === 'error' && reply.seq === null) {
      this.error = reply.message;
      for (const listener of this.changedListeners) listener();
      return;
    }
    const waiting = this.waiting.get(reply.seq!);
    this.waiting.delete(reply.seq!);
    if (!waiting) return;
    if (reply.type === 'error') waiting.reject(new Error(reply.message));
    else
      waiting.resolve(
        (reply.type === 'window' ? reply.window : reply.type === 'ids' ? reply.ids : reply.overview) as never,
      );
  }

  private ask<T>(make: (seq: number) => TableRequest): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      if (!this.worker) {
        reject(new Error('The table is closed.'));
        return;
      }
      this.waiting.set(seq, { resolve: resolve as (value: never) => void, reject });
      this.post(make(seq));
    });
  }

  /** The rows `[start, end)` of a query. */
  window(query: TableQuery): Promise<TableWindow> {
    return this.ask((seq) => ({ type: 'window', seq, query }));
  }

  /** Ids of the rows passing a query, in its order (see `TableModel.ids`). */
  ids(
    query: Omit<TableQuery, 'start' | 'end'>,
    options: { among?: string[]; between?: [string, string] } = {},
  ): Promise<string[]> {
    return this.ask((seq) => ({ type: 'ids', seq, query, ...options }));
  }

  /** The Overview's figures for a filter and pinned set (see `TableModel.overview`). */
  overview(query: Pick<TableQuery, 'filter' | 'pinned'>): Promise<{ data: OverviewData; all: number }> {
    return this.ask((seq) => ({ type: 'overview', seq, query }));
  }

  onChanged(listener: () => void): () => void {
    this.changedListeners.add(listener);
    return () => void this.changedListeners.delete(listener);
  }

  onProgress(listener: (progress: ReadProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => void this.progressListeners.delete(listener);
  }

  /** Stops the worker (its rows go with it) and stops watching the store. */
  close(): void {
    this.stopWatching();
    this.worker?.terminate();
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(new Error('The table was closed.'));
    this.waiting.clear();
  }
}

/** Rows are asked for in blocks of this many, with a block's margin either side of the view. */
const BLOCK = 100;

/**
 * The table's worker for as long as the component lives, and the window of rows around
 * `[start, end)` for a query: asked for again when the query or the block in view changes, and
 * whenever the worker's rows change. `version` counts those changes (selection re-checks on it).
 */
export function useTableWindow(
  db: GlossDB,
  query: Omit<TableQuery, 'start' | 'end'>,
  start: number,
  end: number,
): {
  client: TableClient;
  window: TableWindow | null;
  /** How many annotations the project has, once the full read has counted them (null before). */
  readTotal: number | null;
  version: number;
  error: string | null;
} {
  // Made once (no worker yet); the effect below starts and stops its worker with the component.
  const [client] = useState(() => new TableClient(db));
  const [window, setWindow] = useState<TableWindow | null>(null);
  // Only the total (which the rows' scroll extent needs until the counts are exact): the table is
  // not drawn again for every page of the read; `useReadProgress` shows how far it has come.
  const [readTotal, setReadTotal] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.open();
    const stops = [
      client.onChanged(() => setVersion((v) => v + 1)),
      client.onProgress((p) => setReadTotal(p.total)),
    ];
    return () => {
      for (const stop of stops) stop();
      client.close();
    };
  }, [client]);
  const from = Math.max(0, (Math.floor(start / BLOCK) - 1) * BLOCK);
  const to = (Math.ceil(end / BLOCK) + 1) * BLOCK;
  const { filter, sort, pinned } = query;
  useEffect(() => {
    let current = true;
    client.window({ filter, sort, pinned, start: from, end: to }).then(
      (w) => {
        if (!current) return;
        setWindow(w);
        setError(null);
      },
      (err: unknown) => {
        if (current) setError(client.error ?? (err instanceof Error ? err.message : String(err)));
      },
    );
    return () => {
      current = false;
    };
  }, [client, filter, sort, pinned, from, to, version]);
  return { client, window, readTotal, version, error: error ?? client.error };
}

/** How far the table's full read has come, for the one element that shows it. */
export function useReadProgress(client: TableClient): ReadProgress | null {
  return useSyncExternalStore(
    (listener) => client.onProgress(listener),
    () => client.progress,
  );
}
