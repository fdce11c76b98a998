import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PROJECT_FILE_BYTES, readProjectFile, writeProjectFile } from '../../../core/project';
import { MAX_IMPORT_BYTES } from '../../../core/importers/limits';
import { zlibCodec } from '../../../cli/zlib-codec';
import { MAX_PICKED_BYTES, MAX_PICKED_FILES, readPicked } from '../../../main/fs/read-picked';
import { createHandlers, dispatchInvoke, type HandlerDeps } from '../../../main/ipc/handlers';
import { teamSyncFor } from './secret-box';
import { makeProject } from '../core/project/make-project';

// A 200 MB project is written, read and checked (CRC-32 and hashes): slow on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });

let dir: string;
let openAnswer: { canceled: boolean; filePaths: string[] };
let opened: string[] = [];
const deps: HandlerDeps = {
  showOpenDialog: async () => openAnswer,
  showSaveDialog: async () => ({ canceled: true }),
  appInfo: () => ({ name: 'Gloss', version: '1.0.0', platform: 'linux', host: 'electron', versions: {} }),
  backupsDir: join(tmpdir(), 'gloss-read-picked-unused-backups'),
  takeOpenedPaths: () => opened.splice(0),
  readyToQuit: () => undefined,
  teamSync: teamSyncFor(),
};
const handlers = createHandlers(deps);

interface Picked {
  canceled: boolean;
  files: { name: string; bytes: Uint8Array }[];
  unread: { name: string; reason: string }[];
}
async function pick(args: Record<string, unknown>, paths: string[]): Promise<Picked> {
  openAnswer = { canceled: false, filePaths: paths };
  const result = await dispatchInvoke(handlers, 'gloss:pick-files', args, true);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as Picked;
}

/** A file of `size` bytes that takes no disk space (a sparse file of zeros). */
function sparse(path: string, size: number): void {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-read-picked-'));
  opened = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('opening a project file: its own bounds, not the article limit', () => {
  it('opens a valid 200 MB project (picked in the dialog, or handed over by the system)', async () => {
    const doc = await makeProject({ articles: 3, annotations: 10 });
    // Kept originals that deflate cannot shrink: a team's project with its PDFs.
    const original = new Uint8Array(randomBytes(200 * 1024 * 1024));
    doc.articles[0]!.original = original;
    const bytes = await writeProjectFile(doc, { codec: zlibCodec });
    expect(bytes.byteLength).toBeGreaterThan(200 * 1024 * 1024);
    const path = join(dir, 'team.gloss');
    writeFileSync(path, bytes);

    const picked = await pick({ multiple: false, purpose: 'project' }, [path]);
    expect(picked.unread).toEqual([]);
    expect(picked.files.map((f) => [f.name, f.bytes.byteLength])).toEqual([['team.gloss', bytes.byteLength]]);
    // The renderer reads it with its own codec (fflate), as the app does.
    const read = await readProjectFile(picked.files[0]!.bytes);
    expect(read.articles).toHaveLength(3);
    expect(Buffer.from(read.articles[0]!.original!).equals(Buffer.from(original))).toBe(true);

    opened = [path];
    const handed = await dispatchInvoke(handlers, 'gloss:take-opened-files', undefined, true);
    expect(handed).toMatchObject({ ok: true, value: { unread: [], files: [{ name: 'team.gloss' }] } });
  });

  it('still applies the 20 MB limit to articles', async () => {
    const path = join(dir, 'big.txt');
    sparse(path, MAX_IMPORT_BYTES + 1);
    const picked = await pick({ multiple: true }, [path]);
    expect(picked.files).toEqual([]);
    expect(picked.unread[0]?.reason).toMatch(/imports files up to 20 MB/);
  });

  it('refuses a folder named like a project (from the dialog or the system) without reading into it', async () => {
    const bundle = join(dir, 'evil.gloss');
    mkdirSync(join(bundle, 'deep'), { recursive: true });
    writeFileSync(join(bundle, 'deep', 'secret.txt'), 'must not be read');
    const picked = await pick({ multiple: false, purpose: 'project' }, [bundle]);
    expect(picked.files).toEqual([]);
    expect(picked.unread).toEqual([{ name: 'evil.gloss', reason: expect.stringMatching(/is a folder/) }]);

    opened = [bundle];
    const handed = await dispatchInvoke(handlers, 'gloss:take-opened-files', undefined, true);
    expect(handed).toMatchObject({ ok: true, value: { files: [], unread: [{ name: 'evil.gloss' }] } });
  });
});

describe('project files handed over by the system', () => {
  it('are read within one total bound, however many arrive at once', async () => {
    const size = Math.ceil(MAX_PROJECT_FILE_BYTES * 0.6);
    sparse(join(dir, 'a.gloss'), size);
    sparse(join(dir, 'b.gloss'), size);
    opened = [join(dir, 'a.gloss'), join(dir, 'b.gloss')];
    const handed = await dispatchInvoke(handlers, 'gloss:take-opened-files', undefined, true);
    if (!handed.ok) throw new Error(handed.error.message);
    const value = handed.value as Picked;
    expect(value.files.map((f) => [f.name, f.bytes.byteLength])).toEqual([['a.gloss', size]]);
    expect(value.unread).toEqual([
      { name: 'b.gloss', reason: expect.stringMatching(/opened together pass .*Open it on its own/) },
    ]);
  });
});

describe('bounded reads of a picked folder', () => {
  it('reads at most 5,000 files and says the rest were not read', async () => {
    for (let i = 0; i <= MAX_PICKED_FILES; i++)
      writeFileSync(join(dir, `${String(i).padStart(5, '0')}.txt`), 'x');
    const picked = await pick({ multiple: true, folders: true }, [dir]);
    expect(picked.files).toHaveLength(MAX_PICKED_FILES);
    expect(picked.unread).toEqual([
      {
        name: '05000.txt',
        reason: expect.stringMatching(/at most 5,000 files at a time: “05000\.txt” and the files after it/),
      },
    ]);
  });

  it('stops at a total number of bytes per pick and says why', async () => {
    const n = Math.ceil(MAX_PICKED_BYTES / (19 * 1024 * 1024)) + 2;
    for (let i = 0; i < n; i++) sparse(join(dir, `f${String(i).padStart(2, '0')}.txt`), 19 * 1024 * 1024);
    const picked = await pick({ multiple: true, folders: true }, [dir]);
    const total = picked.files.reduce((s, f) => s + f.bytes.byteLength, 0);
    expect(total).toBeLessThanOrEqual(MAX_PICKED_BYTES);
    expect(picked.files.length).toBeGreaterThan(0);
    expect(picked.files.length + picked.unread.length).toBe(n);
    expect(picked.unread[0]?.reason).toMatch(/picked together pass 256 MB/);
  });

  it('does not walk into a folder named *.gloss inside a picked folder', async () => {
    writeFileSync(join(dir, 'a.txt'), 'alpha');
    mkdirSync(join(dir, 'inside.gloss'));
    writeFileSync(join(dir, 'inside.gloss', 'b.txt'), 'beta');
    const picked = await pick({ multiple: true, folders: true }, [dir]);
    expect(picked.files.map((f) => f.name)).toEqual(['a.txt']);
    expect(picked.unread).toEqual([
      { name: 'inside.gloss', reason: expect.stringMatching(/named like a project file/) },
    ]);
  });

  it('skips symbolic-link loops with a note and reads the rest', async () => {
    writeFileSync(join(dir, 'a.txt'), 'alpha');
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'b.txt'), 'beta');
    symlinkSync('..', join(dir, 'sub', 'up')); // a folder link back to an ancestor
    const picked = await pick({ multiple: true, folders: true }, [dir]);
    expect(picked.files.map((f) => [f.name, Buffer.from(f.bytes).toString()])).toEqual([
      ['a.txt', 'alpha'],
      ['b.txt', 'beta'],
    ]);
    expect(picked.unread).toEqual([
      { name: 'loop-a', reason: expect.stringMatching(/symbolic link that loops/) },
      { name: 'loop-b', reason: expect.stringMatching(/symbolic link that loops/) },
      { name: 'up', reason: expect.stringMatching(/already read/) },
    ]);
  });

  it('skips a named pipe instead of hanging on it', async () => {
    writeFileSync(join(dir, 'a.txt'), 'alpha');
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    const picked = await readPicked([dir]);
    expect(picked.files.map((f) => f.name)).toEqual(['a.txt']);
    expect(picked.unread).toEqual([
      { name: 'pipe.txt', reason: expect.stringMatching(/not a regular file/) },
    ]);
  });
});
