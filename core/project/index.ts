/**
 * The `.gloss` project file: a versioned zip of JSON documents (see docs/project-format.md).
 */
export {
  readProjectFile,
  writeProjectFile,
  type ReadProjectOptions,
  type WriteProjectOptions,
} from './format';
export { fflateCodec, type DeflateCodec, type DeflateStream } from './codec';
export { ProjectFileError, type ProjectFileErrorCode } from './errors';
export { DEFAULT_PROJECT_LIMITS, MAX_PROJECT_FILE_BYTES, type ProjectLimits } from './limits';
export { MIGRATIONS, migrate, migrateV1toV2, type Migration, type RawProject } from './migrate';
export { nestingDepth, safeJsonParse, FORBIDDEN_KEYS } from './safe-json';
export { checkEntryName } from './zip';
export {
  PROJECT_TYPE,
  PROJECT_VERSION,
  ProjectEnvelopeSchema,
  ProjectSyncSchema,
  type ProjectDocument,
  type ProjectEnvelope,
  type ProjectSync,
} from './schema';
export { emptyProject, GLOSS_APP } from './new';
