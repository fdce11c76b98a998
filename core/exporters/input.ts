import type { Annotation, AnnotationFilter, Article, SourceGrade } from '../model';
import { quoteSelector } from '../model';

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

const has = (list: readonly string[] | undefined): list is readonly string[] =>
  list !== undefined && list.length > 0;

/**
 * The test {@link filterAnnotations} applies to each annotation, for callers that hold
 * annotations without their articles (the export dialog counts with it). `sourceOf` gives an
 * article's source; it is asked only when the filter names sources. `publishedOf` gives an
 * article's published date; it is asked only when the filter has `publishedFrom` or
 * `publishedTo`, and an article it gives no date for is outside any such range.
 */
export function annotationMatcher(
  filter: AnnotationFilter,
  sourceOf: (articleId: string) => string | undefined,
  publishedOf: (articleId: string) => string | null | undefined = () => undefined,
): (annotation: Annotation) => boolean {
  const kinds = filter.kinds;
  const stances = filter.stances;
  const tags = filter.tags;
  const articleIds = filter.articleIds;
  const sources = filter.sources;
  const needle = filter.text?.trim().toLowerCase() ?? '';
  const from = filter.publishedFrom?.slice(0, 10);
  const to = filter.publishedTo?.slice(0, 10);
  return (a) => {
    if (a.deletedAt !== null) return false;
    if (has(kinds) && !kinds.includes(a.kind)) return false;
    if (has(stances) && (a.stance === null || !stances.includes(a.stance))) return false;
    if (has(tags) && !a.tags.some((t) => tags.includes(t))) return false;
    if (has(articleIds) && !articleIds.includes(a.articleId)) return false;
    if (has(sources)) {
      const source = sourceOf(a.articleId);
      if (source === undefined || !sources.includes(source)) return false;
    }
    if (from || to) {
      // Dates compare as text: both sides are `YYYY-MM-DD` (a date-time is cut to its day).
      const day = publishedOf(a.articleId)?.slice(0, 10);
      if (!day || (from && day < from) || (to && day > to)) return false;
    }
    if (needle !== '') {
      const haystack = [quoteSelector(a).exact, a.note, a.attribution, ...a.tags].join('\n').toLowerCase();
      if (!haystack.includes(needle)) return false;
    }
    return true;
  };
}

/**
 * Narrows an export to the annotations that match `filter`, and its articles to those that
 * still carry a matching annotation.
 *
 * Every field of the filter narrows the result (AND); a field that lists several values matches
 * any of them (OR); an absent or empty field does not narrow. `tags` matches an annotation that
 * has at least one of the tags. `text` is a case-insensitive substring search over the quote,
 * the note, the attribution and the tags. `publishedFrom` and `publishedTo` keep annotations on
 * articles published within those days (inclusive); an article without a date is outside.
 * Tombstones are dropped. Pure: the input is not changed.
 */
export function filterAnnotations(input: ExportInput, filter: AnnotationFilter): ExportInput {
  const articleById = new Map(input.articles.map((a) => [a.id, a]));
  const annotations = input.annotations.filter(
    annotationMatcher(
      filter,
      (id) => articleById.get(id)?.source,
      (id) => articleById.get(id)?.publishedAt,
    ),
  );
  const kept = new Set(annotations.map((a) => a.articleId));
  return { ...input, articles: input.articles.filter((a) => kept.has(a.id)), annotations };
}
