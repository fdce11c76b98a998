import { GlossDB } from '../../db/db';
import { buildExport, type ExportRequest } from './build-export';
import type { WorkerReply } from './run-export';

/**
 * The export worker: reads the database and renders the file off the main thread, so that the
 * window stays responsive and Cancel can stop it at once (the page terminates the worker).
 */
const reply = (message: WorkerReply, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });

self.addEventListener('message', (event: MessageEvent<ExportRequest>) => {
  const request = event.data;
  const db = new GlossDB(request.dbName);
  buildExport(db, request, (progress) => reply({ type: 'progress', progress }))
    .then((result) => reply({ type: 'done', result }, [result.bytes.buffer]))
    .catch((err: unknown) =>
      reply({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
    .finally(() => db.close());
});
