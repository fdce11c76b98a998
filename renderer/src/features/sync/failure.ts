import { describeSyncFailure, type SyncFailure } from '../../../../core/sync';

/** An error thrown by the replica's `fetch` when the main process got no answer (it carries why). */
export class ProxiedFetchError extends Error {
  override readonly name = 'ProxiedFetchError';
  constructor(readonly failure: SyncFailure) {
    super(failure.message);
  }
}

/** What a sync error means for the user: the proxy's own reason when it has one, else core/sync's reading. */
export function failureOf(err: unknown, url: string): SyncFailure {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof ProxiedFetchError) return e.failure;
    const f = (e as { failure?: unknown }).failure;
    if (f && typeof f === 'object' && typeof (f as SyncFailure).message === 'string') return f as SyncFailure;
    e = (e as { cause?: unknown }).cause;
  }
  return describeSyncFailure(err, url);
}

/** Failures that go away by themselves (the network, the server restarting): retried with back-off. */
export const isTransient = (f: SyncFailure): boolean =>
  f.code === 'unreachable' || f.code === 'dns' || f.code === 'timeout' || f.code === 'server';
