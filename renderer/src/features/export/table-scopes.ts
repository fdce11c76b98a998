import { compileFilter, describeFilter, filterRows } from '../../../../core/filter';
import type { AnnotationFilter } from '../../../../core/model';
import { db } from '../../db';
import type { AnnotatedSet } from '../../db/sets';
import { readRows } from '../table/read-rows';
import type { TableRow } from '../table/table-view';

/** A group of annotations the export dialog can offer as a scope, resolved to their ids. */
export interface NamedIds {
  id: string;
  name: string;
  ids: string[];
}

/** What the annotations table and the saved sets stand for now, for the export dialog. */
export interface TableScopes {
  /** The table's current filter, when it filters anything. */
  filter: NamedIds | null;
  /** Every saved set, by name. */
  sets: NamedIds[];
}

/** The ids of the table's rows that a set holds now (a filter set is evaluated afresh). */
export function idsOfSet(set: AnnotatedSet, rows: readonly TableRow[]): string[] {
  if (set.type === 'filter') return rows.filter(compileFilter(set.filter)).map((r) => r.id);
  const live = new Set(rows.map((r) => r.id));
  return set.annotationIds.filter((id) => live.has(id));
}

/** Reads the project's annotations as table rows and resolves the current filter and the sets. */
export async function readTableScopes(tableFilter: AnnotationFilter): Promise<TableScopes> {
  const [rows, sets] = await Promise.all([readRows(), db.sets.orderBy('name').toArray()]);
  const described = describeFilter(tableFilter);
  return {
    filter: described
      ? { id: 'filter', name: described, ids: filterRows(rows, tableFilter).map((r) => r.id) }
      : null,
    sets: sets.map((s) => ({ id: s.id, name: s.name, ids: idsOfSet(s, rows) })),
  };
}
