import {
  CSV_COLUMNS,
  toCsv,
  toHtmlReport,
  toJson,
  toMarkdown,
  toW3CJson,
  type CsvColumn,
  type CsvDelimiter,
  type ExportInput,
} from '../../../../core/exporters';
import type { FileFilter } from '../../../../core/bridge';
import { toQdpx } from '../../../../core/refi';
import { toHypothesisJson } from '../../../../core/hypothesis';

/** The formats the export dialog offers, in the order it lists them. */
export const EXPORT_FORMATS = [
  {
    id: 'csv',
    label: 'CSV',
    description: 'One row per annotation, for spreadsheets, pandas and R.',
    extension: 'csv',
    filter: { name: 'CSV (comma-separated values)', extensions: ['csv'] },
  },
  {
    id: 'json',
    label: 'JSON',
    description: 'A lossless copy that Gloss imports back.',
    extension: 'json',
    filter: { name: 'Gloss JSON export', extensions: ['json'] },
  },
  {
    id: 'w3c',
    label: 'W3C Web Annotation',
    description: 'JSON-LD for other annotation tools.',
    extension: 'jsonld',
    filter: { name: 'W3C Web Annotation (JSON-LD)', extensions: ['jsonld', 'json'] },
  },
  {
    id: 'qdpx',
    label: 'REFI-QDA project',
    description: 'For NVivo, ATLAS.ti, MAXQDA and QualCoder (.qdpx).',
    extension: 'qdpx',
    filter: { name: 'REFI-QDA project exchange', extensions: ['qdpx'] },
  },
  {
    id: 'hypothesis',
    label: 'Hypothesis JSON',
    description: 'The shape of a Hypothesis export, with quotes and tags.',
    extension: 'json',
    filter: { name: 'Hypothesis JSON export', extensions: ['json'] },
  },
  {
    id: 'md',
    label: 'Markdown report',
    description: 'Passages grouped by article, to paste into a brief.',
    extension: 'md',
    filter: { name: 'Markdown', extensions: ['md'] },
  },
  {
    id: 'html',
    label: 'HTML report',
    description: 'A self-contained page to read, print or mail.',
    extension: 'html',
    filter: { name: 'HTML page', extensions: ['html', 'htm'] },
  },
] as const satisfies readonly {
  id: string;
  label: string;
  description: string;
  extension: string;
  filter: FileFilter;
}[];

export type ExportFormatId = (typeof EXPORT_FORMATS)[number]['id'];

export function formatById(id: ExportFormatId): (typeof EXPORT_FORMATS)[number] {
  return EXPORT_FORMATS.find((f) => f.id === id)!;
}

export interface CsvChoice {
  columns: readonly CsvColumn[];
  bom: boolean;
  /** Comma when absent. */
  delimiter?: CsvDelimiter;
}

export const DEFAULT_CSV: CsvChoice = { columns: CSV_COLUMNS, bom: false };

/**
 * The bytes of the export file in `format`: the UTF-8 text of a text format (see
 * {@link renderExport}), or the zip of a REFI-QDA project.
 */
export async function renderExportFile(
  format: ExportFormatId,
  input: ExportInput,
  csv: CsvChoice = DEFAULT_CSV,
): Promise<Uint8Array<ArrayBuffer>> {
  if (format === 'qdpx') return new Uint8Array(await toQdpx(input));
  return new TextEncoder().encode(renderExport(format, input, csv));
}

/** The text of the export file in a text format; CSV columns come in {@link CSV_COLUMNS} order. */
export function renderExport(
  format: Exclude<ExportFormatId, 'qdpx'>,
  input: ExportInput,
  csv: CsvChoice = DEFAULT_CSV,
): string {
  switch (format) {
    case 'csv':
      // The dialog's ticks, always in the documented column order.
      return toCsv(input, {
        columns: CSV_COLUMNS.filter((c) => csv.columns.includes(c)),
        bom: csv.bom,
        delimiter: csv.delimiter ?? ',',
      });
    case 'json':
      return toJson(input);
    case 'w3c':
      return toW3CJson(input);
    case 'hypothesis':
      return toHypothesisJson(input);
    case 'md':
      return toMarkdown(input);
    case 'html':
      return toHtmlReport(input);
  }
}

/**
 * A readable, portable file-name stem: letters and digits of any script kept, everything else
 * (spaces, punctuation, characters Windows forbids) folded into single hyphens, at most 60
 * characters.
 */
export function fileStem(text: string): string {
  const stem = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = [...stem].slice(0, 60).join('').replace(/-+$/, '');
  return cut;
}

/**
 * The name the save dialog suggests: what was exported (the article's title, "selection" or
 * "gloss"), "annotations", the local date, and the format's extension, for example
 * `institute-for-the-study-of-war-annotations-2026-11-23.csv`.
 */
export function suggestedFileName(
  format: ExportFormatId,
  what: { kind: 'selection' | 'article' | 'project'; title?: string },
  now: Date = new Date(),
): string {
  const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const lead =
    what.kind === 'article'
      ? fileStem(what.title ?? '') || 'article'
      : what.kind === 'selection'
        ? `${fileStem(what.title ?? '') || 'gloss'}-selection`
        : 'gloss';
  return `${lead}-annotations-${date}.${formatById(format).extension}`;
}
