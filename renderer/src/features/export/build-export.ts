import { CSV_COLUMNS, exportChunks } from '../../../../core/exporters';
import { toQdpx } from '../../../../core/refi';
import type { AnnotationFilter } from '../../../../core/model';
import type { GlossDB } from '../../db/db';
import { loadExportData, type ExportScope } from '../../db/export-data';
import type { CsvChoice, ExportFormatId } from './formats';

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

/** Where an export is: reading annotations, or writing the file; both with counts of records. */
export type ExportProgress =
  { phase: 'reading'; done: number; total: number } | { phase: 'writing'; done: number; total: number };

/** What an export wrote. */
export interface ExportSummary {
  annotations: number;
  articles: number;
  /** The size of the file in bytes. */
  bytes: number;
}

/**
 * Takes the file's next bytes (UTF-8, in order) and resolves once they are written; the next
 * piece waits for it, so at most one piece is in flight.
 */
export type ExportSink = (bytes: Uint8Array<ArrayBuffer>) => Promise<void>;

/** Bytes gathered before they go to the sink: few round trips, little memory. */
const PIECE_BYTES = 1 << 20;

/**
 * Reads what `request` covers from `db` and writes it as the export file to `sink`, piece by
 * piece (core/exporters' {@link exportChunks}), so that no export is ever one string.
 */
export async function writeExport(
  db: GlossDB,
  request: ExportRequest,
  sink: ExportSink,
  onProgress: (progress: ExportProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<ExportSummary> {
  const data = await loadExportData(db, request.scope, request.filter, {
    onProgress: (done, total) => onProgress({ phase: 'reading', done, total }),
    ...(signal ? { signal } : {}),
  });
  if (request.format === 'qdpx') {
    // A REFI-QDA project is a zip archive, made whole (its entries are compressed one by one).
    onProgress({ phase: 'writing', done: 0, total: data.annotations.length });
    const zip = new Uint8Array(await toQdpx({ ...data, app: request.app, exportedAt: request.exportedAt }));
    signal?.throwIfAborted();
    await sink(zip);
    onProgress({ phase: 'writing', done: data.annotations.length, total: data.annotations.length });
    return { annotations: data.annotations.length, articles: data.articles.length, bytes: zip.length };
  }
  const encoder = new TextEncoder();
  let pending: Uint8Array<ArrayBuffer>[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const piece = pending.length === 1 ? pending[0]! : new Uint8Array(pendingBytes);
    if (pending.length > 1) {
      let at = 0;
      for (const p of pending) {
        piece.set(p, at);
        at += p.length;
      }
    }
    pending = [];
    pendingBytes = 0;
    signal?.throwIfAborted();
    await sink(piece);
  };
  const live = data.annotations.length;
  onProgress({ phase: 'writing', done: 0, total: live });
  const chunks = exportChunks(
    request.format,
    { ...data, app: request.app, exportedAt: request.exportedAt },
    {
      // The dialog's ticks, always in the documented column order.
      columns: CSV_COLUMNS.filter((c) => request.csv.columns.includes(c)),
      bom: request.csv.bom,
      delimiter: request.csv.delimiter ?? ',',
      onProgress: (done, total) =>
        onProgress({ phase: 'writing', done: Math.round((done / Math.max(total, 1)) * live), total: live }),
    },
  );
  for (const chunk of chunks) {
    const encoded = encoder.encode(chunk);
    pending.push(encoded);
    pendingBytes += encoded.length;
    bytes += encoded.length;
    if (pendingBytes >= PIECE_BYTES) await flush();
  }
  await flush();
  return { annotations: data.annotations.length, articles: data.articles.length, bytes };
}

/** {@link writeExport} into memory: the whole file's bytes (for tests and small exports). */
export async function buildExport(
  db: GlossDB,
  request: ExportRequest,
  onProgress?: (progress: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<ExportSummary & { file: Uint8Array<ArrayBuffer> }> {
  const pieces: Uint8Array[] = [];
  const summary = await writeExport(db, request, async (b) => void pieces.push(b), onProgress, signal);
  const file = new Uint8Array(summary.bytes);
  let at = 0;
  for (const p of pieces) {
    file.set(p, at);
    at += p.length;
  }
  return { ...summary, file };
}
