import { useGloss } from '../../store';
import type { ImportActions } from './use-import';

/**
 * The import part of the main toolbar: Import…, Import folder… and Paste as article…, then,
 * while an import runs, its progress (n of N, the file being read) with a Cancel button, and
 * after one, a button that opens its review.
 */
export function ImportToolbar({ actions }: { actions: ImportActions }) {
  const progress = useGloss((s) => s.importProgress);
  const cancel = useGloss((s) => s.importCancel);
  const lastIds = useGloss((s) => s.lastImportIds);
  const openReview = useGloss((s) => s.openImportReview);
  const setPasteOpen = useGloss((s) => s.setPasteOpen);
  const reviewFirst = useGloss((s) => s.reviewBeforeAdding);
  const setReviewFirst = useGloss((s) => s.setReviewBeforeAdding);
  const busy = progress !== null;
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={() => void actions.importFromDialog()}
        title="Import articles (Ctrl+I)"
      >
        Import…
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void actions.importFromDialog({ folders: true })}
        title="Import every article in a folder and its subfolders"
      >
        Import folder…
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => setPasteOpen(true)}
        title="Paste text or a web page as a new article (Ctrl+V anywhere outside a text field)"
      >
        Paste as article…
      </button>
      <label
        className="toolbar-check"
        title="Show what an import would remove, and keep any of it, before the articles are stored"
      >
        <input type="checkbox" checked={reviewFirst} onChange={(e) => setReviewFirst(e.target.checked)} />
        Review before adding
      </label>
      <span className="spacer" />
      {progress ? (
        <div className="import-progress" role="status" aria-live="polite">
          <progress max={progress.total} value={progress.done} aria-label="Import progress" />
          <span className="import-count">
            {progress.canceling ? 'Cancelling after ' : 'Importing '}
            {Math.min(progress.done + 1, progress.total)} of {progress.total}
          </span>
          {progress.current && (
            <span className="import-file" title={progress.current}>
              {progress.current}
            </span>
          )}
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
