import { COMMANDS, type CommandId } from './commands';

/**
 * Channel names of the IPC contract. Kept apart from the schemas so that the preload, which
 * must stay tiny and dependency-free in a sandbox, can import them without zod.
 */

/**
 * The bridge table: every method of `window.gloss` with its IPC channel and whether it takes an
 * argument. The preload and the e2e test bridge are both built from it (`buildBridge`), the main
 * process registers a handler per channel, and `contract.ts` gives each row its schemas, so a
 * method is added in one place. Kept apart from the schemas so that the sandboxed preload can
 * import it without zod.
 */
export const BRIDGE_METHODS = {
  /** Shows the native open dialog and reads the picked files (folders too, for articles). */
  pickFiles: { channel: 'gloss:pick-files', args: true },
  /** Shows the native save dialog and writes the bytes atomically. */
  saveFile: { channel: 'gloss:save-file', args: true },
  /** Shows the save dialog and opens the chosen file for writing in pieces. */
  beginSave: { channel: 'gloss:begin-save', args: true },
  /** Appends the next piece to a file opened by `beginSave`. */
  writeSave: { channel: 'gloss:write-save', args: true },
  /** Finishes (commit: replaces the target atomically) or drops a file opened by `beginSave`. */
  endSave: { channel: 'gloss:end-save', args: true },
  appInfo: { channel: 'gloss:app-info', args: false },
  /** Writes a rotating backup project file into the app's own folder (newest first in the list). */
  writeBackup: { channel: 'gloss:write-backup', args: true },
  /** The backups kept, newest first. */
  listBackups: { channel: 'gloss:list-backups', args: false },
  readBackup: { channel: 'gloss:read-backup', args: true },
  /** Project files the operating system asked Gloss to open, each handed over once. */
  takeOpenedFiles: { channel: 'gloss:take-opened-files', args: false },
  /** Answers `before-quit`: the last backup is written (or was not needed); the window may close. */
  readyToQuit: { channel: 'gloss:ready-to-quit', args: false },
  /** The team-sync settings saved by File › Team Sync… (never the password), or null. */
  syncSettings: { channel: 'gloss:sync-settings', args: false },
  /** Whether the system has a keyring Gloss can keep the team-sync password with (else: this session only). */
  syncKeyring: { channel: 'gloss:sync-keyring', args: false },
  /** Checks a server address, user name and password against the team database, saving nothing. */
  syncTest: { channel: 'gloss:sync-test', args: true },
  /** Saves the team-sync settings, and the password with the system keyring (`safeStorage`) or for this session only. */
  syncSave: { channel: 'gloss:sync-save', args: true },
  /** Forgets the team-sync settings and password (Disconnect). */
  syncForget: { channel: 'gloss:sync-forget', args: false },
  /** One HTTP request of the sync replica to the team database, made by the main process with the saved credentials. */
  syncFetch: { channel: 'gloss:sync-fetch', args: true },
} as const satisfies Record<string, { channel: `gloss:${string}`; args: boolean }>;

export type InvokeMethod = keyof typeof BRIDGE_METHODS;
export type ChannelOf<M extends InvokeMethod> = (typeof BRIDGE_METHODS)[M]['channel'];
export type InvokeChannel = ChannelOf<InvokeMethod>;

/**
 * Commands the application menu sends to the renderer (every command of the table in
 * commands.ts), and events of the same shape: `files-opened` (the operating system handed
 * Gloss project files: take them with `takeOpenedFiles`), `before-quit` (write a last backup,
 * then call `readyToQuit`), and `system-suspend` / `system-resume` (the computer goes to sleep
 * and wakes: Electron's `powerMonitor`; team sync pauses and syncs at once on waking).
 */
type MenuEvent = CommandId | 'files-opened' | 'before-quit' | 'system-suspend' | 'system-resume';
export const MENU_COMMANDS: readonly [MenuEvent, ...MenuEvent[]] = [
  'files-opened',
  'before-quit',
  'system-suspend',
  'system-resume',
  ...COMMANDS.map((c) => c.id),
];
export type MenuCommand = MenuEvent;

/** The one event channel: menu commands from main to renderer. */
export const MENU_EVENT_CHANNEL = 'gloss:menu';
