import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Whether a link may be handed to the operating system's browser: only plain http(s) URLs. */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  return url.hostname.length > 0;
}

/** The Content-Security-Policy of the renderer: no inline script, no remote code, no frames. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Whether a `file:` URL the renderer asks for lies inside the renderer's own folder. The packaged
 * renderer is a `file://` page, and for a `file://` page the CSP's `'self'` admits every local
 * file; the main process therefore serves `file:` requests only from this folder
 * (`protocol.handle('file', …)` in `main/index.ts`), whatever the CSP says.
 */
export function isRendererFile(url: string, rendererDir: string): boolean {
  let path: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'file:' || (u.host !== '' && u.host !== 'localhost')) return false;
    path = resolve(fileURLToPath(u));
  } catch {
    return false;
  }
  const rel = relative(resolve(rendererDir), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
