import type { SyncFailure } from '../../../../core/sync';
import type { SyncFetchArgs, SyncFetchResult } from '../../../../core/bridge';
import type { SyncProgress } from '../../../../core/sync';
import type { CycleOptions, CycleResult } from './replica';

/** Messages from the window to the sync worker. */
export type ToWorker =
  /** A cycle, its pages taken by the worker into the store `dbName` (through the one write path). */
  | {
      type: 'cycle';
      id: number;
      dbName: string;
      options: Omit<CycleOptions, 'onProgress' | 'onRetry' | 'signal'>;
    }
  /** Stop the cycle under way (the app quits): a first sync keeps what it did, to be continued. */
  | { type: 'stop' }
  | { type: 'watch'; id: number; url: string }
  | { type: 'unwatch' }
  | { type: 'fetched'; fid: number; result?: SyncFetchResult; error?: string };

/** Messages from the sync worker to the window. */
export type FromWorker =
  | { type: 'done'; id: number; result?: CycleResult | null; error?: WorkerError }
  | { type: 'progress'; progress: SyncProgress }
  | { type: 'retry'; attempt: number; delayMs: number; failure: SyncFailure }
  | { type: 'fetch'; fid: number; request: SyncFetchArgs }
  | { type: 'remote-change' }
  | { type: 'watch-error'; failure: SyncFailure };

/** An error as it crosses from the worker: its message, and what it means for the user. */
export interface WorkerError {
  message: string;
  failure: SyncFailure;
}
