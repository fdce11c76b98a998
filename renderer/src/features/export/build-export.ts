import type { AnnotationFilter } from '../../../../core/model';
import type { GlossDB } from '../../db/db';
import { loadExportData, type ExportScope } from '../../db/export-data';
import { renderExportFile, type CsvChoice, type ExportFormatId } from './formats';

/** Everything needed to make one export file; plain data, so that it can cross to a worker. */
export interface ExportRequest {
  /** The IndexedDB database to read (the worker opens its own connection to it). */
  dbName: string;
  scope: ExportScope;
  filter: AnnotationFilter;
  format: ExportFormatId;
  csv: CsvChoice;
  app: { name: string; version: string };
  exportedAt: string;
}

/** Where an export is: reading annotations (with counts), or writing the file's text. */
export type ExportProgress = { phase: 'reading'; done: number; total: number } | { phase: 'writing' };

export interface BuiltExport {
  /** The file's UTF-8 bytes. */
  bytes: Uint8Array<ArrayBuffer>;
  annotations: number;
  articles: number;
}

/** Reads what `request` covers from `db` and renders it as the bytes of the export file. */
export async function buildExport(
  db: GlossDB,
  request: ExportRequest,
  onProgress: (progress: ExportProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<BuiltExport> {
  const data = await loadExportData(db, request.scope, request.filter, {
    onProgress: (done, total) => onProgress({ phase: 'reading', done, total }),
    ...(signal ? { signal } : {}),
  });
  onProgress({ phase: 'writing' });
  const bytes = await renderExportFile(
    request.format,
    { ...data, app: request.app, exportedAt: request.exportedAt },
    request.csv,
  );
  signal?.throwIfAborted();
  return {
    bytes,
    annotations: data.annotations.length,
    articles: data.articles.length,
  };
}
