import {
  failureError,
  runProjectJob,
  type ProjectJob,
  type ProjectJobFailure,
  type ProjectJobResult,
  type ProjectPhase,
} from './project-jobs';

/** What the project worker posts back. */
export type ProjectWorkerReply =
  | { type: 'phase'; phase: ProjectPhase }
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
 * Runs a project job in a worker of its own (transferring the file's bytes there, and the
 * saved file's bytes back); where workers are unavailable or refused, on this thread.
 */
export function inProjectWorker<J extends ProjectJob>(
  job: J,
  onPhase: (phase: ProjectPhase) => void = () => undefined,
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
        onPhase(m.phase);
        return;
      }
      worker.terminate();
      if (m.type === 'done') resolve(m.result as ResultOf<J['type']>);
      else reject(failureError(m.failure));
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
