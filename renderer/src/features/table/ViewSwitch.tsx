import { useEffect } from 'react';
import { useGloss } from '../../store';

/** Reader or Table in the middle of the window; Ctrl/Cmd+Shift+T switches. */
export function ViewSwitch() {
  const view = useGloss((s) => s.view);
  const setView = useGloss((s) => s.setView);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 't') {
        e.preventDefault();
        const s = useGloss.getState();
        s.setView(s.view === 'reader' ? 'table' : 'reader');
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <span className="view-switch" role="group" aria-label="View">
      <button type="button" aria-pressed={view === 'reader'} onClick={() => setView('reader')}>
        Reader
      </button>
      <button
        type="button"
        aria-pressed={view === 'table'}
        title="All annotations in a table (Ctrl+Shift+T)"
        onClick={() => setView('table')}
      >
        Table
      </button>
    </span>
  );
}
