/**
 * REFI-QDA project exchange (`.qdpx`, QDA-XML 1.0), the format NVivo, ATLAS.ti, MAXQDA and
 * QualCoder read and write: {@link toQdpx} writes one, see docs/export-formats.md.
 */
export { toQdpx, xmlText, type QdpxOptions } from './write-qdpx';
export { QDA_PROJECT_NS, stableGuid } from './vocabulary';
export {
  QdpxError,
  isQdpx,
  normalColor,
  parseQde,
  positionUnits,
  readQdpx,
  type PositionUnits,
  type QdaCode,
  type QdaProject,
  type QdaSelection,
  type QdaSource,
} from './read-qdpx';
export { proposeMapping, qdaToGloss, type QdaImport, type QdaToGlossOptions } from './to-gloss';
export {
  StoredCodeMappingSchema,
  formatCodeTarget,
  fromStoredMapping,
  parseCodeTarget,
  rememberMapping,
  type CodeMapping,
  type CodeTarget,
  type StoredCodeMapping,
} from './mapping';
export { addToProject, type AddedCounts, type ImportTarget } from './add-to-project';
