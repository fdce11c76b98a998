import Papa from 'papaparse';
import type { ExportInput } from './input';
import type { ExportRecord } from './records';
import { orderedRecords } from './records';

/**
 * The CSV columns, in their documented, stable order (docs/export-formats.md). New columns are
 * only ever appended, so that spreadsheets and scripts keyed on positions keep working.
 */
export const CSV_COLUMNS = [
  'annotation_id',
  'article_id',
  'article_title',
  'source',
  'byline',
  'published_at',
  'url',
  'kind',
  'stance',
  'quote',
  'prefix',
  'suffix',
  'start',
  'end',
  'note',
  'tags',
  'attribution',
  'credibility',
  'source_reliability',
  'figure_value',
  'figure_unit',
  'author',
  'created_at',
  'updated_at',
  'updated_by',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Separates the tags of one annotation inside the `tags` cell. */
export const CSV_TAG_SEPARATOR = '; ';

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, so that Excel opens the file as UTF-8. */
  bom?: boolean;
  /** A subset or reordering of {@link CSV_COLUMNS}; all of them by default. */
  columns?: readonly CsvColumn[];
}

type Cell = string | number;

const CELL: Record<CsvColumn, (r: ExportRecord) => Cell | null> = {
  annotation_id: (r) => r.annotation.id,
  article_id: (r) => r.annotation.articleId,
  article_title: (r) => r.article?.title ?? null,
  source: (r) => r.article?.source ?? null,
  byline: (r) => r.article?.byline ?? null,
  published_at: (r) => r.article?.publishedAt ?? null,
  url: (r) => r.article?.url ?? null,
  kind: (r) => r.annotation.kind,
  stance: (r) => r.annotation.stance,
  quote: (r) => r.quote.exact,
  prefix: (r) => r.quote.prefix,
  suffix: (r) => r.quote.suffix,
  start: (r) => r.start,
  end: (r) => r.end,
  note: (r) => r.annotation.note,
  tags: (r) => r.annotation.tags.join(CSV_TAG_SEPARATOR),
  attribution: (r) => r.annotation.attribution,
  credibility: (r) => r.annotation.credibility,
  source_reliability: (r) => r.sourceReliability,
  figure_value: (r) => r.annotation.figure?.value ?? null,
  figure_unit: (r) => r.annotation.figure?.unit ?? null,
  author: (r) => r.annotation.author.name || r.annotation.author.id,
  created_at: (r) => r.annotation.createdAt,
  updated_at: (r) => r.annotation.updatedAt,
  updated_by: (r) => r.annotation.updatedBy.name || r.annotation.updatedBy.id,
};

/** Rows per papaparse call; see the note on flattening in {@link toCsv}. */
const CHUNK_ROWS = 500;

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Defuses a cell that a spreadsheet would run as a formula (CSV injection): text starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, which spreadsheets
 * show as text and hide. A plain decimal number such as `-12.5` is left alone, so that it still
 * reads as a number.
 */
export function neutraliseCell(value: string): string {
  const c = value.charCodeAt(0);
  // = + - @ tab CR: a cheap first test, as this runs on every cell of every row.
  if (c !== 0x3d && c !== 0x2b && c !== 0x2d && c !== 0x40 && c !== 0x09 && c !== 0x0d) {
    return value;
  }
  return PLAIN_NUMBER.test(value) ? value : `'${value}`;
}

/**
 * One row per live annotation, in export order (article, then start offset), with a header row.
 * RFC 4180: comma-separated, CRLF line ends, fields quoted only when they need it and quotes
 * doubled, via papaparse. Numbers stay bare numbers; text cells are defused with
 * {@link neutraliseCell}; absent values are empty cells; offsets are code points.
 */
export function toCsv(input: ExportInput, options: CsvOptions = {}): string {
  const columns = options.columns ?? CSV_COLUMNS;
  for (const c of columns) {
    if (!Object.hasOwn(CELL, c)) throw new Error(`unknown CSV column “${String(c)}”`);
  }
  const getters = columns.map((c) => CELL[c]);
  const config = { newline: '\r\n', delimiter: ',', quoteChar: '"' };
  const records = orderedRecords(input);
  const chunks: string[] = [Papa.unparse([[...columns]], config)];
  for (let from = 0; from < records.length; from += CHUNK_ROWS) {
    const rows: Cell[][] = [];
    for (const record of records.slice(from, from + CHUNK_ROWS)) {
      const row: Cell[] = new Array<Cell>(getters.length);
      for (let i = 0; i < getters.length; i++) {
        const value = getters[i]!(record);
        row[i] = value === null ? '' : typeof value === 'number' ? value : neutraliseCell(value);
      }
      rows.push(row);
    }
    // Rows as plain arrays, without `fields`: papaparse then skips a per-row Object.keys.
    const chunk = Papa.unparse(rows, config);
    // papaparse builds its output by concatenation, a rope of two string pieces per cell; left
    // to pile up over 100 000 rows they survive into the old generation and garbage collection
    // takes most of the time. Reading a character flattens each chunk while it is small.
    chunk.charCodeAt(0);
    chunks.push(chunk);
  }
  // RFC 4180 allows a last line with or without a line break; our files always end in one.
  return `${options.bom ? '\ufeff' : ''}${chunks.join('\r\n')}\r\n`;
}
