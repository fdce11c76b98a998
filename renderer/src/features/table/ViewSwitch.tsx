import { BookOpen, ChartColumn, Table2, type LucideIcon } from 'lucide-react';
import { useEffect } from 'react';
import { commandSpec, type CommandId } from '../../../../core/bridge';
import { onMenu, runCommand } from '../../platform/gloss';
import { useGloss } from '../../store';
import type { MainView } from '../../store/library-slice';
import { ariaKey, commandTitle } from '../commands/keys';

/** The three views, their buttons, and the View menu's command for each. */
const VIEWS: { view: MainView; label: string; command: CommandId; icon: LucideIcon }[] = [
  { view: 'reader', label: 'Reader', command: 'view-reader', icon: BookOpen },
  { view: 'table', label: 'Table', command: 'view-table', icon: Table2 },
  { view: 'overview', label: 'Overview', command: 'view-overview', icon: ChartColumn },
];

/**
 * Reader, Table or Overview in the middle of the window. Each is a View menu command (with its
 * key: Ctrl/Cmd+1, Ctrl/Cmd+Shift+T, Ctrl/Cmd+Shift+G); the command of the view already shown
 * goes back to the Reader, so its key switches there and back.
 */
export function ViewSwitch() {
  const view = useGloss((s) => s.view);
  useEffect(
    () =>
      onMenu((command) => {
        const chosen = VIEWS.find((v) => v.command === command);
        if (!chosen) return;
        const s = useGloss.getState();
        s.setView(s.view === chosen.view && chosen.view !== 'reader' ? 'reader' : chosen.view);
      }),
    [],
  );
  return (
    <span className="view-switch" role="group" aria-label="View">
      {VIEWS.map((v) => {
        const spec = commandSpec(v.command);
        const Icon = v.icon;
        return (
          <button
            key={v.view}
            type="button"
            aria-label={v.label}
            aria-pressed={view === v.view}
            title={commandTitle(spec)}
            aria-keyshortcuts={spec.key ? ariaKey(spec.key) : undefined}
            onClick={() => {
              if (view !== v.view) runCommand(v.command);
            }}
          >
            <Icon size={15} strokeWidth={1.75} aria-hidden="true" />
            <span className="view-label">{v.label}</span>
          </button>
        );
      })}
    </span>
  );
}
