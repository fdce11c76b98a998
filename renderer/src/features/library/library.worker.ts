import { GlossDB } from '../../db/db';
import { LibraryModel } from './library-model';
import type { LibraryReply, LibraryRequest } from './protocol';

/**
 * The library list's worker: holds every article's metadata (`LibraryModel`), filters and sorts
 * them here, and hands the page only the rows in view, so that neither reading 50,000 articles
 * (at start-up, or after an opened project rewrote them) nor sorting them holds the window's thread.
 */
const reply = (message: LibraryReply) => self.postMessage(message);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

let model: LibraryModel | null = null;

function answer<T>(seq: number, work: Promise<T>, make: (value: T) => LibraryReply): void {
  work.then(
    (value) => reply(make(value)),
    (err: unknown) => reply({ type: 'error', seq, message: messageOf(err) }),
  );
}

self.addEventListener('message', (event: MessageEvent<LibraryRequest>) => {
  const m = event.data;
  if (m.type === 'open') {
    model = new LibraryModel(new GlossDB(m.dbName));
    return;
  }
  if (!model) return;
  if (m.type === 'window') {
    answer(m.seq, model.window(m.query, m.start, m.end), (window) => ({
      type: 'window',
      seq: m.seq,
      window,
    }));
  } else if (m.type === 'ids') {
    const options = { ...(m.among ? { among: m.among } : {}), ...(m.between ? { between: m.between } : {}) };
    answer(m.seq, model.ids(m.query, options), (ids) => ({ type: 'ids', seq: m.seq, ids }));
  } else if (m.type === 'indexOf') {
    answer(m.seq, model.indexOf(m.query, m.id), (index) => ({ type: 'indexOf', seq: m.seq, index }));
  } else {
    model.changed(m.change).then(
      () => reply({ type: 'changed' }),
      (err: unknown) => reply({ type: 'error', seq: null, message: messageOf(err) }),
    );
  }
});
