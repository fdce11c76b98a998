import { GlossDB } from '../../db/db';
import {
  writeExport,
  type ExportProgress,
  type ExportRequest,
  type ExportSink,
  type ExportSummary,
} from './build-export';

/** What the page asks of the export worker: start, or send the next piece (the last is written). */
export type WorkerRequest = { type: 'start'; request: ExportRequest } | { type: 'next' };

/** What the export worker posts back. */
export type WorkerReply =
  | { type: 'progress'; progress: ExportProgress }
  | { type: 'piece'; bytes: Uint8Array<ArrayBuffer> }
  | { type: 'done'; summary: ExportSummary }
  | { type: 'error'; message: string };

/** The rejection of a cancelled export. */
export class ExportCanceled extends Error {
  override readonly name = 'ExportCanceled';
  constructor() {
    super('The export was cancelled.');
  }
}

export interface RunningExport {
  result: Promise<ExportSummary>;
  /** Stops the export; `result` then rejects with {@link ExportCanceled}. */
  cancel(): void;
}

function startWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./export.worker.ts', import.meta.url), {
      type: 'module',
      name: 'gloss-export',
    });
  } catch {
    return null;
  }
}

/**
 * Makes an export file in a worker (reading the database and rendering the text there), handing
 * each piece of the file to `sink` in order and asking for the next only once it is written; or,
 * where workers are unavailable or the worker cannot start (a host that refuses worker
 * scripts), on this thread with a pause between database pages.
 */
export function runExport(
  request: ExportRequest,
  onProgress: (p: ExportProgress) => void,
  sink: ExportSink,
): RunningExport {
  const worker = startWorker();
  if (!worker) return runHere(request, onProgress, sink);
  let canceled = false;
  let fallback: RunningExport | null = null;
  let settle: { reject(err: Error): void } | null = null;
  const post = (m: WorkerRequest) => worker.postMessage(m);
  const result = new Promise<ExportSummary>((resolve, reject) => {
    settle = { reject };
    let heard = false;
    const fail = (err: unknown) => {
      worker.terminate();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      heard = true;
      const m = event.data;
      if (canceled) return;
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'piece') {
        sink(m.bytes).then(() => {
          if (!canceled) post({ type: 'next' });
        }, fail);
      } else {
        worker.terminate();
        if (m.type === 'done') resolve(m.summary);
        else reject(new Error(m.message));
      }
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      if (heard || canceled) {
        reject(new Error(event.message || 'The export worker stopped.'));
        return;
      }
      fallback = runHere(request, onProgress, sink);
      fallback.result.then(resolve, reject);
    });
    post({ type: 'start', request });
  });
  return {
    result,
    cancel() {
      canceled = true;
      worker.terminate();
      if (fallback) fallback.cancel();
      else settle?.reject(new ExportCanceled());
    },
  };
}

function runHere(
  request: ExportRequest,
  onProgress: (p: ExportProgress) => void,
  sink: ExportSink,
): RunningExport {
  const controller = new AbortController();
  const db = new GlossDB(request.dbName);
  const result = writeExport(db, request, sink, onProgress, controller.signal)
    .catch((err: unknown) => {
      throw controller.signal.aborted ? new ExportCanceled() : err;
    })
    .finally(() => db.close());
  return { result, cancel: () => controller.abort() };
}
