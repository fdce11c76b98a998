import { GlossDB } from '../../db/db';
import type { TableReply, TableRequest } from './protocol';
import { TableModel } from './table-model';

/**
 * The annotations table's worker: holds every row of the project (`TableModel`), filters and
 * sorts them here, and hands the page only the rows in view, so that neither reading 1,000,000
 * annotations nor sorting them holds the window's thread.
 */
const reply = (message: TableReply) => self.postMessage(message);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

let model: TableModel | null = null;

/**
 * Begins the full read once the first rows are answered: the store's reads run one after
 * another, and the first rows should not queue behind the count and the first pages of it.
 */
function readEverything(): void {
  if (!model || model.started) return;
  model.load().catch((err: unknown) => reply({ type: 'error', seq: null, message: messageOf(err) }));
}

self.addEventListener('message', (event: MessageEvent<TableRequest>) => {
  const m = event.data;
  if (m.type === 'open') {
    model = new TableModel(new GlossDB(m.dbName), {
      progress: (progress) => reply({ type: 'progress', progress }),
      changed: () => reply({ type: 'changed' }),
    });
    return;
  }
  if (!model) return;
  if (m.type === 'window') {
    model
      .window(m.query)
      .then(
        (window) => reply({ type: 'window', seq: m.seq, window }),
        (err: unknown) => reply({ type: 'error', seq: m.seq, message: messageOf(err) }),
      )
      .finally(readEverything);
  } else if (m.type === 'ids') {
    model
      .ids(m.query, {
        ...(m.among ? { among: m.among } : {}),
        ...(m.between ? { between: m.between } : {}),
      })
      .then(
        (ids) => reply({ type: 'ids', seq: m.seq, ids }),
        (err: unknown) => reply({ type: 'error', seq: m.seq, message: messageOf(err) }),
      );
  } else if (m.type === 'overview') {
    model.overview(m.query).then(
      (overview) => reply({ type: 'overview', seq: m.seq, overview }),
      (err: unknown) => reply({ type: 'error', seq: m.seq, message: messageOf(err) }),
    );
  } else if (m.type === 'patch') model.patch(m.written);
  else model.reload();
});
