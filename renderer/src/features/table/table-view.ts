import { quoteSelector, type Annotation, type Reliability } from '../../../../core/model';
import { TABLE_COLUMNS, type AnnotationFilter, type TableColumn } from '../../db/sets';

/** One annotation as the table shows it, with each cell's text ready for filtering. */
export interface TableRow {
  id: string;
  articleId: string;
  annotation: Annotation;
  cells: Record<TableColumn, string>;
  /** Lower-cased cells, for case-insensitive filters. */
  folded: Record<TableColumn, string>;
  /** The article's source, and its published date (`YYYY-MM-DD`, or '' when it has none). */
  source: string;
  published: string;
}

/** Columns filtered by choosing a value (exact match) rather than by typing (contains). */
export const CHOICE_COLUMNS: Partial<Record<TableColumn, readonly string[]>> = {
  kind: ['claim', 'assessment', 'figure'],
  stance: ['opinion', 'reporting', '—'],
  credibility: ['1', '2', '3', '4', '5', '6', '—'],
  reliability: ['A', 'B', 'C', 'D', 'E', 'F', '—'],
};

/** What an empty value shows as (and is filtered by). */
export const NONE = '—';

export function toRow(
  a: Annotation,
  article: { title: string; source: string; publishedAt?: string | null } | undefined,
  grades: ReadonlyMap<string, Reliability>,
): TableRow {
  const cells: Record<TableColumn, string> = {
    article: article?.title ?? '',
    quote: quoteSelector(a).exact,
    kind: a.kind,
    stance: a.stance ?? NONE,
    credibility: a.credibility === null ? NONE : String(a.credibility),
    reliability: (article && grades.get(article.source)) ?? NONE,
    tags: a.tags.join(', '),
    attribution: a.attribution,
    author: a.author.name || a.author.id,
    editor: a.updatedBy.name || a.updatedBy.id,
    date: a.createdAt.slice(0, 10),
  };
  const folded = Object.fromEntries(
    Object.entries(cells).map(([k, v]) => [k, v.toLocaleLowerCase()]),
  ) as Record<TableColumn, string>;
  return {
    id: a.id,
    articleId: a.articleId,
    annotation: a,
    cells,
    folded,
    source: article?.source ?? '',
    published: article?.publishedAt?.slice(0, 10) ?? '',
  };
}

/**
 * The filter as one test per non-empty field, made once: choice columns match exactly, text
 * columns by contained text, case-insensitively; the source exactly (NONE for none); the
 * published dates as an inclusive range that an article without a date is outside of.
 */
function compile(filter: AnnotationFilter): ((row: TableRow) => boolean)[] {
  const tests: ((row: TableRow) => boolean)[] = [];
  const { source, publishedFrom: from, publishedTo: to } = filter;
  if (source) tests.push((row) => (row.source || NONE) === source);
  if (from) tests.push((row) => row.published !== '' && row.published >= from);
  if (to) tests.push((row) => row.published !== '' && row.published <= to);
  for (const column of TABLE_COLUMNS) {
    const value = filter[column];
    if (!value) continue;
    if (CHOICE_COLUMNS[column]) tests.push((row) => row.cells[column] === value);
    else {
      const needle = value.toLocaleLowerCase();
      tests.push((row) => row.folded[column].includes(needle));
    }
  }
  return tests;
}

/** Whether a row passes every column's filter. */
export function matches(row: TableRow, filter: AnnotationFilter): boolean {
  return compile(filter).every((test) => test(row));
}

export function filterRows(rows: readonly TableRow[], filter: AnnotationFilter): TableRow[] {
  const tests = compile(filter);
  if (tests.length === 0) return rows.slice();
  return rows.filter((row) => {
    for (const test of tests) if (!test(row)) return false;
    return true;
  });
}

export interface TableSort {
  column: TableColumn;
  descending: boolean;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Sorts a copy by one column; empty cells go last either way; ties keep the newest first. */
export function sortRows(rows: readonly TableRow[], sort: TableSort): TableRow[] {
  const dir = sort.descending ? -1 : 1;
  const { column } = sort;
  const empty = (r: TableRow) => r.cells[column] === '' || r.cells[column] === NONE;
  // Dates, grades and vocabulary words compare as they are; people's text needs the collator.
  const plain = column === 'date' || column in CHOICE_COLUMNS;
  return rows.slice().sort((a, b) => {
    const ea = empty(a);
    const eb = empty(b);
    if (ea !== eb) return ea ? 1 : -1;
    const x = a.cells[column];
    const y = b.cells[column];
    const c = ea ? 0 : dir * (plain ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y));
    if (c !== 0) return c;
    return a.annotation.createdAt < b.annotation.createdAt
      ? 1
      : a.annotation.createdAt > b.annotation.createdAt
        ? -1
        : 0;
  });
}

/** Tags typed as a comma-separated list: trimmed, without blanks or repeats. */
export function parseTags(input: string): string[] {
  return [
    ...new Set(
      input
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}
