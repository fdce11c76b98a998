import type { SyncFailure } from '../../../../core/sync';
import type { SyncFetchArgs, SyncFetchResult } from '../../../../core/bridge';
import type { SyncProgress, SyncResult } from '../../../../core/sync';
import type { CycleOptions, KnownDocs } from './replica';

/** Messages from the window to the sync worker. */
export type ToWorker =
  | { type: 'cycle'; id: number; options: Omit<CycleOptions, 'onProgress' | 'onRetry'> }
  | { type: 'commit'; id: number; url: string; docs: KnownDocs; movedOn: string[] }
  | { type: 'watch'; id: number; url: string }
  | { type: 'unwatch' }
  | { type: 'fetched'; fid: number; result?: SyncFetchResult; error?: string };

/** Messages from the sync worker to the window. */
export type FromWorker =
  | { type: 'done'; id: number; result?: SyncResult | null; error?: WorkerError }
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
