import type { Article } from '../../../../core/model';
import { useGloss } from '../../store';

/** "Removed text (n)" in the reader header: opens the review of what the importer removed. */
export function RemovedTextButton({ article }: { article: Article }) {
  const open = useGloss((s) => s.openImportReview);
  const n = article.removed.length;
  const warned = article.warnings?.length ?? 0;
  if (n === 0 && warned === 0) return null;
  return (
    <button
      type="button"
      onClick={() => open([article.id])}
      title="See the boilerplate the importer removed from this article, and restore it"
    >
      Removed text ({n})
    </button>
  );
}
