import { jobFailure, runProjectJob, type ProjectJob, type ProjectJobResult } from './project-jobs';
import type { ProjectWorkerReply } from './project-worker';

/**
 * The project worker: saves, backups, opening, restoring and merging a project run here, so that
 * the zip codec, the validation, the merge plan and the big database reads and writes never hold
 * the window's thread. One job per worker; the page terminates it when the job is done.
 */
const reply = (message: ProjectWorkerReply, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });

function send(result: ProjectJobResult): void {
  const bytes = result.type === 'save' || result.type === 'save-set' ? result.bytes : null;
  reply({ type: 'done', result }, bytes ? [bytes.buffer] : []);
}

self.addEventListener('message', (event: MessageEvent<ProjectJob>) => {
  runProjectJob(event.data, (phase, progress) => reply({ type: 'phase', phase, progress }))
    .then(send)
    .catch((err: unknown) => reply({ type: 'error', failure: jobFailure(err) }));
});
