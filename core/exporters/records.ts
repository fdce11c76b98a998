import type {
  Annotation,
  Article,
  Reliability,
  SourceGrade,
  TextPositionSelector,
  TextQuoteSelector,
} from '../model';
import { positionSelector, quoteSelector } from '../model';
import type { ExportInput } from './input';

/** One live annotation with everything a flat export needs beside it. */
export interface ExportRecord {
  annotation: Annotation;
  /** Undefined when the annotation's article is not part of the input. */
  article: Article | undefined;
  quote: TextQuoteSelector;
  /**
   * Unicode code-point offsets into the article text (what W3C TextPositionSelector counts),
   * or null when the annotation has no position selector or its article is missing.
   */
  start: number | null;
  end: number | null;
  /** The Admiralty grade of the article's source, if the source has been graded. */
  sourceReliability: Reliability | null;
}

/** The records of one article, in text order. */
export interface ArticleGroup {
  articleId: string;
  article: Article | undefined;
  sourceGrade: SourceGrade | undefined;
  records: ExportRecord[];
}

/**
 * Code-point offsets for many UTF-16 offsets into one text in a single sweep (a per-offset
 * scan would make a 100 000-annotation export quadratic). Agrees with `toCodePointOffset`: an
 * offset counts the code points that start before it, so an offset that splits a surrogate
 * pair counts the pair's high half as one.
 */
export function codePointOffsets(text: string, utf16Offsets: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  const wanted = [...new Set(utf16Offsets)].sort((a, b) => a - b);
  let i = 0;
  let points = 0;
  for (const offset of wanted) {
    const stop = Math.min(Math.max(offset, 0), text.length);
    while (i < stop) {
      const c = text.charCodeAt(i);
      // A low surrogate right after a high one continues the same code point.
      const continues = c >= 0xdc00 && c <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1));
      if (!continues) points++;
      i++;
    }
    out.set(offset, points);
  }
  return out;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Articles in a stable order: by publication date (undated last), then title, then id. The
 * input order does not matter, so the same data always gives the same file.
 */
export function orderArticles(articles: readonly Article[]): Article[] {
  return [...articles].sort(
    (a, b) =>
      byString(a.publishedAt ?? '\uffff', b.publishedAt ?? '\uffff') ||
      byString(a.title, b.title) ||
      byString(a.id, b.id),
  );
}

interface Keyed {
  annotation: Annotation;
  position: TextPositionSelector | undefined;
}

const FAR = Number.MAX_SAFE_INTEGER;

/** Text order within one article: start, end, then creation time and id to break ties. */
function inTextOrder(x: Keyed, y: Keyed): number {
  return (
    (x.position?.start ?? FAR) - (y.position?.start ?? FAR) ||
    (x.position?.end ?? FAR) - (y.position?.end ?? FAR) ||
    byString(x.annotation.createdAt, y.annotation.createdAt) ||
    byString(x.annotation.id, y.annotation.id)
  );
}

/** The live annotations of one article with their position selectors, in export order. */
interface OrderedGroup {
  articleId: string;
  article: Article | undefined;
  annotations: Keyed[];
}

/**
 * The live annotations (tombstones dropped) grouped by article in export order: articles as
 * {@link orderArticles} sorts them (articles without annotations are left out), then
 * annotations whose article is missing from the input, by article id; within an article, text
 * order (start, end, creation time, id).
 */
export function orderAnnotations(
  articles: readonly Article[],
  annotations: readonly Annotation[],
): OrderedGroup[] {
  const byArticle = new Map<string, Keyed[]>();
  for (const annotation of annotations) {
    if (annotation.deletedAt !== null) continue;
    // Keys computed once: a comparator that searched the selectors would do it n·log n times.
    const keyed = { annotation, position: positionSelector(annotation) };
    const list = byArticle.get(annotation.articleId);
    if (list) list.push(keyed);
    else byArticle.set(annotation.articleId, [keyed]);
  }
  const known = orderArticles(articles).filter((a) => byArticle.has(a.id));
  const knownIds = new Set(known.map((a) => a.id));
  const orphans = [...byArticle.keys()].filter((id) => !knownIds.has(id)).sort(byString);
  return [
    ...known.map((article) => ({ articleId: article.id, article })),
    ...orphans.map((articleId) => ({ articleId, article: undefined })),
  ].map((g) => ({ ...g, annotations: byArticle.get(g.articleId)!.sort(inTextOrder) }));
}

/**
 * The live annotations grouped by article in the order of {@link orderAnnotations}, each with
 * its article, quote, source grade and offsets converted to code points.
 */
export function groupRecords(input: ExportInput): ArticleGroup[] {
  const grades = new Map(input.sourceGrades.map((g) => [g.source, g]));
  return orderAnnotations(input.articles, input.annotations).map(({ articleId, article, annotations }) => {
    const points = article
      ? codePointOffsets(
          article.text,
          annotations.flatMap(({ position: p }) => (p ? [p.start, p.end] : [])),
        )
      : undefined;
    const sourceGrade = article ? grades.get(article.source) : undefined;
    return {
      articleId,
      article,
      sourceGrade,
      records: annotations.map(({ annotation, position: p }) => ({
        annotation,
        article,
        quote: quoteSelector(annotation),
        start: p && points ? (points.get(p.start) ?? null) : null,
        end: p && points ? (points.get(p.end) ?? null) : null,
        sourceReliability: sourceGrade?.reliability ?? null,
      })),
    };
  });
}

/** The records of {@link groupRecords}, flattened in the same order. */
export function orderedRecords(input: ExportInput): ExportRecord[] {
  return groupRecords(input).flatMap((g) => g.records);
}
