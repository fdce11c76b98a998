import { NONE, isChoiceColumn, type FilterRow } from '../../../../core/filter';
import { FILTER_COLUMNS, type FilterColumn } from '../../../../core/model';
import type { Annotation } from '../../../../core/model';

export { NONE, admiraltyCode } from '../../../../core/filter';

/** Who last changed an annotation (its `updatedBy`). */
export function lastEditor(a: Annotation): string {
  return a.updatedBy.name || a.updatedBy.id;
}

/**
 * One annotation as the table shows it: the `core/filter` row (each cell's text, ready for
 * filtering), so that the table filters with the same code as sets, exports and the CLI.
 */
export type TableRow = FilterRow;

/** The columns of the annotations table, in the order shown; each can be filtered. */
export const TABLE_COLUMNS = FILTER_COLUMNS;
export type TableColumn = FilterColumn;

export interface TableSort {
  column: TableColumn;
  descending: boolean;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Sorts a copy by one column; empty cells go last either way; ties keep the newest first (by date:
 * the ids' order).
 */
export function sortRows(rows: readonly TableRow[], sort: TableSort): TableRow[] {
  const dir = sort.descending ? -1 : 1;
  const { column } = sort;
  const empty = (r: TableRow) => r.cells[column] === '' || r.cells[column] === NONE;
  // Dates, grades and vocabulary words compare as they are; people's text needs the collator.
  const plain = column === 'date' || column === 'published' || isChoiceColumn(column);
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
    // By date, rows of the same moment follow their ids in the sort's direction: the order the
    // `createdAt` index gives them, so that the first rows read through it keep their places.
    if (column === 'date') return dir * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
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
