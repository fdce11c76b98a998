import { csvChunks, type CsvOptions, type ExportProgressCallback } from './csv';
import { htmlChunks } from './html';
import type { ExportInput } from './input';
import { jsonChunks } from './json';
import { markdownChunks } from './markdown';
import { w3cChunks } from './w3c';
import { toHypothesisJson } from '../hypothesis';

/**
 * Every text export format, by the id the app and `gloss export --format` use (REFI-QDA's
 * `.qdpx` is a zip, made by `core/refi`'s `toQdpx`).
 */
export const EXPORT_FORMAT_IDS = ['csv', 'json', 'w3c', 'hypothesis', 'md', 'html'] as const;
export type ExportFormatId = (typeof EXPORT_FORMAT_IDS)[number];

/** Options of {@link exportChunks}: the CSV ones apply to CSV only. */
export interface ExportChunkOptions extends CsvOptions {
  /** Records written so far, of how many (every format but Hypothesis reports as it goes). */
  onProgress?: ExportProgressCallback;
}

/**
 * The export file in `format`, as pieces of text to write one after the other, in order. CSV,
 * JSON, W3C JSON-LD and the Markdown and HTML reports stream (pieces of a few hundred rows, or
 * about a million characters), so that an export of any size is never one string; the
 * Hypothesis import file comes as one piece. The app and `gloss export` both write their files
 * from here.
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
      yield* w3cChunks(input, options.onProgress);
      return;
    case 'md':
      yield* markdownChunks(input, options.onProgress);
      return;
    case 'html':
      yield* htmlChunks(input, options.onProgress);
      return;
    case 'hypothesis':
      yield toHypothesisJson(input);
      break;
  }
  const live = input.annotations.filter((a) => a.deletedAt === null).length;
  options.onProgress?.(live, live);
}
