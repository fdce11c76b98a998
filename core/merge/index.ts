/**
 * Merging a colleague's project into mine: a preview ({@link planMerge}) and its application
 * ({@link applyMerge}). See docs/project-format.md, "Merge".
 */
export {
  planMerge,
  lastChanged,
  syncedAt,
  partialOf,
  detailsOf,
  freeName,
  checkSavedAt,
  MAX_CLOCK_SKEW_MS,
} from './plan';
export { applyMerge, resolveAll, conflictKeys, copyId, MergeError } from './apply';
export {
  planTwins,
  moveOntoTwins,
  moveSetsOntoTwins,
  joinTwinMoves,
  keptByText,
  rememberTwinMoves,
  settleRemovedTwins,
  twinOrder,
  type RemovedTwins,
  type TwinMatch,
  type TwinPlan,
} from './twins';
export { textSimilarity, normalizeUrl } from './similarity';
export { deepEqual } from './equal';
export { derivedUuid } from './ids';
export * from './types';
export { mergeRecord, mergeAnnotation, type RecordMerge } from './record';
