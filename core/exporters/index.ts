/**
 * Exporters: pure functions from an in-memory {@link ExportInput} to the text of an export
 * file (CSV, JSON, W3C Web Annotation JSON-LD, Markdown and HTML reports), streamed in pieces by
 * {@link exportChunks}, and the reader of Gloss's own JSON export. Formats are described in
 * docs/export-formats.md.
 */
export type { ExportInput } from './input';
export { filterAnnotations } from './input';
export type { ArticleGroup, ExportRecord } from './records';
export { codePointOffsets, groupRecords, orderAnnotations, orderArticles, orderedRecords } from './records';
export type { CsvColumn, CsvDelimiter, CsvOptions, ExportProgressCallback } from './csv';
export {
  CSV_COLUMNS,
  CSV_DEFUSE_MARK,
  CSV_DELIMITERS,
  CSV_TAG_SEPARATOR,
  csvChunks,
  neutraliseCell,
  toCsv,
} from './csv';
export type { ExportChunkOptions, ExportFormatId } from './chunks';
export { EXPORT_FORMAT_IDS, exportChunks } from './chunks';
export type { ExportedArticle, GlossExport, JsonOptions } from './json';
export {
  EXPORT_TYPE,
  EXPORT_VERSION,
  ExportFormatError,
  GlossExportSchema,
  exportJsonSchema,
  jsonChunks,
  parseJsonExport,
  toJson,
  toJsonDocument,
} from './json';
export type { W3CAnnotation, W3CAnnotationCollection, W3CTextualBody } from './w3c';
export { ANNO_CONTEXT, GLOSS_CONTEXT, articleIri, toW3C, toW3CJson, w3cChunks } from './w3c';
export type { ReportEntry, ReportModel, ReportSection } from './report';
export { reportModel } from './report';
export { escapeMarkdown, markdownChunks, toMarkdown } from './markdown';
export { escapeHtml, htmlChunks, toHtmlReport } from './html';
export { PIECE_CHARS, Pieces } from './pieces';
export type { ExportMark } from './as-project';
export {
  EXPORT_ANALYST,
  exportAsProject,
  isExportDocument,
  looksLikeJsonExport,
  readJsonExportAsProject,
} from './as-project';
