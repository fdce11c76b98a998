import { useEffect, useState, useSyncExternalStore } from 'react';
import { WorkerClient } from '../../app/worker-client';
import type { GlossDB } from '../../db/db';
import { watchAnnotationWrites } from '../../db/library';
import type { OverviewData } from '../overview/aggregate';
import type { TableReply, TableRequest } from './protocol';
import type { ReadProgress } from './read-rows';
import type { TableQuery, TableWindow } from './table-model';

/**
 * The page's side of the table's worker: asks for windows of rows and for ids (selection), and
 * forwards the store's change feed to it (written annotations patched in; larger changes, and
 * changes to articles or source grades, read again), as the search client does.
 */
export class TableClient extends WorkerClient<TableRequest, TableReply> {
  private readonly progressListeners = new Set<(progress: ReadProgress) => void>();
  /** The full read's latest progress (null before its first page). */
  progress: ReadProgress | null = null;
  private stopWatching: () => void = () => {};

  constructor(private readonly db: GlossDB) {
    super('The table');
  }

  protected answer(reply: TableReply): unknown {
    return reply.type === 'window'
      ? reply.window
      : reply.type === 'ids'
        ? reply.ids
        : reply.type === 'overview'
          ? reply.overview
          : undefined;
  }

  /** Starts the worker (it begins reading every annotation) and forwards the change feed to it. */
  open(): void {
    const started = this.start(
      () => new Worker(new URL('./table.worker.ts', import.meta.url), { type: 'module' }),
      { type: 'open', dbName: this.db.name },
    );
    if (!started) return;
    this.stopWatching = watchAnnotationWrites(
      this.db,
      {
        patch: (written) => this.post({ type: 'patch', written }),
        reload: () => this.post({ type: 'reload' }),
      },
      ['articles', 'sourceGrades'],
    );
  }

  protected override receive(reply: TableReply): void {
    if (reply.type !== 'progress') return super.receive(reply);
    this.progress = reply.progress;
    for (const listener of this.progressListeners) listener(reply.progress);
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

  onProgress(listener: (progress: ReadProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => void this.progressListeners.delete(listener);
  }

  /** Stops the worker (its rows go with it) and stops watching the store. */
  close(): void {
    this.stopWatching();
    this.stop();
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
