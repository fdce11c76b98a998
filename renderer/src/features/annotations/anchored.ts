import { anchor } from '../../../../core/anchoring';
import type { Annotation, Article } from '../../../../core/model';

/** An annotation with the place anchoring found for it in the current text. */
export interface Anchored {
  annotation: Annotation;
  status: 'exact' | 'moved' | 'fuzzy' | 'orphan';
  start: number;
  end: number;
}

/** Anchors every annotation of an article and orders them by position (orphans last). */
export function anchorAll(article: Pick<Article, 'text'>, annotations: Annotation[]): Anchored[] {
  const out = annotations.map((annotation): Anchored => {
    const found = anchor(article.text, annotation.selectors);
    return { annotation, status: found.status, start: found.start, end: found.end };
  });
  const key = (a: Anchored) => (a.status === 'orphan' ? Number.MAX_SAFE_INTEGER : a.start);
  return out.sort(
    (a, b) =>
      key(a) - key(b) || b.end - a.end || a.annotation.createdAt.localeCompare(b.annotation.createdAt),
  );
}
