import type { Annotation, Article } from '../../../../core/model';
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
  /** A slice of a read project's articles or annotations, sent ahead of the document. */
  | { type: 'part'; key: 'articles'; items: Article[] }
  | { type: 'part'; key: 'annotations'; items: Annotation[] }
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
    const articles: Article[] = [];
    const annotations: Annotation[] = [];
    worker.addEventListener('message', (event: MessageEvent<ProjectWorkerReply>) => {
      heard = true;
      const m = event.data;
      if (m.type === 'phase') {
        onPhase(m.phase);
        return;
      }
      if (m.type === 'part') {
        if (m.key === 'articles') articles.push(...m.items);
        else annotations.push(...m.items);
        return;
      }
      worker.terminate();
      if (m.type === 'error') reject(failureError(m.failure));
      else if (m.result.type === 'read') {
        resolve({ type: 'read', doc: { ...m.result.doc, articles, annotations } } as ResultOf<J['type']>);
      } else resolve(m.result as ResultOf<J['type']>);
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
