import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { MENU_EVENT_CHANNEL, type MenuCommand } from '../core/bridge/channels';

/** The application menu: the platform's standard roles plus Gloss's own File, View and Help commands. */
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
          id: 'merge-project',
          label: 'Import and Merge Project…',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: send('merge-project'),
        },
        {
          id: 'save-project-as',
          label: 'Save Project As…',
          accelerator: 'CmdOrCtrl+S',
          click: send('save-project-as'),
        },
        { type: 'separator' },
        { id: 'change-analyst', label: 'Analyst…', click: send('change-analyst') },
        { id: 'agreement', label: 'Agreement Report…', click: send('agreement') },
        { type: 'separator' },
        { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: send('export') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      // The renderer handles these keys itself (they must work in the browser host too), so the
      // menu shows them without registering them: one key press, one switch.
      submenu: [
        { id: 'view-reader', label: 'Reader', click: send('view-reader') },
        {
          id: 'view-table',
          label: 'Annotations Table',
          accelerator: 'CmdOrCtrl+Shift+T',
          registerAccelerator: false,
          click: send('view-table'),
        },
        {
          id: 'view-overview',
          label: 'Overview',
          accelerator: 'CmdOrCtrl+Shift+G',
          registerAccelerator: false,
          click: send('view-overview'),
        },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { id: 'back-up-now', label: 'Back Up Now', click: send('back-up-now') },
        { id: 'restore-backup', label: 'Restore from Backup…', click: send('restore-backup') },
        { type: 'separator' },
        { role: 'about' },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
