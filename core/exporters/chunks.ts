import { csvChunks, type CsvOptions, type ExportProgressCallback } from './csv';
import { toHtmlReport } from './html';
import type { ExportInput } from './input';
import { jsonChunks } from './json';
import { toMarkdown } from './markdown';
import { toW3CJson } from './w3c';
import { toHypothesisJson } from '../hypothesis';

/**
 * Every text export format, by the id the app and `gloss export --format` use (REFI-QDA's
 * `.qdpx` is a zip, made by `core/refi`'s `toQdpx`).
 */
export const EXPORT_FORMAT_IDS = ['csv', 'json', 'w3c', 'hypothesis', 'md', 'html'] as const;
export type ExportFormatId = (typeof EXPORT_FORMAT_IDS)[number];

/** Options of {@link exportChunks}: the CSV ones apply to CSV only. */
export interface ExportChunkOptions extends CsvOptions {
  /** Records written so far, of how many (CSV and JSON report as they go, the others at the end). */
  onProgress?: ExportProgressCallback;
}

/**
 * The export file in `format`, as pieces of text to write one after the other, in order. CSV
 * and JSON stream (pieces of a few hundred rows, or about a million characters), so that an
 * export of any size is never one string; the reports and W3C JSON-LD come as one piece. The
 * app and `gloss export` both write their files from here.
 */
export function* exportChunks(
  format: ExportFormatId,
  input: ExportInput,
  options: ExportChunkOptions = {},
): Generator<string> {
  switch (format) {
    case 'csv':
      yield* csvChunks(input, options);
      return;
    case 'json':
      yield* jsonChunks(input, options.onProgress ? { onProgress: options.onProgress } : {});
      return;
    case 'w3c':
      yield toW3CJson(input);
      break;
    case 'hypothesis':
      yield toHypothesisJson(input);
      break;
    case 'md':
      yield toMarkdown(input);
      break;
    case 'html':
      yield toHtmlReport(input);
      break;
  }
  const live = input.annotations.filter((a) => a.deletedAt === null).length;
  options.onProgress?.(live, live);
}
