import type { ProjectDialog } from '../../store/project-slice';
import { Dialog } from '../import/Dialog';
import { describeCounts, previewMerge, replaceLibrary } from './actions';

/** An opened project file and a library that is not empty: replace it, or merge into it? */
export function OpenChoice({
  dialog,
  onClose,
}: {
  dialog: Extract<ProjectDialog, { kind: 'open' }>;
  onClose: () => void;
}) {
  const { fileName, bytes, summary } = dialog;
  const owner = summary.analyst.name || 'an unnamed analyst';
  return (
    <Dialog
      title="Open project"
      subtitle={`“${fileName}” by ${owner}: ${describeCounts(summary.counts)}.`}
      onClose={onClose}
      className="project-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              onClose();
              void replaceLibrary(fileName, bytes);
            }}
          >
            Replace library
          </button>
          <button
            type="button"
            className="primary"
            data-autofocus
            onClick={() => {
              onClose();
              void previewMerge(fileName, bytes);
            }}
          >
            Merge into library…
          </button>
        </>
      }
    >
      <p>Your library already holds articles or annotations.</p>
      <ul className="choice-list">
        <li>
          <strong>Merge into library</strong> adds the project’s new articles and annotations to yours and
          shows you every change and conflict first.
        </li>
        <li>
          <strong>Replace library</strong> discards everything in your library and opens the project instead.
          Save your project first if you want to keep it.
        </li>
      </ul>
    </Dialog>
  );
}
