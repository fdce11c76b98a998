/**
 * Channel names of the IPC contract. Kept apart from the schemas so that the preload, which
 * must stay tiny and dependency-free in a sandbox, can import them without zod.
 */

/** Invoke channels: bridge method name → channel. */
export const INVOKE_CHANNELS = {
  pickFiles: 'gloss:pick-files',
  saveFile: 'gloss:save-file',
  appInfo: 'gloss:app-info',
} as const;
export type InvokeMethod = keyof typeof INVOKE_CHANNELS;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[InvokeMethod];

/** Commands the application menu sends to the renderer. */
export const MENU_COMMANDS = ['import-articles', 'open-project', 'save-project-as', 'export'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** The one event channel: menu commands from main to renderer. */
export const MENU_EVENT_CHANNEL = 'gloss:menu';
