import { NONE, isChoiceColumn, type FilterRow } from '../../../../core/filter';
import { FILTER_COLUMNS, type FilterColumn } from '../../../../core/model';

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

/** Sorts a copy by one column; empty cells go last either way; ties keep the newest first. */
export function sortRows(rows: readonly TableRow[], sort: TableSort): TableRow[] {
  const dir = sort.descending ? -1 : 1;
  const { column } = sort;
  const empty = (r: TableRow) => r.cells[column] === '' || r.cells[column] === NONE;
  // Dates, grades and vocabulary words compare as they are; people's text needs the collator.
  const plain = column === 'date' || isChoiceColumn(column);
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
