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
