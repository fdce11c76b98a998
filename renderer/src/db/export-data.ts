import type { ExportInput } from '../../../core/exporters';
import {
  compileFilter,
  gradeMap,
  narrows,
  rowArticle,
  toFilterRow,
  type FilterRow,
} from '../../../core/filter';
import type { Annotation, AnnotationFilter, Article, SourceGrade } from '../../../core/model';
import type { GlossDB } from './db';

/**
 * What an export covers before its filters narrow it. A new kind of scope (a saved set, once
 * the library has them) is one more member here and one more case in {@link scopeAnnotations}.
 */
export type ExportScope =
  | { kind: 'selection'; annotationIds: string[] }
  | { kind: 'article'; articleId: string }
  | { kind: 'project' };

/** Annotations read per IndexedDB request: small enough to report progress and to cancel. */
export const READ_PAGE = 5000;

export interface ReadOptions {
  /** Called after each page with how many annotations are read, of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the read between pages (the promise then rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** The live (not deleted) annotations in `scope`, read page by page. */
export async function scopeAnnotations(
  db: GlossDB,
  scope: ExportScope,
  options: ReadOptions = {},
): Promise<Annotation[]> {
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  let all: Annotation[];
  switch (scope.kind) {
    case 'selection':
      all = (await db.annotations.bulkGet(scope.annotationIds)).filter((a) => a !== undefined);
      break;
    case 'article':
      all = await db.annotations.where('articleId').equals(scope.articleId).toArray();
      break;
    case 'project': {
      // Counting walks the whole store too: it runs beside the first page, not before it.
      const counting = db.annotations.count().catch(() => 0);
      all = [];
      let last: string | undefined;
      for (;;) {
        const page = await (
          last === undefined ? db.annotations.orderBy(':id') : db.annotations.where(':id').above(last)
        )
          .limit(READ_PAGE)
          .toArray();
        signal?.throwIfAborted();
        all.push(...page);
        if (onProgress) onProgress(all.length, Math.max(await counting, all.length));
        if (page.length < READ_PAGE) break;
        last = page[page.length - 1]!.id;
      }
      break;
    }
  }
  onProgress?.(all.length, all.length);
  return all.filter((a) => a.deletedAt === null);
}

/**
 * How many annotations, and of how many articles, an export with `filter` would write, of the
 * live `annotations` in scope. `rowsOf` gives them as `core/filter` rows (made once per scope by
 * the caller); it is asked only when the filter narrows anything.
 */
export function countExport(
  annotations: readonly Annotation[],
  filter: AnnotationFilter,
  rowsOf: () => readonly FilterRow[],
): { annotations: number; articles: number } {
  const articles = new Set<string>();
  let n = 0;
  if (!narrows(filter)) {
    for (const a of annotations) {
      if (a.deletedAt !== null) continue;
      n++;
      articles.add(a.articleId);
    }
    return { annotations: n, articles: articles.size };
  }
  const test = compileFilter(filter);
  for (const row of rowsOf()) {
    if (!test(row)) continue;
    n++;
    articles.add(row.articleId);
  }
  return { annotations: n, articles: articles.size };
}

/**
 * Everything an exporter needs for `scope` narrowed by `filter`, read from the database: the
 * matching annotations (those whose article is still stored), the whole articles they belong to
 * (metadata and text, without the imported bytes) and the grades of those articles' sources.
 */
export async function loadExportData(
  db: GlossDB,
  scope: ExportScope,
  filter: AnnotationFilter,
  options: ReadOptions = {},
): Promise<Pick<ExportInput, 'articles' | 'annotations' | 'sourceGrades'>> {
  const inScope = await scopeAnnotations(db, scope, options);
  const ids = [...new Set(inScope.map((a) => a.articleId))];
  const metas = new Map(
    (await db.articles.bulkGet(ids)).filter((m) => m !== undefined).map((m) => [m.id, m]),
  );
  const allGrades = await db.sourceGrades.toArray();
  const grades = gradeMap(allGrades);
  const gradeOf = new Map(allGrades.map((g) => [g.source, g]));
  options.signal?.throwIfAborted();
  // The same test as the annotations table's (core/filter), on the same rows; none to make
  // for a filter that narrows nothing.
  const test = narrows(filter) ? compileFilter(filter) : null;
  // An annotation whose article is gone has nothing to point into; a JSON export must not carry it.
  const annotations = inScope.filter((a) => {
    const meta = metas.get(a.articleId);
    return meta !== undefined && (!test || test(toFilterRow(a, rowArticle(meta), grades)));
  });
  const kept = [...new Set(annotations.map((a) => a.articleId))];
  const bodies = await db.bodies.bulkGet(kept);
  const articles: Article[] = [];
  kept.forEach((id, i) => {
    const body = bodies[i];
    if (!body) return;
    const { chars: _chars, ...meta } = metas.get(id)!;
    const { original: _original, ...text } = body;
    articles.push({ ...meta, ...text });
  });
  const sources = [...new Set(articles.map((a) => a.source))].filter((s) => s !== '');
  const sourceGrades = sources.map((s) => gradeOf.get(s)).filter((g): g is SourceGrade => g !== undefined);
  options.signal?.throwIfAborted();
  return { articles, annotations, sourceGrades };
}
