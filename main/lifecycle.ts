import { projectPathsIn } from './opened-files';

/** The part of an Electron BrowserWindow the close guard uses (so that it can be tested alone). */
export interface GuardedWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  close(): void;
  isDestroyed(): boolean;
  webContents: {
    isCrashed(): boolean;
    isLoading(): boolean;
  };
}

/**
 * Holds a window's close until its renderer has written its last backup: the first close is
 * prevented and `askForBackup` tells the renderer (`before-quit`); the window closes when the
 * renderer answers (the returned function, called from the `readyToQuit` handler) or after
 * `timeoutMs`, whichever comes first. A renderer that crashed or is still loading has nothing
 * to back up, and the window closes at once.
 */
export function guardClose(win: GuardedWindow, askForBackup: () => void, timeoutMs: number): () => void {
  let backedUp = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const closeNow = () => {
    if (backedUp) return;
    backedUp = true;
    clearTimeout(timer);
    if (!win.isDestroyed()) win.close();
  };
  win.on('close', (event) => {
    if (backedUp || win.webContents.isCrashed() || win.webContents.isLoading()) return;
    event.preventDefault();
    if (timer) return; // already asked; a second close (Cmd+Q twice) waits for the same answer
    askForBackup();
    timer = setTimeout(closeNow, timeoutMs);
  });
  win.on('closed', () => clearTimeout(timer));
  return closeNow;
}

/**
 * Project files the operating system asked Gloss to open (macOS `open-file`, a file association's
 * command line, a second launch while Gloss runs), kept until the renderer takes them. `notify`
 * tells a renderer that is already running; one that is still loading takes them when it starts.
 */
export class OpenedFiles {
  private readonly paths: string[] = [];

  constructor(private readonly notify: () => void) {}

  /** Keeps the `.gloss` files among `args` (paths or a whole argv) and tells the renderer. */
  add(args: readonly string[]): void {
    const found = projectPathsIn(args);
    if (found.length === 0) return;
    this.paths.push(...found);
    this.notify();
  }

  /** The files waiting, oldest first; the queue is emptied. */
  take(): string[] {
    return this.paths.splice(0);
  }
}
