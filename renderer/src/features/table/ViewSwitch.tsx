import { useEffect } from 'react';
import { onMenu } from '../../platform/gloss';
import { useGloss } from '../../store';

/**
 * Reader, Table or Overview in the middle of the window: Ctrl/Cmd+Shift+T switches between
 * Reader and Table, Ctrl/Cmd+Shift+G opens the Overview (and goes back to the Reader); the View
 * menu's items do the same.
 */
export function ViewSwitch() {
  const view = useGloss((s) => s.view);
  const setView = useGloss((s) => s.setView);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !e.shiftKey || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key !== 't' && key !== 'g') return;
      e.preventDefault();
      const s = useGloss.getState();
      if (key === 't') s.setView(s.view === 'reader' ? 'table' : 'reader');
      else s.setView(s.view === 'overview' ? 'reader' : 'overview');
    };
    window.addEventListener('keydown', onKeyDown);
    const stopMenu = onMenu((command) => {
      const s = useGloss.getState();
      if (command === 'view-reader') s.setView('reader');
      else if (command === 'view-table') s.setView('table');
      else if (command === 'view-overview') s.setView('overview');
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      stopMenu();
    };
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
      <button
        type="button"
        aria-pressed={view === 'overview'}
        title="Charts of the annotations by kind and stance, per source and over time (Ctrl+Shift+G)"
        onClick={() => setView('overview')}
      >
        Overview
      </button>
    </span>
  );
}
