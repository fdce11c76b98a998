import {
  ANNOTATION_KINDS,
  AnnotationFilterSchema,
  CONTAINS_COLUMNS,
  FILTER_COLUMNS,
  NO_VALUE,
  RELIABILITY_GRADES,
  STANCES,
  type AnnotationFilter,
  type ContainsColumn,
  type FilterColumn,
} from '../model';
import { NONE } from './row';

/** The columns filtered by choosing values, with the values each offers (as its cells show them). */
export const CHOICE_COLUMNS = {
  kind: [...ANNOTATION_KINDS],
  stance: [...STANCES, NONE],
  credibility: ['1', '2', '3', '4', '5', '6', NONE],
  reliability: [...RELIABILITY_GRADES, NONE],
} as const satisfies Partial<Record<FilterColumn, readonly string[]>>;
export type ChoiceColumn = keyof typeof CHOICE_COLUMNS;

const CHOICE_FIELD = {
  kind: 'kinds',
  stance: 'stances',
  credibility: 'credibility',
  reliability: 'reliability',
} as const satisfies Record<ChoiceColumn, keyof AnnotationFilter>;

export const isChoiceColumn = (column: string): column is ChoiceColumn =>
  Object.hasOwn(CHOICE_COLUMNS, column);
const isContainsColumn = (column: string): column is ContainsColumn =>
  (CONTAINS_COLUMNS as readonly string[]).includes(column);

/** A cell's value as the filter's list holds it: `none` for NONE, credibility as a number. */
function choiceValue(column: ChoiceColumn, cell: string): string | number | undefined {
  if (!(CHOICE_COLUMNS[column] as readonly string[]).includes(cell)) return undefined;
  if (cell === NONE) return NO_VALUE;
  return column === 'credibility' ? Number(cell) : cell;
}

/**
 * The values a column's filter holds, as the column's cells show them (`—` for none); empty
 * when the column does not narrow. A text column holds at most its one text.
 */
export function columnValues(filter: AnnotationFilter, column: FilterColumn): string[] {
  if (isChoiceColumn(column)) {
    const list = (filter[CHOICE_FIELD[column]] ?? []) as readonly (string | number)[];
    return list.map((v) => (v === NO_VALUE ? NONE : String(v)));
  }
  const text = isContainsColumn(column) ? filter.contains?.[column] : undefined;
  return text ? [text] : [];
}

/**
 * `filter` with one column set from what the table's column input holds: a choice column's
 * value (a cell's text, `—` for none) or a text column's text; '' clears the column. A value the
 * column does not offer is refused (null).
 */
export function withColumn(
  filter: AnnotationFilter,
  column: FilterColumn,
  value: string,
): AnnotationFilter | null {
  const next: AnnotationFilter = { ...filter };
  if (isChoiceColumn(column)) {
    const field = CHOICE_FIELD[column];
    if (value === '') {
      delete next[field];
      return next;
    }
    const v = choiceValue(column, value);
    if (v === undefined) return null;
    (next as Record<string, unknown>)[field] = [v];
    return next;
  }
  const contains = { ...next.contains };
  if (value === '') delete contains[column];
  else contains[column] = value;
  if (Object.keys(contains).length) next.contains = contains;
  else delete next.contains;
  return next;
}

/** `filter` narrowed to one source, exactly (`''` or `—`: articles that name none). */
export function withSource(filter: AnnotationFilter, source: string): AnnotationFilter {
  return { ...filter, sources: [source === NONE ? '' : source] };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads the annotations table's filter as Gloss 1 saved it (one text per column: `kind`,
 * `stance`, `credibility`, `reliability` and `source` exact, with `—` for none; the other
 * columns by contained text; `publishedFrom`/`publishedTo` days): a project file's dynamic set
 * kept it under `filter.table`, and the library stored sets in that form. Null when a value is
 * one the table never offered.
 */
export function fromTableColumns(table: Readonly<Record<string, unknown>>): AnnotationFilter | null {
  let filter: AnnotationFilter | null = {};
  for (const [key, raw] of Object.entries(table)) {
    if (typeof raw !== 'string') return null;
    if (raw === '') continue;
    if (key === 'source') filter = withSource(filter, raw);
    else if (key === 'publishedFrom' || key === 'publishedTo') {
      if (!DAY.test(raw)) return null;
      filter[key] = raw;
    } else if ((FILTER_COLUMNS as readonly string[]).includes(key)) {
      filter = withColumn(filter, key as FilterColumn, raw);
    } else return null;
    if (!filter) return null;
  }
  return filter;
}

const TABLE_KEYS = new Set<string>([...FILTER_COLUMNS, 'source', 'publishedFrom', 'publishedTo']);

/** Whether a stored filter is the table's Gloss 1 form: only column names, each with a text. */
const isTableColumns = (raw: Record<string, unknown>): boolean =>
  Object.entries(raw).every(([k, v]) => TABLE_KEYS.has(k) && typeof v === 'string');

/**
 * A dynamic set's filter as this Gloss evaluates it, from a project file or the library's
 * store: the filter itself when it is valid; an old one that kept the table's filter under
 * `table` (Gloss 1 project files: the other fields then only approximated it) is read from
 * `table`, whole; one in the table's Gloss 1 form (the library's stored sets) is read as such.
 * Null when none of these can be read.
 */
export function readSetFilter(raw: unknown): AnnotationFilter | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const record = raw as Record<string, unknown>;
  const table = record['table'];
  if (table !== undefined) {
    if (typeof table !== 'object' || table === null || Array.isArray(table)) return null;
    return fromTableColumns(table as Record<string, unknown>);
  }
  if (isTableColumns(record)) return fromTableColumns(record);
  const parsed = AnnotationFilterSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
