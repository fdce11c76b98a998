import { useGloss } from '../../store';

/**
 * What the toolbar shows of imports: while one runs, its progress (n of N, the file being read)
 * with a Cancel button, and after one, a button that opens its review.
 */
export function ImportStatus() {
  const progress = useGloss((s) => s.importProgress);
  const cancel = useGloss((s) => s.importCancel);
  const lastIds = useGloss((s) => s.lastImportIds);
  const openReview = useGloss((s) => s.openImportReview);
  return (
    <>
      {progress ? (
        <div className="import-progress" role="status" aria-live="polite">
          <progress max={progress.total} value={progress.done} aria-label="Import progress" />
          <span className="import-count">
            {progress.canceling ? 'Cancelling after ' : 'Importing '}
            {Math.min(progress.done + 1, progress.total)} of {progress.total}
          </span>
          {/* Always there (empty after the last file), so that the card, anchored at the bottom,
              keeps its height and Cancel does not move under the pointer. */}
          <span className="import-file" title={progress.current}>
            {progress.current ?? '\u00a0'}
          </span>
          {progress.total > 1 && cancel && (
            <button type="button" disabled={progress.canceling} onClick={cancel} aria-label="Cancel import">
              Cancel
            </button>
          )}
        </div>
      ) : (
        lastIds.length > 0 && (
          <button
            type="button"
            onClick={() => openReview(lastIds)}
            title="See what the last import removed, and restore it"
          >
            Review import ({lastIds.length})
          </button>
        )
      )}
    </>
  );
}
