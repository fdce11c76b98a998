import {
  failureError,
  runProjectJob,
  type ProjectJob,
  type ProjectJobFailure,
  type ProjectJobResult,
  type ProjectPhase,
  type ProjectProgress,
} from './project-jobs';

/** What the project worker posts back. */
export type ProjectWorkerReply =
  | { type: 'phase'; phase: ProjectPhase; progress: ProjectProgress | undefined }
  | { type: 'done'; result: ProjectJobResult }
  | { type: 'error'; failure: ProjectJobFailure };

type ResultOf<T extends ProjectJob['type']> = Extract<ProjectJobResult, { type: T }>;

function startWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./project.worker.ts', import.meta.url), {
      type: 'module',
      name: 'gloss-project',
    });
  } catch {
    return null;
  }
}

/**
 * Runs a project job in a worker of its own (the saved file's bytes are transferred back);
 * where workers are unavailable or refused, on this thread. Nothing larger than a summary, a
 * merge plan or a saved file comes back: the library is read and written in the worker.
 */
export function inProjectWorker<J extends ProjectJob>(
  job: J,
  onPhase: (phase: ProjectPhase, progress?: ProjectProgress) => void = () => undefined,
): Promise<ResultOf<J['type']>> {
  const here = () => runProjectJob(job, onPhase) as Promise<ResultOf<J['type']>>;
  const worker = startWorker();
  if (!worker) return here();
  return new Promise<ResultOf<J['type']>>((resolve, reject) => {
    let heard = false;
    worker.addEventListener('message', (event: MessageEvent<ProjectWorkerReply>) => {
      heard = true;
      const m = event.data;
      if (m.type === 'phase') {
        onPhase(m.phase, m.progress);
        return;
      }
      worker.terminate();
      if (m.type === 'error') reject(failureError(m.failure));
      else resolve(m.result as ResultOf<J['type']>);
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      if (heard) reject(new Error(event.message || 'The project worker stopped.'));
      else here().then(resolve, reject);
    });
    // Copied, not transferred: the job must stay whole for the fallback above.
    worker.postMessage(job);
  });
}
