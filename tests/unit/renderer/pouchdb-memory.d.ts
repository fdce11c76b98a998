// PouchDB's in-memory adapter, for the replica in Node tests (see team-sync.test.ts).
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
