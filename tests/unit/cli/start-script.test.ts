import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadFailure, MIN_NODE, nodeProblem, olderThan } from '../../../scripts/start-checks.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('npm start: the Node.js check', () => {
  it('compares versions part by part', () => {
    expect(olderThan('v22.11.9', '22.12.0')).toBe(true);
    expect(olderThan('v20.19.0', '22.12.0')).toBe(true);
    expect(olderThan('v22.12.0', '22.12.0')).toBe(false);
    expect(olderThan('v24.0.0', '22.12.0')).toBe(false);
    expect(olderThan('v22.9.0', '22.12.0')).toBe(true);
  });

  it('says which Node.js is needed, or nothing when this one will do', () => {
    expect(nodeProblem('v20.19.0')?.[0]).toBe(
      `Gloss: this is Node.js 20.19.0; Gloss needs Node.js ${MIN_NODE} or newer.`,
    );
    expect(nodeProblem('v22.12.0')).toBeNull();
  });

  it('runs before anything else: one clear message, no stack trace', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    expect(run.status).toBe(1);
    const out = `${run.stdout}${run.stderr}`;
    expect(out).not.toMatch(/^\s+at /m);
    if (nodeProblem(process.version)) expect(out).toContain(`needs Node.js ${MIN_NODE}`);
    else expect(out).toContain('the Electron binary is missing');
  });
});

describe('npm start: a failed Electron download', () => {
  it('is said in one line from the installer’s stack trace', () => {
    // The real output of Electron's installer without a network (tests/fixtures/start).
    const stderr = readFileSync(
      join(ROOT, 'tests', 'fixtures', 'start', 'electron-install-offline.txt'),
      'utf8',
    );
    expect(stderr).toMatch(/^\s+at /m);
    expect(downloadFailure(stderr)).toBe('fetch failed');
  });

  it('keeps the cause when the error names one', () => {
    const stderr = [
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:13502:13 {',
      '  [cause]: Error: getaddrinfo ENOTFOUND github.com {',
      '    errno: -3008,',
      '  }',
      '}',
    ].join('\n');
    expect(downloadFailure(stderr)).toBe('fetch failed: getaddrinfo ENOTFOUND github.com');
    expect(downloadFailure('')).toBe('the download did not finish');
  });
});
