import { COMMANDS, type CommandId, type CommandSpec } from '../../../../core/bridge';

export const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

interface Parsed {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parse(accelerator: string): Parsed {
  const parts = accelerator.split('+');
  const key = parts.pop() ?? '';
  return {
    mod: parts.includes('CmdOrCtrl'),
    shift: parts.includes('Shift'),
    alt: parts.includes('Alt'),
    key,
  };
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** Whether a key press is the command's key (Electron accelerator syntax, CmdOrCtrl = Ctrl or ⌘). */
export function matchesKey(accelerator: string, e: KeyLike): boolean {
  const k = parse(accelerator);
  if (k.mod !== (e.ctrlKey || e.metaKey) || k.alt !== e.altKey || k.shift !== e.shiftKey) return false;
  // Digits by their physical key: with Alt or Shift held, `key` is another character.
  if (/^\d$/.test(k.key)) return e.code === `Digit${k.key}`;
  return e.key.toLowerCase() === k.key.toLowerCase();
}

/** The key as the platform writes it: `Ctrl+Shift+T` on Windows and Linux, `⇧⌘T` on macOS. */
export function formatKey(accelerator: string, mac = isMac): string {
  const k = parse(accelerator);
  if (mac)
    return `${k.alt ? '⌥' : ''}${k.shift ? '⇧' : ''}${k.mod ? '⌘' : ''}${k.key === 'Delete' ? '⌫' : k.key}`;
  return [k.mod && 'Ctrl', k.alt && 'Alt', k.shift && 'Shift', k.key].filter(Boolean).join('+');
}

/** The value of `aria-keyshortcuts` for the key (`Control+Shift+T`). */
export function ariaKey(accelerator: string, mac = isMac): string {
  const k = parse(accelerator);
  return [k.mod && (mac ? 'Meta' : 'Control'), k.alt && 'Alt', k.shift && 'Shift', k.key]
    .filter(Boolean)
    .join('+');
}

/** A tooltip: what the command does, then its key in brackets. */
export function commandTitle(c: CommandSpec): string {
  const text = c.detail ?? c.label.replace(/…$/, '');
  return c.key ? `${text} (${formatKey(c.key)})` : text;
}

/** The commands that have a key, with it. */
export function keyedCommands(filter: (c: CommandSpec) => boolean): { id: CommandId; key: string }[] {
  return COMMANDS.flatMap((c: CommandSpec) =>
    c.key !== undefined && filter(c) ? [{ id: c.id as CommandId, key: c.key }] : [],
  );
}
