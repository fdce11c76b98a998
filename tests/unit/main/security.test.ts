import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { isTrustedSender, isTrustedSenderUrl } from '../../../main/ipc/sender';
import {
  CONTENT_SECURITY_POLICY,
  isRendererFile,
  isSafeExternalUrl,
  pinScripts,
  pinnedPolicy,
  sha384,
} from '../../../main/security';

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://understandingwar.org/backgrounder', true],
    ['http://example.com', true],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['smb://server/share', false],
    ['https://user:pass@example.com', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, safe) => {
    expect(isSafeExternalUrl(url)).toBe(safe);
  });
});

describe('isTrustedSenderUrl', () => {
  const packaged = 'file:///opt/Gloss/resources/app/out/renderer/index.html';
  it('trusts only the packaged renderer page', () => {
    expect(isTrustedSenderUrl(packaged, packaged)).toBe(true);
    expect(isTrustedSenderUrl(`${packaged}#/library`, packaged)).toBe(true);
    expect(isTrustedSenderUrl('file:///tmp/evil.html', packaged)).toBe(false);
    expect(isTrustedSenderUrl('https://evil.example/', packaged)).toBe(false);
    expect(isTrustedSenderUrl(undefined, packaged)).toBe(false);
  });
  it('trusts the dev server origin only', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/src/x', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const page = 'file:///opt/Gloss/resources/app/out/renderer/index.html';
  it('trusts the top frame of the app page only, never a sub-frame, even one showing the app page', () => {
    expect(isTrustedSender({ url: page, parent: null }, page)).toBe(true);
    const top = { url: page, parent: null };
    expect(isTrustedSender({ url: page, parent: top }, page)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', parent: null }, page)).toBe(false);
    // A frame whose parent is unknown (undefined) is not known to be the top frame.
    expect(isTrustedSender({ url: page, parent: undefined }, page)).toBe(false);
    expect(isTrustedSender(null, page)).toBe(false);
    expect(isTrustedSender(undefined, page)).toBe(false);
  });
});

describe('isRendererFile', () => {
  const dir = '/opt/Gloss/resources/app/out/renderer';
  const url = (p: string) => pathToFileURL(p).href;
  it('serves the renderer folder and nothing else on the disk', () => {
    expect(isRendererFile(url(`${dir}/index.html`), dir)).toBe(true);
    expect(isRendererFile(url(`${dir}/assets/index-abc.js`), dir)).toBe(true);
    expect(isRendererFile(`${url(`${dir}/index.html`)}#/library`, dir)).toBe(true);
    expect(isRendererFile('file:///tmp/evil.js', dir)).toBe(false);
    expect(isRendererFile('file:///home/analyst/Downloads/article_files/script.js', dir)).toBe(false);
    expect(isRendererFile(url('/opt/Gloss/resources/app/out/main/index.js'), dir)).toBe(false);
    // A sibling whose name merely starts like the folder's.
    expect(isRendererFile(url(`${dir}-evil/x.js`), dir)).toBe(false);
    // Climbing out, plain or percent-encoded, and the folder itself.
    expect(isRendererFile(`file://${dir}/../main/index.js`, dir)).toBe(false);
    expect(isRendererFile(`file://${dir}/%2e%2e/main/index.js`, dir)).toBe(false);
    expect(isRendererFile(url(dir), dir)).toBe(false);
    // Another host (a network share) or another scheme.
    expect(isRendererFile(`file://server${dir}/index.html`, dir)).toBe(false);
    expect(isRendererFile('https://example.com/index.html', dir)).toBe(false);
    expect(isRendererFile('not a url', dir)).toBe(false);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows no inline or remote script, no frames, no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-src 'none'");
  });
});

describe('pinScripts (the built page’s scripts pinned by hash)', () => {
  const built = `<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}">
<script type="module" crossorigin src="./assets/index-abc.js"></script>
<link rel="modulepreload" crossorigin href="./assets/runtime-def.js">
<link rel="stylesheet" crossorigin href="./assets/index.css">
</head><body></body></html>`;
  const assets: Record<string, string> = { './assets/index-abc.js': 'console.log("app")' };
  const read = (src: string) => new TextEncoder().encode(assets[src]);

  it('loads the entry from an inline loader pinned by its hash, with the entry’s own integrity', () => {
    const out = pinScripts(built, read);
    const loader = /<script>([^<]*)<\/script>/.exec(out)![1]!;
    expect(loader).toContain(`s.integrity="${sha384('console.log("app")')}"`);
    expect(loader).toContain('s.src="./assets/index-abc.js"');
    expect(out).not.toContain('<script type="module"');
    // Preload links are dropped ('strict-dynamic' would not trust them); style sheets stay.
    expect(out).not.toContain('modulepreload');
    expect(out).toContain('<link rel="stylesheet" crossorigin href="./assets/index.css">');
    const policy = /content="([^"]*)"/.exec(out)![1]!.replace(/&#39;/g, "'");
    expect(policy).toBe(pinnedPolicy([sha384(loader)]));
    expect(policy).toMatch(/script-src 'strict-dynamic' 'sha384-[A-Za-z0-9+/]{64}';/);
    // Nothing else of the policy changes, and 'self' no longer admits scripts.
    expect(policy.replace(/script-src [^;]*;/, '')).toBe(
      CONTENT_SECURITY_POLICY.replace(/script-src [^;]*;/, ''),
    );
    expect(/script-src [^;]*/.exec(policy)![0]).not.toContain("'self'");
  });

  it('pins the bytes: another build of the entry gets another integrity', () => {
    const a = pinScripts(built, read);
    assets['./assets/index-abc.js'] = 'console.log("changed")';
    expect(pinScripts(built, read)).not.toBe(a);
  });

  it('refuses a page with no module script or no policy, rather than ship an unpinned one', () => {
    expect(() => pinScripts('<html><head></head></html>', read)).toThrow(/no module script/);
    expect(() => pinScripts('<script type="module" src="./assets/index-abc.js"></script>', read)).toThrow(
      /no Content-Security-Policy/,
    );
  });
});
