/**
 * Whether a request came from the app's own page: the packaged renderer (file://…/renderer/)
 * or, in development, the electron-vite dev server. Anything else, such as a navigated or
 * injected frame, is refused.
 */
export function isTrustedSenderUrl(url: string | undefined, rendererUrl: string): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    const expected = new URL(rendererUrl);
    if (expected.protocol === 'file:') return u.protocol === 'file:' && u.pathname === expected.pathname;
    return u.origin === expected.origin;
  } catch {
    return false;
  }
}

/** What the sender check needs of a frame: Electron's `WebFrameMain` (and the e2e host's stand-in). */
export interface SenderFrame {
  readonly url: string;
  /** The parent frame, `null` for a window's top frame. */
  readonly parent: unknown;
}

/**
 * Whether an IPC request may be served: it must come from the top frame of the window (never a
 * sub-frame, even one showing the app's own page) and that frame must show the app's page.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, rendererUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return isTrustedSenderUrl(frame.url, rendererUrl);
}
