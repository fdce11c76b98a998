import type {
  Analyst,
  Annotation,
  AnnotationSet,
  Article,
  ArticleMetadata,
  SourceGrade,
  Stamp,
  Tag,
} from '../model';

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

/** The details of an article an analyst may edit (title, source, byline, date, URL, language). */
export type ArticleDetails = ArticleMetadata;

/** Their edit of the details of an article I hold too. */
export interface ArticleDetailsChange {
  /** The article, under my id. */
  articleId: string;
  mine: ArticleDetails;
  theirs: ArticleDetails;
  /** Who edited their details, and when (null: as imported). */
  mineStamp: Stamp | null;
  theirsStamp: Stamp | null;
}

/** An article whose details both sides edited since they last shared it. */
export interface ArticleDetailsConflict extends ArticleDetailsChange {
  /** The key of its resolution: `article:<my id>`. */
  key: string;
}

/** Their grade of a source I grade too, differing from mine. */
export interface SourceGradeChange {
  mine: SourceGrade;
  theirs: SourceGrade;
}

/** A source both sides graded (differently) since they last shared. */
export interface SourceGradeConflict extends SourceGradeChange {
  /** The key of its resolution: `grade:<source>`. */
  key: string;
}

/** Their set whose name I already use: added under `name`, renamed from `from`. */
export interface SetRename {
  id: string;
  from: string;
  to: string;
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
  /** Details of shared articles: their edits only they made (applied), and edits on both sides. */
  articleDetails: { updated: ArticleDetailsChange[]; conflicts: ArticleDetailsConflict[] };
  /**
   * Source grades: theirs for sources I do not grade (added), their re-grading of a grade I left
   * alone since we shared (updated), and grades both re-graded (conflicts: one to settle).
   */
  sourceGrades: { added: SourceGrade[]; updated: SourceGradeChange[]; conflicts: SourceGradeConflict[] };
  tags: { added: Tag[] };
  /** Their sets that are new here (under the name they will have), and those renamed to fit. */
  sets: { added: AnnotationSet[]; renamed: SetRename[] };
  /**
   * Their file holds one set only (a partial project), or is a Gloss JSON export: merging it does
   * not count as an exchange of the whole library, so the sync record stays as it was.
   */
  partial: boolean;
}

/** Everything about a merge that is decided per conflict, by key: an annotation id, `article:<id>`, `grade:<source>`. */
export type MergeResolutions = Readonly<Record<string, ConflictResolution>>;

/** Tuning of {@link applyMerge}. */
export interface ApplyOptions {
  /** The time of the merge (default: now); stamps on kept versions and the sync never pass it. */
  now?: string;
}

/** Tuning of {@link planMerge}. */
export interface MergeOptions {
  /**
   * The lowest {@link textSimilarity} at which two articles with the same URL count as the same
   * article re-extracted. Default {@link DEFAULT_FUZZY_ARTICLE_THRESHOLD}.
   */
  articleSimilarity?: number;
  /** The time of the merge (default: now): a file saved more than a day after it is refused. */
  now?: string;
}

/** Default of {@link MergeOptions.articleSimilarity}. */
export const DEFAULT_FUZZY_ARTICLE_THRESHOLD = 0.6;
