import type { SyncFailure } from '../../../../core/sync';
import type { SyncFetchArgs, SyncFetchResult } from '../../../../core/bridge';
import type { SyncPage, SyncProgress } from '../../../../core/sync';
import type { CycleOptions, CycleResult, PageApplied } from './replica';

/** Messages from the window to the sync worker. */
export type ToWorker =
  | { type: 'cycle'; id: number; options: Omit<CycleOptions, 'onProgress' | 'onRetry'> }
  /** The window took page `page` of cycle `id` into the store. */
  | { type: 'page-done'; id: number; page: number; applied?: PageApplied; error?: string }
  | { type: 'watch'; id: number; url: string }
  | { type: 'unwatch' }
  | { type: 'fetched'; fid: number; result?: SyncFetchResult; error?: string };

/** Messages from the sync worker to the window. */
export type FromWorker =
  | { type: 'done'; id: number; result?: CycleResult | null; error?: WorkerError }
  /** Page `page` of cycle `id`, to take into the store (answered with 'page-done'). */
  | { type: 'page'; id: number; page: number; records: SyncPage; progress: { done: number; total: number } }
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
