import { db } from '../../db';
import { sourceGrades } from '../../db/library';
import { toRow, type TableRow } from './table-view';

/** Every live annotation of the project as a table row (the table, and export scopes, read these). */
export async function readRows(): Promise<TableRow[]> {
  const [annotations, articles, grades] = await Promise.all([
    db.annotations.toArray(),
    db.articles.toArray(),
    sourceGrades(db),
  ]);
  const byId = new Map(
    articles.map((a) => [
      a.id,
      { title: a.title || a.fileName, source: a.source, publishedAt: a.publishedAt },
    ]),
  );
  const rows: TableRow[] = [];
  for (const a of annotations) if (a.deletedAt === null) rows.push(toRow(a, byId.get(a.articleId), grades));
  return rows;
}
