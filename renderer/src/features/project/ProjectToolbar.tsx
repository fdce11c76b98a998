import { useGloss } from '../../store';
import { AnalystButton } from '../analyst/AnalystGate';
import { openProjectFromDialog, saveProjectAs } from './actions';

const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';

/** The project part of the main toolbar: open, merge, save, agreement, and who is annotating. */
export function ProjectToolbar() {
  const busy = useGloss((s) => s.projectBusy);
  const setDialog = useGloss((s) => s.setProjectDialog);
  return (
    <div className="project-toolbar" role="group" aria-label="Project">
      {busy && (
        <span className="project-busy" role="status">
          {busy}
        </span>
      )}
      <button
        type="button"
        disabled={!!busy}
        onClick={() => void openProjectFromDialog('open')}
        title={`Open a project file (${mod}O)`}
      >
        Open project…
      </button>
      <button
        type="button"
        disabled={!!busy}
        onClick={() => void openProjectFromDialog('merge')}
        title="Merge a colleague’s project file into your library, with a preview first"
      >
        Merge…
      </button>
      <button
        type="button"
        disabled={!!busy}
        onClick={() => void saveProjectAs()}
        title={`Save the library as a project file (${mod}S)`}
      >
        Save project…
      </button>
      <button
        type="button"
        onClick={() => setDialog({ kind: 'agreement' })}
        title="Agreement between two analysts"
      >
        Agreement
      </button>
      <AnalystButton />
    </div>
  );
}
