import { compileFilter, narrows, projectRows, type RowTest } from '../filter';
import type { Annotation, AnnotationFilter, Article, SourceGrade } from '../model';

/**
 * Everything an exporter needs, already in memory: the app and the renderer read it from Dexie,
 * the command line from a project file. Exporters never read anything else.
 */
export interface ExportInput {
  articles: Article[];
  /** May include tombstones (`deletedAt` set); no exporter writes them. */
  annotations: Annotation[];
  sourceGrades: SourceGrade[];
  /** The program that writes the export, stamped into the envelope. */
  app: { name: string; version: string };
  /** ISO-8601 time of the export. */
  exportedAt: string;
}

/**
 * Narrows an export to the annotations that pass `filter` (an `AnnotationFilter`, evaluated by
 * `core/filter` exactly as the annotations table evaluates it, or an already compiled test such
 * as a saved set's), and its articles to those that still carry a passing annotation. Tombstones
 * are dropped. Pure: the input is not changed.
 */
export function filterAnnotations(input: ExportInput, filter: AnnotationFilter | RowTest): ExportInput {
  let annotations: Annotation[];
  if (typeof filter !== 'function' && !narrows(filter)) {
    annotations = input.annotations.filter((a) => a.deletedAt === null);
  } else {
    const test = typeof filter === 'function' ? filter : compileFilter(filter);
    annotations = projectRows(input)
      .filter(test)
      .map((r) => r.annotation);
  }
  const kept = new Set(annotations.map((a) => a.articleId));
  return { ...input, articles: input.articles.filter((a) => kept.has(a.id)), annotations };
}
