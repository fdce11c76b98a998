import { test as base, chromium, _electron, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildBridge } from '../../../core/bridge/build';
import { BRIDGE_METHODS, MENU_COMMANDS, type MenuCommand } from '../../../core/bridge/channels';
import { createHandlers, dispatchInvoke } from '../../../main/ipc/handlers';
import { isTrustedSender } from '../../../main/ipc/sender';
import { teamSyncFor } from '../../unit/main/secret-box';
import { electronBinary } from '../../../scripts/electron-binary.mjs';
import { answerFirstRun, DEFAULT_ANALYST } from './analyst';
import { pageBridgeScript } from './page-bridge';
import { ANSWER_PATH, serveRenderer } from './static-server';
import { SyncNetwork } from './sync-network';

/** Where the specs find the build and the shared corpus. */
export const ROOT = resolve(import.meta.dirname, '../../..');
/**
 * The build under test: `out/` (what `npm test` builds), or `GLOSS_OUT_DIR` so that parallel
 * work can test its own build (`electron-vite build --outDir out-x` + `GLOSS_OUT_DIR=out-x`).
 */
export const OUT_DIR = resolve(ROOT, process.env['GLOSS_OUT_DIR'] ?? 'out');
export const RENDERER_DIR = join(OUT_DIR, 'renderer');
export const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');

export type HostName = 'chromium' | 'electron';

/** The app under test, whichever host runs it; specs speak only to this. */
export interface GlossApp {
  host: HostName;
  page: Page;
  /** The next native open dialog answers with these paths (or is cancelled when empty). */
  answerOpenDialog(paths: string[]): Promise<void>;
  /** The next native save dialog answers with this path (or is cancelled when null). */
  answerSaveDialog(path: string | null): Promise<void>;
  /** Clicks an item of the application menu. */
  menu(command: MenuCommand): Promise<void>;
  /** Reloads the window, as View > Reload does. */
  reload(): Promise<void>;
  /** The profile's user-data folder (backups live in its `backups/`). */
  userDataDir: string;
  /** Hands these paths to the app as the operating system does when a `.gloss` file is opened. */
  openFromSystem(paths: string[]): Promise<void>;
  /**
   * Closes the window as the user does (Quit, or the close button): in Electron the real window
   * closes once the renderer has written its last backup; the browser host, which has no
   * window, plays main's part (`before-quit` to the renderer) and resolves on its answer.
   */
  quit(): Promise<void>;
}

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium unless GLOSS_CHROMIUM points elsewhere. Playwright never downloads one. */
export const chromiumPath = (): string => process.env['GLOSS_CHROMIUM'] ?? '/usr/bin/chromium';

interface DialogQueue {
  open: string[][];
  save: (string | null)[];
}

/** Answers at least this long (characters of JSON) go over HTTP, see the `__glossInvoke` binding. */
const LARGE_ANSWER = 64 * 1024;

/** Wire format of the page bridge: Uint8Array ⇄ { $bytes: base64 }. */
function fromWire(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromWire);
  if (v && typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    if (typeof rec['$bytes'] === 'string') return new Uint8Array(Buffer.from(rec['$bytes'], 'base64'));
    return Object.fromEntries(Object.entries(rec).map(([k, x]) => [k, fromWire(x)]));
  }
  return v;
}
function toWire(v: unknown): unknown {
  if (v instanceof Uint8Array)
    return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) return v.map(toWire);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]));
  return v;
}

/** A running app in the Chromium host; `close` stops it and removes its profile. */
export interface RunningApp extends GlossApp {
  close(): Promise<void>;
  /** The browser profile's folder (the library's IndexedDB lives there). */
  profileDir: string;
  /** The team-sync network of this profile's main process (see {@link SyncNetwork}). */
  network: SyncNetwork;
  /** Takes this profile off the network (the page sees `offline`; team sync's requests are refused), or back. */
  setOffline(offline: boolean): Promise<void>;
}

/**
 * Starts the built renderer in Debian's Chromium with the real main-process handlers bound in.
 * `keyring: false` plays a system without a keyring (Linux without a secret service).
 */
export async function startChromiumApp(
  options: { initScript?: string; keyring?: boolean } = {},
): Promise<RunningApp> {
  const answers = new Map<string, string>();
  const server = await serveRenderer(RENDERER_DIR, answers);
  const profile = mkdtempSync(join(tmpdir(), 'gloss-e2e-'));
  // The user-data folder of the main process (backups), apart from the browser's own profile.
  const userDataDir = mkdtempSync(join(tmpdir(), 'gloss-e2e-userdata-'));
  const openedPaths: string[] = [];
  const quitAnswers: (() => void)[] = [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 900 },
  });
  const dialogs: DialogQueue = { open: [], save: [] };
  const network = new SyncNetwork();
  const handlers = createHandlers({
    showOpenDialog: async () => {
      const paths = dialogs.open.shift();
      if (!paths) throw new Error('The test did not answer this open dialog (call answerOpenDialog first).');
      return { canceled: paths.length === 0, filePaths: paths };
    },
    showSaveDialog: async () => {
      const path = dialogs.save.shift();
      if (path === undefined)
        throw new Error('The test did not answer this save dialog (call answerSaveDialog first).');
      return path === null ? { canceled: true } : { canceled: false, filePath: path };
    },
    appInfo: () => ({
      name: 'Gloss',
      version: '0.0.0-e2e',
      platform: process.platform,
      host: 'browser-harness',
      versions: { node: process.versions.node },
    }),
    backupsDir: join(userDataDir, 'backups'),
    takeOpenedPaths: () => openedPaths.splice(0),
    // The browser host has no window to close: `quit()` waits for this answer.
    readyToQuit: () => {
      for (const resolve of quitAnswers.splice(0)) resolve();
    },
    // Team sync as in the app, over Node's fetch, the keyring played by a real cipher.
    teamSync: teamSyncFor(userDataDir, {
      fetch: network.fetch,
      ...(options.keyring === undefined ? {} : { keyring: options.keyring }),
    }),
  });
  await context.exposeBinding('__glossInvoke', async ({ frame }, channel: string, payload: unknown) => {
    const answer = toWire(
      await dispatchInvoke(
        handlers,
        channel,
        fromWire(payload),
        isTrustedSender({ url: frame.url(), parent: frame.parentFrame() }, server.url),
      ),
    );
    // A large answer (a team sync's page of documents) is not sent back through the DevTools
    // protocol, which carries it as JSON inside JSON (Electron's IPC copies it as it is): the
    // page fetches it once from the host's server, under an id nobody else is told.
    const json = JSON.stringify(answer);
    if (json.length < LARGE_ANSWER) return answer;
    const id = randomUUID();
    answers.set(id, json);
    return { $answer: id };
  });
  if (options.initScript) await context.addInitScript(options.initScript);
  await context.addInitScript({
    content: pageBridgeScript(buildBridge, BRIDGE_METHODS, MENU_COMMANDS, ANSWER_PATH),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  return {
    host: 'chromium',
    page,
    answerOpenDialog: async (paths) => void dialogs.open.push(paths),
    answerSaveDialog: async (path) => void dialogs.save.push(path),
    menu: async (command) =>
      page.evaluate((c) => (window as unknown as { __glossMenu(c: string): void }).__glossMenu(c), command),
    reload: async () => void (await page.reload()),
    userDataDir,
    profileDir: profile,
    network,
    setOffline: async (offline) => {
      network.offline = offline;
      await context.setOffline(offline);
    },
    quit: async () => {
      const answered = new Promise<void>((resolve) => quitAnswers.push(resolve));
      await page.evaluate(() =>
        (window as unknown as { __glossMenu(c: string): void }).__glossMenu('before-quit'),
      );
      await answered;
    },
    openFromSystem: async (paths) => {
      openedPaths.push(...paths);
      await page.evaluate(() =>
        (window as unknown as { __glossMenu(c: string): void }).__glossMenu('files-opened'),
      );
    },
    close: async () => {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function launchChromiumHost(use: (app: GlossApp) => Promise<void>): Promise<void> {
  const app = await startChromiumApp();
  try {
    await use(app);
  } finally {
    await app.close();
  }
}

async function launchElectronHost(use: (app: GlossApp) => Promise<void>): Promise<void> {
  const executablePath = electronBinary();
  if (!executablePath)
    throw new Error('No Electron binary installed: run `npx install-electron` (needs internet).');
  const profile = mkdtempSync(join(tmpdir(), 'gloss-e2e-electron-'));
  const app = await _electron.launch({
    executablePath,
    args: [join(OUT_DIR, 'main', 'index.js'), '--no-sandbox', '--disable-gpu'],
    env: { ...process.env, GLOSS_USER_DATA_DIR: profile } as Record<string, string>,
  });
  const page = await app.firstWindow();
  await page.setViewportSize({ width: 1440, height: 900 });
  try {
    await use({
      host: 'electron',
      page,
      answerOpenDialog: (paths) =>
        app.evaluate(({ dialog }, p) => {
          dialog.showOpenDialog = (async () => ({
            canceled: p.length === 0,
            filePaths: p,
          })) as typeof dialog.showOpenDialog;
        }, paths),
      answerSaveDialog: (path) =>
        app.evaluate(({ dialog }, p) => {
          dialog.showSaveDialog = (async () =>
            p === null
              ? { canceled: true, filePath: '' }
              : { canceled: false, filePath: p }) as typeof dialog.showSaveDialog;
        }, path),
      menu: (command) =>
        app.evaluate(({ Menu, BrowserWindow }, id) => {
          const item = Menu.getApplicationMenu()?.getMenuItemById(id);
          if (!item) throw new Error(`No menu item ${id}`);
          item.click(undefined, BrowserWindow.getAllWindows()[0], undefined as never);
        }, command),
      reload: async () => void (await page.reload()),
      userDataDir: profile,
      quit: async () => {
        const closed = page.waitForEvent('close');
        await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
        await closed;
      },
      openFromSystem: async (paths) => {
        await app.evaluate(({ app }, p) => {
          for (const path of p) app.emit('open-file', { preventDefault: () => undefined }, path);
        }, paths);
      },
    });
  } finally {
    await app.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** `test` with a `gloss` fixture: the app started fresh in this project's host, with an empty profile. */
/** The option each Playwright project sets: which host runs its specs. */
export interface HostOptions {
  host: HostName;
}

/**
 * Options a spec may set with `test.use`: `analyst` is the name the fixture answers the first-run
 * question with (null: leave the question to the spec).
 */
export interface AppOptions {
  analyst: string | null;
}

export const test = base.extend<{ gloss: GlossApp } & AppOptions, HostOptions>({
  host: ['chromium', { option: true, scope: 'worker' }],
  analyst: [DEFAULT_ANALYST, { option: true }],
  gloss: async ({ host, analyst }, use) => {
    const answered = async (app: GlossApp) => {
      if (analyst !== null) await answerFirstRun(app.page, analyst);
      await use(app);
    };
    await (host === 'electron' ? launchElectronHost(answered) : launchChromiumHost(answered));
  },
});

export { expect } from '@playwright/test';
