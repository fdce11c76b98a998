import { GlossDB } from '../../db/db';
import { buildExport, type BuiltExport, type ExportProgress, type ExportRequest } from './build-export';

/** What the export worker posts back. */
export type WorkerReply =
  | { type: 'progress'; progress: ExportProgress }
  | { type: 'done'; result: BuiltExport }
  | { type: 'error'; message: string };

/** The rejection of a cancelled export. */
export class ExportCanceled extends Error {
  override readonly name = 'ExportCanceled';
  constructor() {
    super('The export was cancelled.');
  }
}

export interface RunningExport {
  result: Promise<BuiltExport>;
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
 * Builds an export file in a worker (reading the database and rendering the text there), or,
 * where workers are unavailable or the worker cannot start (a host that refuses worker scripts),
 * on this thread with a pause between database pages.
 */
export function runExport(request: ExportRequest, onProgress: (p: ExportProgress) => void): RunningExport {
  const worker = startWorker();
  if (!worker) return runHere(request, onProgress);
  let canceled = false;
  let fallback: RunningExport | null = null;
  let settle: { reject(err: Error): void } | null = null;
  const result = new Promise<BuiltExport>((resolve, reject) => {
    settle = { reject };
    let heard = false;
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      heard = true;
      const m = event.data;
      if (m.type === 'progress') onProgress(m.progress);
      else {
        worker.terminate();
        if (m.type === 'done') resolve(m.result);
        else reject(new Error(m.message));
      }
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      if (heard || canceled) {
        reject(new Error(event.message || 'The export worker stopped.'));
        return;
      }
      fallback = runHere(request, onProgress);
      fallback.result.then(resolve, reject);
    });
    worker.postMessage(request);
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

function runHere(request: ExportRequest, onProgress: (p: ExportProgress) => void): RunningExport {
  const controller = new AbortController();
  const db = new GlossDB(request.dbName);
  const result = buildExport(db, request, onProgress, controller.signal)
    .catch((err: unknown) => {
      throw controller.signal.aborted ? new ExportCanceled() : err;
    })
    .finally(() => db.close());
  return { result, cancel: () => controller.abort() };
}
