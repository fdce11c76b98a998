// PouchDB ships no types, and the DefinitelyTyped ones declare global Buffer and Blob types that
// clash with Node's: the modules Gloss loads are declared here once, for the sync worker and the
// command line; core/sync/pouch.ts (and cli/sync-pouch.ts, renderer/src/features/sync/replica.ts)
// type the little of PouchDB's API they use.
declare module 'pouchdb-core' {
  const PouchDB: { plugin(plugin: unknown): typeof PouchDB };
  export default PouchDB;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-indexeddb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-generate-replication-id' {
  /** The id of the `_local` document that holds a replication's checkpoint (`_local/…`). */
  const generateReplicationId: (
    source: { id(): Promise<string> },
    target: { id(): Promise<string> },
    options: object,
  ) => Promise<string>;
  export default generateReplicationId;
}
