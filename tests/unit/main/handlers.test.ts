import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, dispatchInvoke, type HandlerDeps } from '../../../main/ipc/handlers';
import { teamSyncFor } from './secret-box';
import { MAX_IMPORT_BYTES } from '../../../core/importers/limits';

let dir: string;
let openAnswer: { canceled: boolean; filePaths: string[] };
let saveAnswer: { canceled: boolean; filePath?: string };
const deps: HandlerDeps = {
  showOpenDialog: async () => openAnswer,
  showSaveDialog: async () => saveAnswer,
  appInfo: () => ({ name: 'Gloss', version: '1.0.0', platform: 'linux', host: 'electron', versions: {} }),
  backupsDir: join(tmpdir(), 'gloss-handlers-unused-backups'),
  takeOpenedPaths: () => [],
  readyToQuit: () => undefined,
  teamSync: teamSyncFor(),
};
const handlers = createHandlers(deps);
const invoke = (channel: string, arg: unknown, trusted = true) =>
  dispatchInvoke(handlers, channel, arg, trusted);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-handlers-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('dispatchInvoke', () => {
  it('refuses a request from an untrusted frame before looking at it', async () => {
    expect(await invoke('gloss:app-info', undefined, false)).toEqual({
      ok: false,
      error: { code: 'untrusted-sender', message: expect.stringMatching(/Gloss window/) },
    });
  });

  it('refuses an unknown channel, including prototype names', async () => {
    for (const channel of ['gloss:exec', '__proto__', 'constructor', 'toString']) {
      expect(await invoke(channel, undefined)).toMatchObject({
        ok: false,
        error: { code: 'unknown-channel' },
      });
    }
  });

  it('validates arguments and names the offending field', async () => {
    const result = await invoke('gloss:pick-files', { multiple: 'yes' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(!result.ok && result.error.message).toMatch(/at multiple/);
    expect(await invoke('gloss:pick-files', { multiple: true, extra: 1 })).toMatchObject({ ok: false });
    expect(
      await invoke('gloss:save-file', { suggestedName: '../x.gloss', bytes: new Uint8Array() }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await invoke('gloss:save-file', { suggestedName: 'x.gloss', bytes: 'not bytes' })).toMatchObject({
      ok: false,
    });
    expect(await invoke('gloss:app-info', { sneaky: true })).toMatchObject({ ok: false });
  });

  it('answers app info', async () => {
    expect(await invoke('gloss:app-info', undefined)).toMatchObject({
      ok: true,
      value: { name: 'Gloss', host: 'electron' },
    });
  });
});

describe('pick files', () => {
  it('returns names and bytes of the picked files and reads folders recursively', async () => {
    writeFileSync(join(dir, 'a.txt'), 'alpha');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'b.txt'), 'beta');
    writeFileSync(join(dir, '.hidden.txt'), 'skip me');
    openAnswer = { canceled: false, filePaths: [dir] };
    const result = await invoke('gloss:pick-files', { multiple: true, folders: true });
    expect(result.ok).toBe(true);
    const value = (result as { value: { files: { name: string; bytes: Uint8Array }[] } }).value;
    expect(value.files.map((f) => [f.name, Buffer.from(f.bytes).toString()])).toEqual([
      ['a.txt', 'alpha'],
      ['b.txt', 'beta'],
    ]);
  });

  it('reports an oversized file as unread instead of reading it', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x61));
    writeFileSync(join(dir, 'ok.txt'), 'fine');
    openAnswer = { canceled: false, filePaths: [big, join(dir, 'ok.txt')] };
    const result = await invoke('gloss:pick-files', { multiple: true });
    expect(result).toMatchObject({
      ok: true,
      value: {
        files: [{ name: 'ok.txt' }],
        unread: [{ name: 'big.txt', reason: expect.stringMatching(/up to 20 MB/) }],
      },
    });
  });

  it('says canceled when the dialog is dismissed', async () => {
    openAnswer = { canceled: true, filePaths: [] };
    expect(await invoke('gloss:pick-files', { multiple: false })).toEqual({
      ok: true,
      value: { canceled: true, files: [], unread: [] },
    });
  });
});

describe('save file', () => {
  it('writes the bytes atomically and returns only the base name', async () => {
    const target = join(dir, 'out.gloss');
    writeFileSync(target, 'old contents');
    saveAnswer = { canceled: false, filePath: target };
    const result = await invoke('gloss:save-file', {
      suggestedName: 'out.gloss',
      bytes: new TextEncoder().encode('new'),
    });
    expect(result).toEqual({ ok: true, value: { canceled: false, name: 'out.gloss' } });
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.gloss']);
  });

  it('reports an unwritable place as an io error and leaves no temporary file', async () => {
    saveAnswer = { canceled: false, filePath: join(dir, 'missing-folder', 'out.gloss') };
    const result = await invoke('gloss:save-file', {
      suggestedName: 'out.gloss',
      bytes: new Uint8Array([1]),
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'io',
        message: expect.stringMatching(/missing-folder” does not exist: “out.gloss” was not saved/),
      },
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('save in pieces (begin, write, end)', () => {
  const begin = async (target: string) => {
    saveAnswer = { canceled: false, filePath: target };
    const r = await invoke('gloss:begin-save', { suggestedName: 'export.csv' });
    expect(r).toMatchObject({ ok: true, value: { canceled: false, name: 'export.csv' } });
    return (r as { value: { id: string } }).value.id;
  };
  const piece = (text: string) => new TextEncoder().encode(text);

  it('appends the pieces and replaces the target only on commit', async () => {
    const target = join(dir, 'export.csv');
    writeFileSync(target, 'old contents');
    const id = await begin(target);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    for (const text of ['a,b\r\n', '1,2\r\n', '3,4\r\n']) {
      expect(await invoke('gloss:write-save', { id, bytes: piece(text) })).toEqual({ ok: true });
      // Until the commit, the chosen file keeps its old contents.
      expect(readFileSync(target, 'utf8')).toBe('old contents');
    }
    expect(await invoke('gloss:end-save', { id, commit: true })).toEqual({
      ok: true,
      value: { name: 'export.csv', size: 15 },
    });
    expect(readFileSync(target, 'utf8')).toBe('a,b\r\n1,2\r\n3,4\r\n');
    expect(readdirSync(dir)).toEqual(['export.csv']);
    // A finished save takes no more pieces.
    expect(await invoke('gloss:write-save', { id, bytes: piece('late') })).toMatchObject({
      ok: false,
      error: { code: 'io' },
    });
  });

  it('drops everything written when the export is cancelled, leaving the target as it was', async () => {
    const target = join(dir, 'export.csv');
    writeFileSync(target, 'old contents');
    const id = await begin(target);
    await invoke('gloss:write-save', { id, bytes: piece('half of it') });
    expect(await invoke('gloss:end-save', { id, commit: false })).toEqual({ ok: true, value: { size: 10 } });
    expect(readFileSync(target, 'utf8')).toBe('old contents');
    expect(readdirSync(dir)).toEqual(['export.csv']);
  });

  it('says canceled when the dialog is dismissed, and refuses ids it never gave', async () => {
    saveAnswer = { canceled: true };
    expect(await invoke('gloss:begin-save', { suggestedName: 'export.csv' })).toEqual({
      ok: true,
      value: { canceled: true },
    });
    expect(
      await invoke('gloss:write-save', { id: '00000000-0000-4000-8000-000000000000', bytes: piece('x') }),
    ).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringMatching(/no file/) } });
    expect(await invoke('gloss:write-save', { id: '../../etc/passwd', bytes: piece('x') })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await invoke('gloss:begin-save', { suggestedName: '../x.csv' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it('reports an unwritable place as an io error', async () => {
    saveAnswer = { canceled: false, filePath: join(dir, 'missing-folder', 'export.csv') };
    expect(await invoke('gloss:begin-save', { suggestedName: 'export.csv' })).toMatchObject({
      ok: false,
      error: {
        code: 'io',
        message: expect.stringMatching(/folder .* does not exist: “export.csv” was not saved/),
      },
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
