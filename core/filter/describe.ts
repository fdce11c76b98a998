import { FILTER_COLUMNS, type AnnotationFilter } from '../model';
import { columnValues } from './columns';
import { NONE } from './row';

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

/**
 * A filter in words, field by field (`kind claim, source No source, published 2025-06-01 to
 * 2025-06-30`), or '' when it narrows nothing; for headings and scope names.
 */
export function describeFilter(filter: AnnotationFilter): string {
  const parts: string[] = [];
  for (const column of FILTER_COLUMNS) {
    const values = columnValues(filter, column);
    if (values.length) parts.push(`${column} ${values.join(' or ')}`);
  }
  if (filter.sources?.length) parts.push(`source ${filter.sources.map(sourceName).join(' or ')}`);
  if (filter.tags?.length) parts.push(`tagged ${filter.tags.join(' or ')}`);
  if (filter.articleIds?.length)
    parts.push(`${filter.articleIds.length} article${filter.articleIds.length === 1 ? '' : 's'}`);
  if (filter.text?.trim()) parts.push(`text ${filter.text.trim()}`);
  const dates = describeDates(filter);
  if (dates) parts.push(dates);
  return parts.join(', ');
}
