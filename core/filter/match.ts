import { CONTAINS_COLUMNS, NO_VALUE, type AnnotationFilter, type AnnotationSet } from '../model';
import { NONE, foldedCell, type FilterRow } from './row';
import { readSetFilter } from './columns';

/** A compiled filter: whether one row passes. */
export type RowTest = (row: FilterRow) => boolean;

const listed = <T>(list: readonly T[] | undefined): list is readonly T[] =>
  list !== undefined && list.length > 0;

/** A value of a `stances`, `credibility` or `reliability` list as the row's cell shows it. */
const asCell = (v: string | number): string => (v === NO_VALUE ? NONE : String(v));

/**
 * Compiles `filter` once into one test per field that narrows (see `AnnotationFilter`), so that
 * testing a row only compares prepared text: choice fields match exactly, `contains` and `text`
 * by case-insensitive contained text, sources exactly, published days as an inclusive range that
 * an undated article is outside of. Deleted annotations never pass.
 */
export function compileFilter(filter: AnnotationFilter): RowTest {
  const tests: RowTest[] = [];
  const cellIn = (
    column: 'kind' | 'stance' | 'credibility' | 'reliability',
    values: readonly (string | number)[],
  ) => {
    const allowed = new Set(values.map(asCell));
    tests.push((row) => allowed.has(row.cells[column]));
  };
  if (listed(filter.kinds)) cellIn('kind', filter.kinds);
  if (listed(filter.stances)) cellIn('stance', filter.stances);
  if (listed(filter.credibility)) cellIn('credibility', filter.credibility);
  if (listed(filter.reliability)) cellIn('reliability', filter.reliability);
  if (listed(filter.tags)) {
    const tags = new Set(filter.tags);
    tests.push((row) => row.annotation.tags.some((t) => tags.has(t)));
  }
  if (listed(filter.articleIds)) {
    const ids = new Set(filter.articleIds);
    tests.push((row) => ids.has(row.articleId));
  }
  if (listed(filter.sources)) {
    const sources = new Set(filter.sources);
    tests.push((row) => sources.has(row.source));
  }
  const { publishedFrom: from, publishedTo: to } = filter;
  if (from) tests.push((row) => row.published !== '' && row.published >= from);
  if (to) tests.push((row) => row.published !== '' && row.published <= to);
  for (const column of CONTAINS_COLUMNS) {
    const value = filter.contains?.[column];
    if (!value) continue;
    const needle = value.toLocaleLowerCase();
    tests.push((row) => foldedCell(row, column).includes(needle));
  }
  const text = filter.text?.trim().toLocaleLowerCase();
  if (text) {
    tests.push((row) => {
      const a = row.annotation;
      return (
        foldedCell(row, 'quote').includes(text) ||
        a.note.toLocaleLowerCase().includes(text) ||
        foldedCell(row, 'attribution').includes(text) ||
        a.tags.some((t) => t.toLocaleLowerCase().includes(text))
      );
    });
  }
  return (row) => {
    if (row.annotation.deletedAt !== null) return false;
    for (const test of tests) if (!test(row)) return false;
    return true;
  };
}

/** Whether a filter narrows anything at all. */
export function narrows(filter: AnnotationFilter): boolean {
  const lists = [
    filter.kinds,
    filter.stances,
    filter.credibility,
    filter.reliability,
    filter.tags,
    filter.articleIds,
    filter.sources,
  ];
  return (
    lists.some((l) => l !== undefined && l.length > 0) ||
    !!filter.publishedFrom ||
    !!filter.publishedTo ||
    !!filter.text?.trim() ||
    CONTAINS_COLUMNS.some((c) => !!filter.contains?.[c])
  );
}

/** The rows that pass `filter`, in their order; the filter is compiled once. */
export function filterRows<R extends FilterRow>(rows: readonly R[], filter: AnnotationFilter): R[] {
  const test = compileFilter(filter);
  return rows.filter(test);
}

/** Raised when a saved set cannot be evaluated; the message is for the user. */
export class SetFilterError extends Error {
  override readonly name = 'SetFilterError';
}

/**
 * The test of a saved set: a dynamic set's filter (read as {@link readSetFilter} reads it), or
 * a static set's list of annotations. Throws {@link SetFilterError} for a dynamic set whose
 * filter this Gloss cannot read.
 */
export function setTest(set: AnnotationSet): RowTest {
  if (set.type === 'static') {
    const ids = new Set(set.annotationIds);
    return (row) => row.annotation.deletedAt === null && ids.has(row.id);
  }
  const filter = readSetFilter(set.filter);
  if (!filter) {
    throw new SetFilterError(`The set “${set.name}” has a filter this Gloss cannot read.`);
  }
  return compileFilter(filter);
}
