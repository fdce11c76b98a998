import type { AnnotationKind } from '../../../../core/model';
import type { AnnotationFilter } from '../../db/sets';
import { NONE } from '../table/table-view';
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
  const next: AnnotationFilter = { ...filter };
  if ('source' in target) next.source = target.source || NONE;
  if ('kind' in target) next.kind = target.kind;
  if ('stance' in target) next.stance = target.stance === 'none' ? NONE : target.stance;
  if ('from' in target) {
    next.publishedFrom =
      filter.publishedFrom && filter.publishedFrom > target.from ? filter.publishedFrom : target.from;
    next.publishedTo = filter.publishedTo && filter.publishedTo < target.to ? filter.publishedTo : target.to;
  }
  return next;
}

/** The name a source is shown by; articles without one are grouped as “No source”. */
export const sourceName = (source: string): string =>
  source === '' || source === NONE ? 'No source' : source;

/** A published-date range of a filter as words, or '' when the filter has none. */
export function describeDates(filter: AnnotationFilter): string {
  const { publishedFrom: from, publishedTo: to } = filter;
  if (from && to) return from === to ? `published ${from}` : `published ${from} to ${to}`;
  if (from) return `published from ${from}`;
  if (to) return `published until ${to}`;
  return '';
}

/** The table filter in words, field by field, for the overview's heading. */
export function describeFilter(filter: AnnotationFilter): string {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (!value || field === 'publishedFrom' || field === 'publishedTo') continue;
    parts.push(`${field} ${field === 'source' ? sourceName(value) : value}`);
  }
  const dates = describeDates(filter);
  if (dates) parts.push(dates);
  return parts.join(', ');
}
