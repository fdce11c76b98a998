import type { Analyst, Annotation, AnnotationSet, Article, SourceGrade, Tag } from '../model';

/** How one of their articles maps onto this project. */
export type ArticleMatch =
  /** Same text (equal `contentHash`): their annotations apply as they are. */
  | { kind: 'same'; theirsId: string; mineId: string }
  /** Same URL and nearly the same text: their annotations are re-anchored onto my text. */
  | { kind: 'reanchored'; theirsId: string; mineId: string; similarity: number }
  /** Not in this project: added, under `id` (their id unless it clashes with one of mine). */
  | { kind: 'new'; theirsId: string; id: string };

/** Their version of an annotation that replaces mine (an edit, or a deletion). */
export interface AnnotationUpdate {
  mine: Annotation;
  theirs: Annotation;
}

/** An annotation both sides changed since they last shared it. */
export interface AnnotationConflict {
  id: string;
  mine: Annotation;
  theirs: Annotation;
}

/** How to settle a conflict: keep my version, take theirs, or keep both (theirs as a copy). */
export type ConflictResolution = 'mine' | 'theirs' | 'both';

/** New annotations of one colleague. */
export interface NewAnnotationsByAuthor {
  author: Analyst;
  annotations: Annotation[];
}

/**
 * The preview of a merge: everything {@link applyMerge} would change, computed without changing
 * anything. Their annotations appear already moved onto my articles (ids and selectors).
 */
export interface MergePlan {
  /** Who the other file is from, and when it was saved. */
  theirs: { analyst: Analyst; savedAt: string };
  /** One entry per article of theirs, in their order. */
  articles: ArticleMatch[];
  /** Their articles that are new here, with the id they will have. */
  newArticles: Article[];
  /** New annotations (including new tombstones), grouped by author, sorted by author id. */
  newAnnotations: NewAnnotationsByAuthor[];
  /** Annotations only they changed since sharing: their version replaces mine. */
  updated: AnnotationUpdate[];
  /** Annotations only they deleted since sharing: their tombstone replaces mine. */
  deleted: AnnotationUpdate[];
  /** Annotations both sides changed since sharing: a {@link ConflictResolution} is needed. */
  conflicts: AnnotationConflict[];
  /** Annotations that differ but only I changed: mine stay. */
  keptMine: number;
  /** Annotations identical on both sides. */
  unchanged: number;
  /** Their annotations on re-extracted articles that could not be found in my text (kept as is). */
  orphaned: { annotationId: string; articleId: string }[];
  sourceGrades: { added: SourceGrade[]; updated: SourceGrade[] };
  tags: { added: Tag[] };
  sets: { added: AnnotationSet[] };
}

/** Tuning of {@link planMerge}. */
export interface MergeOptions {
  /**
   * The lowest {@link textSimilarity} at which two articles with the same URL count as the same
   * article re-extracted. Default {@link DEFAULT_FUZZY_ARTICLE_THRESHOLD}.
   */
  articleSimilarity?: number;
}

/** Default of {@link MergeOptions.articleSimilarity}. */
export const DEFAULT_FUZZY_ARTICLE_THRESHOLD = 0.6;
