import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { CommandMenu } from '../core/bridge/commands';
import { MENU_EVENT_CHANNEL, type MenuCommand } from '../core/bridge/channels';
import { commandItems, MENU_LABELS } from './menu-items';

/** The application menu: Gloss's commands (File, Edit, View, Annotate, Tools, Help) and the platform's roles. */
export function buildMenu(getWindow: () => BrowserWindow | null): Menu {
  const send = (command: MenuCommand) => () => getWindow()?.webContents.send(MENU_EVENT_CHANNEL, command);
  const isMac = process.platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const menu = (
    m: CommandMenu,
    before: MenuItemConstructorOptions[],
    after: MenuItemConstructorOptions[],
  ) => ({
    label: MENU_LABELS[m],
    ...(m === 'help' ? { role: 'help' as const } : {}),
    submenu: [...before, ...commandItems(m, send), ...after],
  });
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    menu('file', [], [sep, isMac ? { role: 'close' } : { role: 'quit' }]),
    // Cut, copy, paste and select all stay native (text fields, and macOS needs them in a menu).
    menu('edit', [], [sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }]),
    menu(
      'view',
      [],
      [
        sep,
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        sep,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        sep,
        { role: 'togglefullscreen' },
      ],
    ),
    menu('annotate', [], []),
    menu('tools', [], []),
    { role: 'windowMenu' },
    menu('help', [], [sep, { role: 'about' }]),
  ];
  return Menu.buildFromTemplate(template);
}
