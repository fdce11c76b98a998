import type {
  AppInfo,
  BridgeErrorCode,
  BridgeResult,
  GlossBridge,
  MenuCommand,
  PickFilesArgs,
  PickFilesResult,
  SaveFileArgs,
  SaveFileResult,
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

export async function appInfo(): Promise<AppInfo> {
  return unwrap(await bridge().appInfo());
}

/** Subscribes to application-menu commands; returns the unsubscribe function. */
export function onMenu(listener: (command: MenuCommand) => void): () => void {
  return window.gloss ? window.gloss.onMenu(listener) : () => undefined;
}
