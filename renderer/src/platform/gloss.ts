import type {
  AppInfo,
  BackupFile,
  BeginSaveArgs,
  BeginSaveResult,
  EndSaveResult,
  BackupInfo,
  BridgeErrorCode,
  BridgeResult,
  GlossBridge,
  MenuCommand,
  PickFilesArgs,
  SyncKeyring,
  PickFilesResult,
  SaveFileArgs,
  SaveFileResult,
  SyncFetchArgs,
  SyncFetchResult,
  SyncSaveArgs,
  SyncSettings,
  SyncTestArgs,
  SyncTestResult,
  WriteBackupArgs,
} from '../../../core/bridge';

declare global {
  interface Window {
    /** Exposed by the preload (or the e2e harness); reached only through this module. */
    readonly gloss?: GlossBridge;
  }
}

/** A bridge call the main process refused or failed, with the reason's code. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  constructor(
    readonly code: BridgeErrorCode | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

function bridge(): GlossBridge {
  const gloss = window.gloss;
  if (!gloss) {
    throw new BridgeError(
      'unavailable',
      'Gloss is running outside its desktop shell: files cannot be opened or saved.',
    );
  }
  return gloss;
}

function unwrap<T>(result: BridgeResult<T>): T {
  if (result.ok) return result.value;
  throw new BridgeError(result.error.code, result.error.message);
}

/** Whether the desktop bridge is present (false in a plain browser tab). */
export const hasBridge = (): boolean => window.gloss !== undefined;

/** Shows the native open dialog and returns the picked files' names and bytes. */
export async function pickFiles(args: PickFilesArgs): Promise<PickFilesResult> {
  return unwrap(await bridge().pickFiles(args));
}

/** Shows the native save dialog and writes the bytes atomically. */
export async function saveFile(args: SaveFileArgs): Promise<SaveFileResult> {
  return unwrap(await bridge().saveFile(args));
}

/**
 * A file written piece by piece (a large export): the save dialog is shown first; then `write`
 * appends, `commit` replaces the chosen file atomically, `abort` drops what was written (the
 * chosen file, if it existed, is left as it was).
 */
export interface StreamedSave {
  name: string;
  write(bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  commit(): Promise<EndSaveResult>;
  abort(): Promise<void>;
}

/** Shows the native save dialog; null when the user cancels it. */
export async function beginSave(args: BeginSaveArgs): Promise<StreamedSave | null> {
  const gloss = bridge();
  const begun: BeginSaveResult = unwrap(await gloss.beginSave(args));
  if (begun.canceled || !begun.id) return null;
  const id = begun.id;
  return {
    name: begun.name ?? '',
    write: async (bytes) => unwrap(await gloss.writeSave({ id, bytes })),
    commit: async () => unwrap(await gloss.endSave({ id, commit: true })),
    abort: async () => void unwrap(await gloss.endSave({ id, commit: false })),
  };
}

export async function appInfo(): Promise<AppInfo> {
  return unwrap(await bridge().appInfo());
}

const localListeners = new Set<(command: MenuCommand) => void>();

/**
 * Subscribes to commands: from the application menu, and from the renderer itself (keys,
 * palette, toolbar: `runCommand`), so each command has one handler whoever asks for it.
 * Returns the unsubscribe function.
 */
export function onMenu(listener: (command: MenuCommand) => void): () => void {
  localListeners.add(listener);
  const stopMenu = window.gloss ? window.gloss.onMenu(listener) : () => undefined;
  return () => {
    localListeners.delete(listener);
    stopMenu();
  };
}

/** Runs a command exactly as if it had been chosen in the application menu. */
export function runCommand(command: MenuCommand): void {
  for (const listener of [...localListeners]) listener(command);
}

/** Writes a rotating backup into the app's own folder. */
export async function writeBackup(args: WriteBackupArgs): Promise<BackupInfo> {
  return unwrap(await bridge().writeBackup(args));
}

/** The backups kept, newest first (none outside the desktop shell). */
export async function listBackups(): Promise<BackupInfo[]> {
  return hasBridge() ? unwrap(await bridge().listBackups()) : [];
}

export async function readBackup(name: string): Promise<BackupFile> {
  return unwrap(await bridge().readBackup({ name }));
}

/** Project files the operating system asked Gloss to open (each handed over once). */
export async function takeOpenedFiles(): Promise<PickFilesResult> {
  return hasBridge() ? unwrap(await bridge().takeOpenedFiles()) : { canceled: true, files: [], unread: [] };
}

/** Tells the main process that the last backup is written and the window may close. */
export async function readyToQuit(): Promise<void> {
  if (hasBridge()) unwrap(await bridge().readyToQuit());
}

/** The saved team-sync settings (never the password), or null when none are saved. */
export async function syncSettings(): Promise<SyncSettings | null> {
  return unwrap(await bridge().syncSettings());
}

/** Whether the system has a keyring for the team-sync password (else Gloss offers this session only). */
export async function syncKeyring(): Promise<SyncKeyring> {
  return unwrap(await bridge().syncKeyring());
}

/** Checks a team database address and credentials (the main process asks the server; nothing is saved). */
export async function syncTest(args: SyncTestArgs): Promise<SyncTestResult> {
  return unwrap(await bridge().syncTest(args));
}

/** Saves the team-sync settings; the password goes to the system keyring in the main process (or its memory, for this session only). */
export async function syncSave(args: SyncSaveArgs): Promise<SyncSettings> {
  return unwrap(await bridge().syncSave(args));
}

/** Forgets the team-sync settings and password. */
export async function syncForget(): Promise<void> {
  unwrap(await bridge().syncForget());
}

/** One request of the sync replica to the team database, made by the main process. */
export async function syncFetch(args: SyncFetchArgs): Promise<SyncFetchResult> {
  return unwrap(await bridge().syncFetch(args));
}
