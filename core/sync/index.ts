/**
 * Team sync: Gloss records as CouchDB documents, the design document Gloss installs, and the
 * sync of a project with a team database through PouchDB's replicator. See docs/team-server.md.
 */
export * from './documents';
export * from './design';
export * from './state';
export * from './errors';
export * from './types';
export type * from './pouch';
export {
  SYNC_PAGE_SIZE,
  TOO_LARGE,
  annotationProblem,
  emptySyncReport,
  joinReports,
  syncChanges,
  syncProject,
} from './engine';
export { DEFAULT_BATCH_SIZE } from './replicate';
export { settleConflict, type SettleContext, type Settlement } from './settle';
export { settleTwinRecords } from './twins';
