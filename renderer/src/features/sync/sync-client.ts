import type { SyncFetchResult } from '../../../../core/bridge';
import type { SyncFailure, SyncProgress } from '../../../../core/sync';
import { syncFetch } from '../../platform/gloss';
import type { WorkerError, FromWorker, ToWorker } from './protocol';
import type { CycleOptions, CycleResult } from './replica';

/** An error of the sync worker, with what it means for the user. */
export class SyncCycleError extends Error {
  override readonly name = 'SyncCycleError';
  constructor(readonly failure: SyncFailure) {
    super(failure.message);
  }
}

export interface ClientEvents {
  onProgress(p: SyncProgress): void;
  onRetry(attempt: number, delayMs: number, failure: SyncFailure): void;
  onRemoteChange(): void;
  onWatchError(failure: SyncFailure): void;
}

/**
 * The window's side of the sync worker: starts it, answers its `fetch` requests over the bridge
 * (the main process makes them, with the saved credentials), and turns its messages into calls.
 */
export class SyncWorkerClient {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<
    number,
    { resolve(r: CycleResult | null): void; reject(e: Error): void }
  >();
  constructor(
    /** The store the worker takes each cycle's pages into (its own connection to it). */
    private readonly dbName: string,
    private readonly events: ClientEvents,
  ) {
    this.worker = new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (e: MessageEvent<FromWorker>) => this.receive(e.data));
  }

  private send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'fetch':
        syncFetch(m.request).then(
          (result: SyncFetchResult) => this.send({ type: 'fetched', fid: m.fid, result }),
          (err: unknown) => this.send({ type: 'fetched', fid: m.fid, error: (err as Error).message }),
        );
        return;
      case 'done': {
        const wait = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (!wait) return;
        if (m.error) wait.reject(new SyncCycleError((m.error as WorkerError).failure));
        else wait.resolve(m.result ?? null);
        return;
      }
      case 'progress':
        return this.events.onProgress(m.progress);
      case 'retry':
        return this.events.onRetry(m.attempt, m.delayMs, m.failure);
      case 'remote-change':
        return this.events.onRemoteChange();
      case 'watch-error':
        return this.events.onWatchError(m.failure);
    }
  }

  private call(make: (id: number) => ToWorker): Promise<CycleResult | null> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send(make(id));
    });
  }

  /** One sync cycle in the worker, which takes each page of its result into the store. */
  async cycle(options: Omit<CycleOptions, 'onProgress' | 'onRetry' | 'signal'>): Promise<CycleResult> {
    return (await this.call((id) => ({ type: 'cycle', id, dbName: this.dbName, options })))!;
  }

  /** Stops the cycle under way, if any: its `cycle` call then fails, once it has stopped. */
  stop(): void {
    this.send({ type: 'stop' });
  }

  /** Starts the live feed of the server's changes; resolves once it is anchored. */
  async watch(url: string): Promise<void> {
    await this.call((id) => ({ type: 'watch', id, url }));
  }

  unwatch(): void {
    this.send({ type: 'unwatch' });
  }
}
