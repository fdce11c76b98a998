import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import afterPack, { packedBinary, type AfterPackContext } from '../../../build/fuses.mjs';

/** The marker Electron puts before its fuse wire (@electron/fuses' `SENTINEL`, not exported). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-fuses-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in for a packed Electron binary: bytes around the fuse wire exactly as Electron lays
 * it out (sentinel, version 1, wire length, one byte per fuse), every fuse at its default.
 */
function fakeElectron(path: string, fuses: number): void {
  const wire = Buffer.from([1, fuses, ...Array.from({ length: fuses }, () => FuseState.ENABLE)]);
  writeFileSync(path, Buffer.concat([randomBytes(4096), Buffer.from(SENTINEL), wire, randomBytes(4096)]));
}

const linux = (appOutDir: string): AfterPackContext => ({
  appOutDir,
  electronPlatformName: 'linux',
  arch: 1,
  packager: { appInfo: { productFilename: 'Gloss' }, executableName: 'gloss' },
});

describe('the afterPack hook of build/electron-builder.yml', () => {
  it('is the hook the packaging config names', () => {
    expect(readFileSync(join(import.meta.dirname, '../../../build/electron-builder.yml'), 'utf8')).toMatch(
      /^afterPack: build\/fuses\.mjs$/m,
    );
  });

  it('finds the packed binary on each platform', () => {
    const ctx = linux('/out');
    expect(packedBinary(ctx)).toBe(join('/out', 'gloss'));
    expect(packedBinary({ ...ctx, electronPlatformName: 'win32' })).toBe(join('/out', 'Gloss.exe'));
    expect(packedBinary({ ...ctx, electronPlatformName: 'darwin' })).toBe(join('/out', 'Gloss.app'));
  });

  it('turns RunAsNode, NODE_OPTIONS and --inspect off and cookie encryption and asar-only loading on', async () => {
    const binary = join(dir, 'gloss');
    fakeElectron(binary, 9);
    await afterPack(linux(dir));
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
  });

  it('fails the packaging when Electron has a fuse Gloss has not decided on', async () => {
    const binary = join(dir, 'gloss');
    fakeElectron(binary, 10);
    const before = readFileSync(binary);
    await expect(afterPack(linux(dir))).rejects.toThrow(/strictlyRequireAllFuses/);
    expect(readFileSync(binary).equals(before)).toBe(true);
  });
});
