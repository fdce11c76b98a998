import type { ReplicaPouch } from '../../../renderer/src/features/sync/replica';

let made = 0;

/**
 * The sync worker's `scratch` outside the worker: a new in-memory PouchDB database (of the
 * caller's PouchDB, which has the memory adapter) that takes the identity `id` in replication ids.
 */
export const memoryScratch =
  (Pouch: new (name: string, options: { adapter: 'memory' }) => ReplicaPouch) =>
  (id: string): ReplicaPouch => {
    const db = new Pouch(`scratch-${++made}-${Date.now()}`, { adapter: 'memory' });
    db.id = () => Promise.resolve(id);
    return db;
  };
