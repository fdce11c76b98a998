import type { SyncFetchResult } from '../../../../core/bridge';
import type { SyncFailure, SyncProgress } from '../../../../core/sync';
import { syncFetch } from '../../platform/gloss';
import type { WorkerError, FromWorker, ToWorker } from './protocol';
import type { CycleOptions, CycleResult, PageApplier } from './replica';

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
  /** The cycle running now: who takes its pages in. */
  private applier: { id: number; apply: PageApplier } | null = null;

  constructor(private readonly events: ClientEvents) {
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
      case 'page': {
        const applier = this.applier;
        if (!applier || applier.id !== m.id) {
          this.send({ type: 'page-done', id: m.id, page: m.page, error: 'that sync was stopped' });
          return;
        }
        applier.apply(m.records, m.progress).then(
          (applied) => this.send({ type: 'page-done', id: m.id, page: m.page, applied }),
          (err: unknown) =>
            this.send({ type: 'page-done', id: m.id, page: m.page, error: (err as Error).message }),
        );
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

  private call(make: (id: number) => ToWorker, apply?: PageApplier): Promise<CycleResult | null> {
    const id = ++this.next;
    if (apply) this.applier = { id, apply };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send(make(id));
    });
  }

  /** One sync cycle in the worker; `apply` takes each page of its result into the store. */
  async cycle(
    options: Omit<CycleOptions, 'onProgress' | 'onRetry'>,
    apply: PageApplier,
  ): Promise<CycleResult> {
    return (await this.call((id) => ({ type: 'cycle', id, options }), apply))!;
  }

  /** Starts the live feed of the server's changes; resolves once it is anchored. */
  async watch(url: string): Promise<void> {
    await this.call((id) => ({ type: 'watch', id, url }));
  }

  unwatch(): void {
    this.send({ type: 'unwatch' });
  }
}
