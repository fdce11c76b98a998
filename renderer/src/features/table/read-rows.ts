import type { Reliability } from '../../../../core/model';
import { db } from '../../db';
import type { WrittenAnnotation } from '../../db/changes';
import type { GlossDB } from '../../db/db';
import { scopeAnnotations } from '../../db/export-data';
import { sourceGrades } from '../../db/library';
import { rowArticle, toFilterRow, type RowArticle } from '../../../../core/filter';
import type { TableRow } from './table-view';

/** What a row needs besides its annotation: its article's title, source and date; the grades. */
export interface RowContext {
  articles: Map<string, RowArticle>;
  grades: Map<string, Reliability>;
}

/** How far a full read of the annotations has come. */
export interface ReadProgress {
  done: number;
  total: number;
}

/** Every live annotation as a row, read page by page, with what the rows were made with. */
export async function readAll(
  database: GlossDB,
  onProgress?: (progress: ReadProgress) => void,
): Promise<{ rows: TableRow[]; context: RowContext }> {
  // Page by page (with progress), so that a large project does not hold the page in one read.
  const [annotations, metas, grades] = await Promise.all([
    scopeAnnotations(
      database,
      { kind: 'project' },
      { onProgress: (done, total) => onProgress?.({ done, total }) },
    ),
    database.articles.toArray(),
    sourceGrades(database),
  ]);
  const articles = new Map(metas.map((a) => [a.id, rowArticle(a)]));
  const context = { articles, grades };
  const rows = annotations.map((a) => toFilterRow(a, articles.get(a.articleId), grades));
  return { rows, context };
}

/** Every live annotation of the project as a table row (the table, and export scopes, read these). */
export async function readRows(): Promise<TableRow[]> {
  return (await readAll(db)).rows;
}

/**
 * The rows with written annotations applied: a written record replaces its row, a
 * new one is added, a deleted one leaves. Order is kept (the table sorts on its own).
 */
export function patchRows(
  rows: readonly TableRow[],
  written: readonly WrittenAnnotation[],
  context: RowContext,
): TableRow[] {
  const changed = new Map(written.map((w) => [w.id, w.value]));
  const out: TableRow[] = [];
  for (const row of rows) {
    if (!changed.has(row.id)) {
      out.push(row);
      continue;
    }
    const value = changed.get(row.id)!;
    changed.delete(row.id);
    if (value && value.deletedAt === null)
      out.push(toFilterRow(value, context.articles.get(value.articleId), context.grades));
  }
  for (const value of changed.values())
    if (value && value.deletedAt === null)
      out.push(toFilterRow(value, context.articles.get(value.articleId), context.grades));
  return out;
}
