// PouchDB ships no types, and the DefinitelyTyped ones declare global Buffer and Blob types that
// clash; the sync worker types the little it uses (see features/sync/replica.ts), as the CLI does.
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
