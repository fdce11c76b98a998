import { jobFailure, runProjectJob, type ProjectJob, type ProjectJobResult } from './project-jobs';
import type { ProjectWorkerReply } from './project-worker';

/**
 * The project worker: saves, backups, opening and restoring a project run here, so that the
 * zip codec, the validation and the big database reads and writes never hold the window's
 * thread. One job per worker; the page terminates it when the job is done.
 */
const reply = (message: ProjectWorkerReply, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });

/** Records per message when a read project comes back: each message is unpacked in one short task. */
const SLICE = { articles: 200, annotations: 2000 } as const;

function send(result: ProjectJobResult): void {
  if (result.type === 'save') {
    reply({ type: 'done', result }, [result.bytes.buffer]);
    return;
  }
  // A whole library in one message would be unpacked on the page in one task of seconds: the
  // big arrays go ahead in slices, and the document follows without them.
  const { articles, annotations } = result.doc;
  for (let i = 0; i < articles.length; i += SLICE.articles) {
    reply({ type: 'part', key: 'articles', items: articles.slice(i, i + SLICE.articles) });
  }
  for (let i = 0; i < annotations.length; i += SLICE.annotations) {
    reply({ type: 'part', key: 'annotations', items: annotations.slice(i, i + SLICE.annotations) });
  }
  reply({ type: 'done', result: { type: 'read', doc: { ...result.doc, articles: [], annotations: [] } } });
}

self.addEventListener('message', (event: MessageEvent<ProjectJob>) => {
  runProjectJob(event.data, (phase) => reply({ type: 'phase', phase }))
    .then(send)
    .catch((err: unknown) => reply({ type: 'error', failure: jobFailure(err) }));
});
