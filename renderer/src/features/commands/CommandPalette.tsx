import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { COMMAND_MENUS } from '../../../../core/bridge';
import { COMMANDS, type CommandId } from '../../../../core/bridge';
import { runCommand } from '../../platform/gloss';
import { useGloss } from '../../store';
import { Dialog } from '../import/Dialog';
import { formatKey } from './keys';
import './commands.css';

const MENU_NAMES: Record<(typeof COMMAND_MENUS)[number], string> = {
  file: 'File',
  edit: 'Edit',
  view: 'View',
  annotate: 'Annotate',
  tools: 'Tools',
  help: 'Help',
};

/** Every word typed must start a word of the command's menu, name or description. */
export function matchCommands(query: string): (typeof COMMANDS)[number][] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...COMMANDS];
  return COMMANDS.filter((c) => {
    const hay = `${MENU_NAMES[c.menu]} ${c.label} ${'detail' in c ? c.detail : ''}`.toLowerCase();
    const starts = hay.split(/[^\p{L}\p{N}]+/u);
    return words.every((w) => starts.some((s) => s.startsWith(w)));
  });
}

/**
 * The command palette (View › Command Palette…, Ctrl/Cmd+Shift+P): every command of the menu
 * with its key, filtered as you type; ↑/↓ choose, Enter runs, Esc closes.
 */
export function CommandPalette() {
  const open = useGloss((s) => s.paletteOpen);
  if (!open) return null;
  return <PaletteDialog />;
}

function PaletteDialog() {
  const setOpen = useGloss((s) => s.setPaletteOpen);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const shown = useMemo(() => matchCommands(query), [query]);
  const close = () => setOpen(false);
  const run = (id: CommandId | undefined) => {
    if (!id) return;
    // Closed in the same render as the command's own dialog opens: focus goes back first.
    close();
    runCommand(id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (shown.length ? (i + step + shown.length) % shown.length : 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(shown[active]?.id);
    }
  };
  const activeId = shown[active] ? `palette-${shown[active].id}` : undefined;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);
  return (
    <Dialog title="Command palette" className="palette" onClose={close}>
      <input
        data-autofocus
        type="text"
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={activeId}
        placeholder="Type a command…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {shown.length === 0 ? (
        <p className="palette-empty" role="status">
          No command matches “{query}”.
        </p>
      ) : (
        <ul id="palette-list" role="listbox" aria-label="Commands" className="palette-list">
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`palette-${c.id}`}
              role="option"
              aria-selected={i === active}
              onMouseMove={() => setActive(i)}
              onClick={() => run(c.id)}
            >
              <span className="palette-menu">{MENU_NAMES[c.menu]}</span>
              <span className="palette-label">{c.label}</span>
              {'key' in c && <kbd>{formatKey(c.key)}</kbd>}
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
