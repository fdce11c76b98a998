import type { Annotation, Article, SourceGrade, Tag } from '../model';

/** What a project holds that an import can add to (a `ProjectDocument` is one). */
export interface ImportTarget {
  articles: Article[];
  annotations: Annotation[];
  sourceGrades: SourceGrade[];
  tags: Tag[];
}

export interface AddedCounts {
  articles: number;
  /** Articles whose text the project already held: their annotations went onto its copy. */
  sameText: number;
  annotations: number;
  /** Annotations whose id the project already held: the stored one is kept. */
  knownAnnotations: number;
  sourceGrades: number;
  tags: number;
}

/**
 * Adds imported articles, annotations, grades and tags to `target`, in place: an article whose
 * text (`contentHash`) the project holds is not added again, and its annotations are moved onto
 * the stored copy; an annotation whose id is already there is left out (the stored one stays);
 * a grade is added only for a source without one; tags join the vocabulary by name.
 */
export function addToProject(
  target: ImportTarget,
  imported: { articles: Article[]; annotations: Annotation[]; sourceGrades: SourceGrade[]; tags: Tag[] },
): AddedCounts {
  const byHash = new Map(target.articles.map((a) => [a.contentHash, a]));
  const articleIds = new Map<string, string>();
  const counts: AddedCounts = {
    articles: 0,
    sameText: 0,
    annotations: 0,
    knownAnnotations: 0,
    sourceGrades: 0,
    tags: 0,
  };
  for (const a of imported.articles) {
    const same = byHash.get(a.contentHash);
    if (same) {
      articleIds.set(a.id, same.id);
      counts.sameText++;
      continue;
    }
    target.articles.push(a);
    byHash.set(a.contentHash, a);
    articleIds.set(a.id, a.id);
    counts.articles++;
  }
  const known = new Set(target.annotations.map((a) => a.id));
  for (const a of imported.annotations) {
    if (known.has(a.id)) {
      counts.knownAnnotations++;
      continue;
    }
    target.annotations.push({ ...a, articleId: articleIds.get(a.articleId) ?? a.articleId });
    known.add(a.id);
    counts.annotations++;
  }
  const graded = new Set(target.sourceGrades.map((g) => g.source));
  for (const g of imported.sourceGrades) {
    if (graded.has(g.source)) continue;
    target.sourceGrades.push(g);
    graded.add(g.source);
    counts.sourceGrades++;
  }
  const tagNames = new Set(target.tags.map((t) => t.name));
  for (const t of imported.tags) {
    if (tagNames.has(t.name)) continue;
    target.tags.push(t);
    tagNames.add(t.name);
    counts.tags++;
  }
  return counts;
}
