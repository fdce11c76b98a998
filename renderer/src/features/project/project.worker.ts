import { jobFailure, runProjectJob, type ProjectJob } from './project-jobs';
import type { ProjectWorkerReply } from './project-worker';

/**
 * The project worker: saves, backups, opening and restoring a project run here, so that the
 * zip codec, the validation and the big database reads and writes never hold the window's
 * thread. One job per worker; the page terminates it when the job is done.
 */
const reply = (message: ProjectWorkerReply, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });

self.addEventListener('message', (event: MessageEvent<ProjectJob>) => {
  runProjectJob(event.data, (phase) => reply({ type: 'phase', phase }))
    .then((result) => reply({ type: 'done', result }, result.type === 'save' ? [result.bytes.buffer] : []))
    .catch((err: unknown) => reply({ type: 'error', failure: jobFailure(err) }));
});
