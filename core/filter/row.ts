import {
  quoteSelector,
  type Annotation,
  type Article,
  type FilterColumn,
  type Reliability,
  type SourceGrade,
} from '../model';

/** What an empty cell shows (no stance, no credibility, an ungraded source, no source). */
export const NONE = '—';

/** What a row needs of its annotation's article. */
export interface RowArticle {
  /** The title shown (the file name when the article has no title). */
  title: string;
  source: string;
  publishedAt?: string | null;
}

/**
 * One annotation as a filter sees it (and as the annotations table shows it): each column's
 * cell, lower-cased once for case-insensitive filters, the article's source and published day.
 */
export interface FilterRow {
  id: string;
  articleId: string;
  annotation: Annotation;
  cells: Record<FilterColumn, string>;
  /**
   * Lower-cased cells, for case-insensitive filters: filled per column the first time a filter
   * asks ({@link foldedCell}), since lower-casing every cell of 200,000 rows up front costs more
   * than all later filtering.
   */
  folded: Partial<Record<FilterColumn, string>>;
  /** The article's source ('' when it names none or is not known). */
  source: string;
  /** The article's published day (`YYYY-MM-DD`), or '' when it has none. */
  published: string;
}

/** The part of an article a row shows. */
export function rowArticle(
  article: Pick<Article, 'title' | 'fileName' | 'source' | 'publishedAt'>,
): RowArticle {
  return {
    title: article.title || article.fileName,
    source: article.source,
    publishedAt: article.publishedAt,
  };
}

/** An annotation as a row, its cells computed once (a filter then only compares text). */
export function toFilterRow(
  a: Annotation,
  article: RowArticle | undefined,
  grades: ReadonlyMap<string, Reliability>,
): FilterRow {
  const cells: Record<FilterColumn, string> = {
    article: article?.title ?? '',
    quote: quoteSelector(a).exact,
    kind: a.kind,
    stance: a.stance ?? NONE,
    credibility: a.credibility === null ? NONE : String(a.credibility),
    reliability: (article && grades.get(article.source)) ?? NONE,
    tags: a.tags.join(', '),
    attribution: a.attribution,
    author: a.author.name || a.author.id,
    editor: a.updatedBy.name || a.updatedBy.id,
    date: a.createdAt.slice(0, 10),
  };
  return {
    id: a.id,
    articleId: a.articleId,
    annotation: a,
    cells,
    folded: {},
    source: article?.source ?? '',
    published: article?.publishedAt?.slice(0, 10) ?? '',
  };
}

/** A row's cell lower-cased (case-insensitive filters compare these), folded once and kept. */
export function foldedCell(row: FilterRow, column: FilterColumn): string {
  let folded = row.folded[column];
  if (folded === undefined) {
    folded = row.cells[column].toLocaleLowerCase();
    row.folded[column] = folded;
  }
  return folded;
}

/** The reliability grade of each graded source. */
export function gradeMap(grades: readonly SourceGrade[]): Map<string, Reliability> {
  return new Map(grades.map((g) => [g.source, g.reliability]));
}

/**
 * The rows of a project's annotations (or an export's): each with its article (when the
 * article is among `articles`) and its source's grade. Tombstones are left out.
 */
export function projectRows(input: {
  articles: readonly Pick<Article, 'id' | 'title' | 'fileName' | 'source' | 'publishedAt'>[];
  annotations: readonly Annotation[];
  sourceGrades: readonly SourceGrade[];
}): FilterRow[] {
  const articles = new Map(input.articles.map((a) => [a.id, rowArticle(a)]));
  const grades = gradeMap(input.sourceGrades);
  const rows: FilterRow[] = [];
  for (const a of input.annotations) {
    if (a.deletedAt === null) rows.push(toFilterRow(a, articles.get(a.articleId), grades));
  }
  return rows;
}
