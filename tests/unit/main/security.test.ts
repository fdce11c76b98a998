import { describe, expect, it } from 'vitest';
import { isTrustedSenderUrl } from '../../../main/ipc/sender';
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from '../../../main/security';

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

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows no inline or remote script, no frames, no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-src 'none'");
  });
});
