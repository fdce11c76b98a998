import { useEffect } from 'react';
import type { MenuCommand } from '../../../../core/bridge';
import { onMenu } from '../../platform/gloss';
import { useGloss } from '../../store';
import type { MainView } from '../../store/library-slice';

/** The three views, their buttons, and the View menu's command for each. */
const VIEWS: { view: MainView; label: string; title?: string; command: MenuCommand }[] = [
  { view: 'reader', label: 'Reader', command: 'view-reader' },
  {
    view: 'table',
    label: 'Table',
    title: 'All annotations in a table (Ctrl+Shift+T)',
    command: 'view-table',
  },
  {
    view: 'overview',
    label: 'Overview',
    title: 'Charts of the annotations by kind and stance, per source and over time (Ctrl+Shift+G)',
    command: 'view-overview',
  },
];

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
      const chosen = VIEWS.find((v) => v.command === command);
      if (chosen) useGloss.getState().setView(chosen.view);
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      stopMenu();
    };
  }, []);
  return (
    <span className="view-switch" role="group" aria-label="View">
      {VIEWS.map((v) => (
        <button
          key={v.view}
          type="button"
          aria-pressed={view === v.view}
          title={v.title}
          onClick={() => setView(v.view)}
        >
          {v.label}
        </button>
      ))}
    </span>
  );
}
