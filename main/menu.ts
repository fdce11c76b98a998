import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { MENU_EVENT_CHANNEL, type MenuCommand } from '../core/bridge/channels';

/** The application menu: the platform's standard roles plus Gloss's own File commands. */
export function buildMenu(getWindow: () => BrowserWindow | null): Menu {
  const send = (command: MenuCommand) => () => getWindow()?.webContents.send(MENU_EVENT_CHANNEL, command);
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          id: 'import-articles',
          label: 'Import Articles…',
          accelerator: 'CmdOrCtrl+I',
          click: send('import-articles'),
        },
        { type: 'separator' },
        {
          id: 'open-project',
          label: 'Open Project…',
          accelerator: 'CmdOrCtrl+O',
          click: send('open-project'),
        },
        {
          id: 'save-project-as',
          label: 'Save Project As…',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: send('save-project-as'),
        },
        { type: 'separator' },
        { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: send('export') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
  return Menu.buildFromTemplate(template);
}
