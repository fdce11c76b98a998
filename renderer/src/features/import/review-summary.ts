import type { ArticleMeta } from '../../db/db';

/**
 * A line for the import notice when the import has something to review: warnings raised.
 * (Removed boilerplate is counted in the review itself, which reads the bodies.)
 */
export function reviewSummary(added: Pick<ArticleMeta, 'warnings'>[]): string | null {
  const warned = added.filter((a) => a.warnings?.length).length;
  if (warned === 0) return null;
  return `${warned} article${warned === 1 ? ' has' : 's have'} import warnings: see Review import.`;
}
