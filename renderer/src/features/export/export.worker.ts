import { GlossDB } from '../../db/db';
import { writeExport, type ExportRequest } from './build-export';
import type { WorkerReply, WorkerRequest } from './run-export';

/**
 * The export worker: reads the database and renders the file off the main thread, handing the
 * page one piece of the file at a time (the page writes it to disk and asks for the next), so
 * that the window stays responsive, memory stays bounded, and Cancel can stop it at once (the
 * page terminates the worker).
 */
const reply = (message: WorkerReply, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });

let wanted: (() => void) | null = null;

function start(request: ExportRequest): void {
  const db = new GlossDB(request.dbName);
  writeExport(
    db,
    request,
    (bytes) =>
      new Promise<void>((resolve) => {
        wanted = resolve;
        reply({ type: 'piece', bytes }, [bytes.buffer]);
      }),
    (progress) => reply({ type: 'progress', progress }),
  )
    .then((summary) => reply({ type: 'done', summary }))
    .catch((err: unknown) =>
      reply({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
    .finally(() => db.close());
}

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const m = event.data;
  if (m.type === 'start') start(m.request);
  else {
    const next = wanted;
    wanted = null;
    next?.();
  }
});
