import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ARG_SCHEMAS, MENU_EVENT_CHANNEL, type MenuCommand } from '../core/bridge';
import { createHandlers, dispatchInvoke } from './ipc/handlers';
import { isTrustedSender } from './ipc/sender';
import { buildMenu } from './menu';
import { guardClose, OpenedFiles } from './lifecycle';
import { isRendererFile, isSafeExternalUrl } from './security';
import { CredentialStore } from './sync/credentials';
import { forwardPowerEvents } from './sync/power';
import { TeamSyncService } from './sync/service';

const here = dirname(fileURLToPath(import.meta.url));
const rendererUrl =
  process.env['ELECTRON_RENDERER_URL'] ?? pathToFileURL(join(here, '../renderer/index.html')).href;

let mainWindow: BrowserWindow | null = null;
/** Whether the user asked to quit (not merely to close the window, which on macOS keeps the app). */
let quitting = false;
/** How long the window waits for its last backup before it closes anyway. */
const QUIT_BACKUP_TIMEOUT_MS = 15_000;
/** Project files the operating system asked to open, waiting for the renderer to take them. */
const openedFiles = new OpenedFiles(() => {
  if (mainWindow && !mainWindow.webContents.isLoading())
    mainWindow.webContents.send(MENU_EVENT_CHANNEL, 'files-opened' satisfies MenuCommand);
});

// Tests and portable installs point the profile elsewhere; it must be set before the app is ready.
const userDataDir = process.env['GLOSS_USER_DATA_DIR'];
if (userDataDir) app.setPath('userData', userDataDir);

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Gloss',
    backgroundColor: '#f6f5f2',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Closing waits for the renderer's last backup (`before-quit` → `readyToQuit`), or a timeout.
  const closeNow = guardClose(
    win,
    () => win.webContents.send(MENU_EVENT_CHANNEL, 'before-quit' satisfies MenuCommand),
    QUIT_BACKUP_TIMEOUT_MS,
  );
  win.on('closed', () => {
    if (quitting) app.quit();
  });
  readyToClose.set(win, closeNow);
  void win.loadURL(rendererUrl);
  return win;
}

const readyToClose = new WeakMap<BrowserWindow, () => void>();

/** Security policy for every web contents the app ever creates. */
function secureWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== contents.getURL()) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/**
 * Serves `file:` requests from the renderer's own folder only (see `isRendererFile`): a script,
 * frame or fetch pointing anywhere else on the disk gets a 403, so the CSP's `'self'` on a
 * `file://` page no longer means "any local file". The dev server (http) needs no such rule.
 */
function confineFileProtocol(): void {
  if (!rendererUrl.startsWith('file:')) return;
  const rendererDir = dirname(fileURLToPath(rendererUrl));
  protocol.handle('file', (request) =>
    isRendererFile(request.url, rendererDir)
      ? net.fetch(request, { bypassCustomProtocolHandlers: true })
      : new Response('Gloss serves files from its own folder only.', { status: 403 }),
  );
}

function registerIpc(): void {
  const handlers = createHandlers({
    showOpenDialog: (options) =>
      mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options),
    showSaveDialog: (options) =>
      mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options),
    appInfo: () => ({
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      host: 'electron',
      versions: {
        electron: process.versions.electron ?? '',
        chrome: process.versions.chrome ?? '',
        node: process.versions.node,
      },
    }),
    backupsDir: join(app.getPath('userData'), 'backups'),
    takeOpenedPaths: () => openedFiles.take(),
    readyToQuit: () => {
      if (mainWindow) readyToClose.get(mainWindow)?.();
    },
    teamSync: new TeamSyncService(
      new CredentialStore(join(app.getPath('userData'), 'team-sync.json'), safeStorage),
      (url, init) => net.fetch(url, init),
    ),
  });
  for (const channel of Object.keys(ARG_SCHEMAS)) {
    ipcMain.handle(channel, (event, arg: unknown) =>
      dispatchInvoke(handlers, channel, arg, isTrustedSender(event.senderFrame, rendererUrl)),
    );
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // macOS hands files over by event, possibly before the app is ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openedFiles.add([path]);
  });
  app.on('before-quit', () => (quitting = true));
  openedFiles.add(process.argv.slice(1));
  app.on('second-instance', (_event, argv) => {
    openedFiles.add(argv.slice(1));
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.setName('Gloss');
  void app.whenReady().then(() => {
    secureWebContents();
    confineFileProtocol();
    registerIpc();
    Menu.setApplicationMenu(buildMenu(() => mainWindow));
    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = null));
    forwardPowerEvents(powerMonitor, (event) => mainWindow?.webContents.send(MENU_EVENT_CHANNEL, event));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
