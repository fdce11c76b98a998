import type { MenuItemConstructorOptions } from 'electron';
import { COMMANDS, type CommandMenu } from '../core/bridge/commands';
import type { MenuCommand } from '../core/bridge/channels';

export const MENU_LABELS: Record<CommandMenu, string> = {
  file: '&File',
  edit: '&Edit',
  view: '&View',
  annotate: '&Annotate',
  tools: '&Tools',
  help: '&Help',
};

/**
 * Gloss's items of one menu, from the command table, with a separator between groups. The
 * renderer handles every key itself (it must work in the browser host and from the palette), so
 * the menu shows the keys without registering them: one key press, one command.
 */
export function commandItems(
  menu: CommandMenu,
  send: (command: MenuCommand) => () => void,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  let group: number | null = null;
  for (const c of COMMANDS) {
    if (c.menu !== menu) continue;
    if (group !== null && c.group !== group) items.push({ type: 'separator' });
    group = c.group;
    items.push({
      id: c.id,
      label: c.label,
      ...('key' in c ? { accelerator: c.key, registerAccelerator: false } : {}),
      click: send(c.id),
    });
  }
  return items;
}
