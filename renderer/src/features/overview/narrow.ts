import { withSource } from '../../../../core/filter';
import type { AnnotationFilter, AnnotationKind } from '../../../../core/model';
import type { StanceKey } from './aggregate';

/** What a bar of the overview stands for. */
export type BarTarget =
  | { source: string; kind: AnnotationKind }
  | { source: string; stance: StanceKey }
  | { from: string; to: string; kind: AnnotationKind };

/**
 * The table filter that lists exactly a bar's annotations: the current filter (which the bar's
 * counts already obey) narrowed to the bar's source and kind or stance, or to its kind and
 * period. A period meets any date range the filter has: the later start, the earlier end.
 */
export function narrowFilter(filter: AnnotationFilter, target: BarTarget): AnnotationFilter {
  let next: AnnotationFilter = { ...filter };
  if ('source' in target) next = withSource(next, target.source);
  if ('kind' in target) next = { ...next, kinds: [target.kind] };
  if ('stance' in target) next = { ...next, stances: [target.stance] };
  if ('from' in target) {
    next.publishedFrom =
      filter.publishedFrom && filter.publishedFrom > target.from ? filter.publishedFrom : target.from;
    next.publishedTo = filter.publishedTo && filter.publishedTo < target.to ? filter.publishedTo : target.to;
  }
  return next;
}
