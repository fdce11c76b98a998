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

/** Who last changed an annotation (its `updatedBy`). */
export function lastEditor(a: Annotation): string {
  return a.updatedBy.name || a.updatedBy.id;
}

/**
 * The Admiralty code of a passage: its source's reliability (A–F) and its credibility (1–6),
 * `B2`; a part not graded shows as `–`, and neither as {@link NONE}.
 */
export function admiraltyCode(reliability: Reliability | undefined, credibility: number | null): string {
  if (!reliability && credibility === null) return NONE;
  return `${reliability ?? '–'}${credibility ?? '–'}`;
}

export function toRow(
  a: Annotation,
  article: { title: string; source: string; publishedAt?: string | null } | undefined,
  grades: ReadonlyMap<string, Reliability>,
): TableRow {
  const reliability = article ? grades.get(article.source) : undefined;
  const cells: Record<TableColumn, string> = {
    article: article?.title ?? '',
    quote: quoteSelector(a).exact,
    kind: a.kind,
    stance: a.stance ?? NONE,
    credibility: a.credibility === null ? NONE : String(a.credibility),
    reliability: reliability ?? NONE,
    tags: a.tags.join(', '),
    attribution: a.attribution,
    author: a.author.name || a.author.id,
    date: a.createdAt,
    published: article?.publishedAt ?? '',
    note: a.note,
    figure:
      a.kind === 'figure' && a.figure ? `${a.figure.value.toLocaleString()} ${a.figure.unit}`.trim() : '',
    admiralty: admiraltyCode(reliability, a.credibility),
    editor: lastEditor(a),
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
  const plain = column === 'date' || column === 'published' || column in CHOICE_COLUMNS;
  // Figures by their value, not their text (“9,000” before “13,000,000”).
  const figure = (r: TableRow) => r.annotation.figure?.value ?? 0;
  return rows.slice().sort((a, b) => {
    const ea = empty(a);
    const eb = empty(b);
    if (ea !== eb) return ea ? 1 : -1;
    const x = a.cells[column];
    const y = b.cells[column];
    const c = ea
      ? 0
      : dir *
        (column === 'figure'
          ? figure(a) - figure(b)
          : plain
            ? x < y
              ? -1
              : x > y
                ? 1
                : 0
            : collator.compare(x, y));
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

/**
 * Tags added to (or removed from) one annotation's own: the others it has stay, in their order,
 * and a tag is never listed twice.
 */
export function changeTags(
  current: readonly string[],
  tags: readonly string[],
  mode: 'add' | 'remove',
): string[] {
  if (mode === 'remove') {
    const gone = new Set(tags.map((t) => t.toLocaleLowerCase()));
    return current.filter((t) => !gone.has(t.toLocaleLowerCase()));
  }
  const have = new Set(current.map((t) => t.toLocaleLowerCase()));
  return [...current, ...tags.filter((t) => !have.has(t.toLocaleLowerCase()))];
}
