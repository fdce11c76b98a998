import { COMMANDS, type CommandId } from './commands';

/**
 * Channel names of the IPC contract. Kept apart from the schemas so that the preload, which
 * must stay tiny and dependency-free in a sandbox, can import them without zod.
 */

/** Invoke channels: bridge method name → channel. */
export const INVOKE_CHANNELS = {
  pickFiles: 'gloss:pick-files',
  saveFile: 'gloss:save-file',
  beginSave: 'gloss:begin-save',
  writeSave: 'gloss:write-save',
  endSave: 'gloss:end-save',
  appInfo: 'gloss:app-info',
  writeBackup: 'gloss:write-backup',
  listBackups: 'gloss:list-backups',
  readBackup: 'gloss:read-backup',
  takeOpenedFiles: 'gloss:take-opened-files',
  readyToQuit: 'gloss:ready-to-quit',
} as const;
export type InvokeMethod = keyof typeof INVOKE_CHANNELS;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[InvokeMethod];

/**
 * Commands the application menu sends to the renderer (every command of the table in
 * commands.ts), and two events of the same shape: `files-opened` (the operating system handed
 * Gloss project files: take them with `takeOpenedFiles`) and `before-quit` (write a last backup,
 * then call `readyToQuit`).
 */
type MenuEvent = CommandId | 'files-opened' | 'before-quit';
export const MENU_COMMANDS: readonly [MenuEvent, ...MenuEvent[]] = [
  'files-opened',
  'before-quit',
  ...COMMANDS.map((c) => c.id),
];
export type MenuCommand = MenuEvent;

/** The one event channel: menu commands from main to renderer. */
export const MENU_EVENT_CHANNEL = 'gloss:menu';
