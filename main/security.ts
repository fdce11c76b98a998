import { createHash } from 'node:crypto';
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
 * The policy of the built renderer: {@link CONTENT_SECURITY_POLICY} with `script-src` pinned to
 * the hashes of the page's own inline scripts, plus `'strict-dynamic'` so that the scripts those
 * create (and what they import) may load. On a `file://` page `'self'` would admit a script from
 * any local folder; a hash admits only the bytes the build wrote.
 */
export function pinnedPolicy(hashes: readonly string[]): string {
  if (hashes.length === 0) throw new Error('A pinned policy needs the hash of at least one script.');
  const sources = ["'strict-dynamic'", ...hashes.map((h) => `'${h}'`)].join(' ');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src ${sources}`);
}

/** `sha384-…` of some bytes or text, as CSP and Subresource Integrity write it. */
export const sha384 = (data: Uint8Array | string): string =>
  `sha384-${createHash('sha384').update(data).digest('base64')}`;

const escapeAttribute = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Pins the scripts of the built `index.html`. Its module script becomes a small inline loader,
 * admitted by its own hash, that adds the entry script (with an `integrity` attribute: the
 * SHA-384 of the bytes the build wrote, read through `readAsset`) once the page is parsed.
 * Added by a trusted script, the entry and every chunk it imports, statically or with
 * `import()`, are trusted by `'strict-dynamic'` (a parser-inserted entry would pass its state on
 * to its imports, and a hash cannot follow them). Module preloads are dropped: a
 * `<link rel="modulepreload">` is not trusted that way. Any `<script>` the markup gains — from
 * another folder, or inline — is refused.
 * @throws when the page has no module script or no policy to pin.
 */
export function pinScripts(html: string, readAsset: (src: string) => Uint8Array): string {
  let loader: string | null = null;
  const pinned = html
    .replace(/[ \t]*<link\b[^>]*\brel="modulepreload"[^>]*>\n?/g, '')
    .replace(/<script\b([^>]*)><\/script>/g, (tag, attrs: string) => {
      const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
      if (!/\btype="module"/.test(attrs) || !src) return tag;
      if (loader) throw new Error('index.html loads more than one module script: pin them by hand.');
      const entry = JSON.stringify(src);
      const integrity = JSON.stringify(sha384(readAsset(src)));
      loader =
        `(()=>{const s=document.createElement('script');s.type='module';s.crossOrigin='';` +
        `s.integrity=${integrity};s.src=${entry};const go=()=>document.head.append(s);` +
        `document.readyState==='loading'?document.addEventListener('DOMContentLoaded',go):go()})()`;
      return `<script>${loader}</script>`;
    });
  if (!loader) throw new Error('index.html loads no module script: nothing to pin.');
  const policy = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/;
  if (!policy.test(pinned)) throw new Error('index.html has no Content-Security-Policy to pin.');
  const hash = sha384(loader);
  return pinned.replace(
    policy,
    (_m, open: string, close: string) => `${open}${escapeAttribute(pinnedPolicy([hash]))}${close}`,
  );
}

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
