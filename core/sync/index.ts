/**
 * Team sync: Gloss records as CouchDB documents, the design document Gloss installs, and the
 * sync of a project with a team database through PouchDB's replicator. See docs/team-server.md.
 */
export * from './documents';
export * from './design';
export * from './state';
export * from './errors';
export {
  syncProject,
  SyncError,
  CONFLICT_POLICIES,
  type ConflictPolicy,
  type OpenConflict,
  type SyncOptions,
  type SyncProgress,
  type SyncReport,
  type SyncResult,
} from './engine';
export type * from './pouch';
