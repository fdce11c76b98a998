import { isRetryable } from './errors';
import type { ReplicaDatabase, ReplicationInfo } from './pouch';
import { SyncError, type SyncOptions, type SyncProgress, type SyncReport } from './types';

/**
 * Documents per replication batch. Larger batches mean fewer round trips (one `_changes` page,
 * one `_bulk_get`, one local `bulkDocs` and one checkpoint per batch). Measured once against
 * PouchDB Server on loopback, a quiet machine, 21,003 documents into an in-memory database:
 * 3.8 s with 2,000 against 4.4 s with 500; a retried batch of 2,000 is still small.
 */
export const DEFAULT_BATCH_SIZE = 2000;

const defaultBackoff = (attempt: number): number => Math.min(8000, 250 * 2 ** (attempt - 1));

/**
 * Runs one replication (PouchDB's replicator, one-shot) with PouchDB's own retry: a dropped
 * connection pauses it and it resumes from its checkpoint after a back-off, at most `retries`
 * times in a row; a refusal of the user (401/403) stops it at once.
 */
export function replicate(
  from: ReplicaDatabase,
  to: ReplicaDatabase,
  phase: SyncProgress['phase'],
  opts: Pick<SyncOptions, 'batchSize' | 'retries' | 'backoff' | 'onProgress' | 'onRetry'>,
  report: SyncReport,
  onDocs?: (docs: { _id: string }[]) => void,
  since?: string | number,
): Promise<ReplicationInfo> {
  const retries = opts.retries ?? 8;
  const backoff = opts.backoff ?? defaultBackoff;
  let attempt = 0;
  let lastError: unknown;
  let giveUp = false;
  return new Promise((resolve, reject) => {
    const rep = from.replicate.to(to, {
      batch_size: opts.batchSize ?? DEFAULT_BATCH_SIZE,
      batches_limit: 4,
      retry: true,
      // Where to start instead of the checkpoint (which PouchDB then moves there).
      ...(since === undefined ? {} : { since }),
      back_off_function: () => {
        attempt++;
        const delay = backoff(attempt);
        if (attempt > retries || !isRetryable(lastError)) {
          giveUp = true;
          queueMicrotask(() => rep.cancel());
          return delay;
        }
        report.retries++;
        opts.onRetry?.(attempt, lastError, delay);
        return delay;
      },
    });
    rep.on('change', (info) => {
      attempt = 0;
      if (info.docs) onDocs?.(info.docs);
      opts.onProgress?.({
        phase,
        docs: info.docs_written,
        ...(typeof info.pending === 'number' ? { total: info.docs_written + info.pending } : {}),
      });
    });
    rep.on('requestError', (err) => {
      lastError = err;
    });
    rep.on('error', (err) => reject(err));
    rep.on('complete', (info) => {
      if (giveUp) {
        reject(
          isRetryable(lastError)
            ? new SyncError('the connection to the server was lost', lastError)
            : lastError,
        );
      } else resolve(info);
    });
  });
}
