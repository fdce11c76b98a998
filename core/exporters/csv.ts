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

/**
 * The field separators Gloss writes: comma (RFC 4180), semicolon (what Excel expects where the
 * decimal separator is a comma) and tab. Whichever is chosen, every field holding any of the
 * three is quoted, so a spreadsheet that splits on all of them at once still sees the same cells.
 */
export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** The invisible mark that {@link neutraliseCell} puts before a formula-like cell: U+200B. */
export const CSV_DEFUSE_MARK = '\u200b';

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, so that Excel opens the file as UTF-8. */
  bom?: boolean;
  /** The field separator; a comma by default. */
  delimiter?: CsvDelimiter;
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
 * Any separator Gloss offers, the quote, a line break: a field holding one is quoted whatever the
 * chosen delimiter, so that a spreadsheet splitting on comma, semicolon and tab together (as
 * LibreOffice's import dialog does by default) never splits a field.
 */
const NEEDS_QUOTES = /[,;\t"\r\n]/;

/**
 * Defuses a cell that a spreadsheet would run as a formula (CSV injection): text starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets {@link CSV_DEFUSE_MARK}, a zero-width
 * space, in front. Excel, LibreOffice and Google Sheets all start a formula only at one of those
 * characters and treat the leading zero-width space as an ordinary (invisible) character, so all
 * three show the cell as the text the analyst wrote, `=1+1`, never its result. (An apostrophe,
 * the older advice, is hidden by Excel but shown by LibreOffice, so it read differently.) A plain
 * decimal number such as `-12.5` is left alone, so that it still reads as a number.
 */
export function neutraliseCell(value: string): string {
  const c = value.charCodeAt(0);
  // = + - @ tab CR: a cheap first test, as this runs on every cell of every row.
  if (c !== 0x3d && c !== 0x2b && c !== 0x2d && c !== 0x40 && c !== 0x09 && c !== 0x0d) {
    return value;
  }
  return PLAIN_NUMBER.test(value) ? value : `${CSV_DEFUSE_MARK}${value}`;
}

/** Quotes a text cell holding any separator, a quote or a line break (papaparse's `quotes`). */
function quoteWhenNeeded(value: unknown): boolean {
  return typeof value === 'string' && NEEDS_QUOTES.test(value);
}

/**
 * One row per live annotation, in export order (article, then start offset), with a header row.
 * RFC 4180 with a choice of separator (comma by default): CRLF line ends, quotes doubled, and a
 * field quoted when it holds a comma, a semicolon, a tab, a quote, a line break or leading or
 * trailing space, via papaparse. Numbers stay bare numbers; text cells are defused with
 * {@link neutraliseCell}; absent values are empty cells; offsets are code points.
 */
export function toCsv(input: ExportInput, options: CsvOptions = {}): string {
  const columns = options.columns ?? CSV_COLUMNS;
  for (const c of columns) {
    if (!Object.hasOwn(CELL, c)) throw new Error(`unknown CSV column “${String(c)}”`);
  }
  const getters = columns.map((c) => CELL[c]);
  const delimiter = options.delimiter ?? ',';
  if (!(CSV_DELIMITERS as readonly string[]).includes(delimiter)) {
    throw new Error(`unknown CSV delimiter ${JSON.stringify(delimiter)}`);
  }
  const config = { newline: '\r\n', delimiter, quoteChar: '"', quotes: quoteWhenNeeded };
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
