import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic as cliWrite } from '../../../../cli/atomic-write';
import { AtomicWriteError } from '../../../../core/fs/atomic-write';
import { writeFileAtomic as mainWrite } from '../../../../main/fs/atomic-write';
import { StreamedSaves } from '../../../../main/fs/streamed-save';

const isRoot = process.getuid?.() === 0;
const bytes = (s: string) => new TextEncoder().encode(s);
const mode = (p: string) => statSync(p).mode & 0o7777;

/** A process id that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid ?? 999_999;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-atomic-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

/** The app's streamed export save: begin, the bytes in two pieces, commit. */
const saves = new StreamedSaves();
async function streamedWrite(target: string, data: Uint8Array): Promise<void> {
  const id = await saves.begin(target);
  const half = Math.floor(data.length / 2);
  await saves.write(id, data.subarray(0, half));
  await saves.write(id, data.subarray(half));
  await saves.end(id, true);
}

// The app (main), its streamed export save and the command line (cli) bind the same core
// writer: all three are checked against the same hostile cases.
describe.each([
  ['main', mainWrite],
  ['streamed save', streamedWrite],
  ['cli', cliWrite],
])('writeFileAtomic (%s)', (_name, write) => {
  it('keeps a private file private: 0600 stays 0600, and odd bits such as 0640 are kept', async () => {
    const target = join(dir, 'private.gloss');
    writeFileSync(target, 'old');
    chmodSync(target, 0o600);
    await write(target, bytes('new'));
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(mode(target)).toBe(0o600);
    chmodSync(target, 0o640);
    await write(target, bytes('newer'));
    expect(mode(target)).toBe(0o640);
  });

  it('gives a new file the usual 0666 less the umask', async () => {
    const target = join(dir, 'new.gloss');
    await write(target, bytes('x'));
    const umask = process.umask();
    expect(mode(target)).toBe(0o666 & ~umask);
  });

  it.skipIf(!isRoot)('keeps the owner and group of the file it replaces (needs root to chown)', async () => {
    const target = join(dir, 'theirs.gloss');
    writeFileSync(target, 'old');
    chownSync(target, 4321, 8765);
    await write(target, bytes('new'));
    const s = statSync(target);
    expect([s.uid, s.gid]).toEqual([4321, 8765]);
  });

  it('follows a symbolic link: the real file gets the bytes, the link stays a link', async () => {
    mkdirSync(join(dir, 'real'));
    const real = join(dir, 'real', 'project.gloss');
    writeFileSync(real, 'old');
    chmodSync(real, 0o600);
    const link = join(dir, 'link.gloss');
    symlinkSync(join('real', 'project.gloss'), link);
    await write(link, bytes('new'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join('real', 'project.gloss'));
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(mode(real)).toBe(0o600);
    // No temporary file is left next to the link or the real file.
    expect(readdirSync(dir).sort()).toEqual(['link.gloss', 'real']);
    expect(readdirSync(join(dir, 'real'))).toEqual(['project.gloss']);
  });

  it('creates the file a dangling link points to, and keeps the link', async () => {
    const link = join(dir, 'dangling.gloss');
    symlinkSync('later.gloss', link);
    await write(link, bytes('first'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'later.gloss'), 'utf8')).toBe('first');
  });

  it('refuses a link that loops, with a code', async () => {
    symlinkSync('b.gloss', join(dir, 'a.gloss'));
    symlinkSync('a.gloss', join(dir, 'b.gloss'));
    await expect(write(join(dir, 'a.gloss'), bytes('x'))).rejects.toMatchObject({ code: 'link-loop' });
  });

  it('refuses a read-only (0444) target with a clear message, even as root, and leaves it unchanged', async () => {
    const target = join(dir, 'locked.gloss');
    writeFileSync(target, 'keep me');
    chmodSync(target, 0o444);
    const err = await write(target, bytes('overwritten')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtomicWriteError);
    expect(err).toMatchObject({ code: 'read-only', message: expect.stringMatching(/read-only/) });
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(mode(target)).toBe(0o444);
    expect(readdirSync(dir)).toEqual(['locked.gloss']);
  });

  it('refuses to write into a read-only (0555) folder, even as root', async () => {
    const target = join(dir, 'p.gloss');
    writeFileSync(target, 'keep me');
    chmodSync(dir, 0o555);
    await expect(write(target, bytes('x'))).rejects.toMatchObject({ code: 'read-only-folder' });
    chmodSync(dir, 0o755);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual(['p.gloss']);
  });

  it('refuses a folder as target and a missing folder, with codes', async () => {
    mkdirSync(join(dir, 'folder.gloss'));
    await expect(write(join(dir, 'folder.gloss'), bytes('x'))).rejects.toMatchObject({ code: 'not-a-file' });
    await expect(write(join(dir, 'nowhere', 'p.gloss'), bytes('x'))).rejects.toMatchObject({
      code: 'no-folder',
    });
  });

  it('removes the temporary files an interrupted save left, and only those', async () => {
    const target = join(dir, 'p.gloss');
    writeFileSync(target, 'old');
    const gone = deadPid();
    const leftovers = [
      `.p.gloss.${gone}.0badc0de.tmp`, // its process is gone
      `.p.gloss.${process.pid}.12345678.tmp`, // this process, but no save is running
    ];
    for (const n of leftovers) writeFileSync(join(dir, n), 'x'.repeat(1000));
    // A living process's temporary file younger than a day may be a save in progress: kept.
    const living = `.p.gloss.1.abcdef01.tmp`;
    writeFileSync(join(dir, living), 'x');
    // The same of a day and a half ago is stale whoever holds the pid now.
    const ancient = `.p.gloss.1.abcdef02.tmp`;
    writeFileSync(join(dir, ancient), 'x');
    const old = (Date.now() - 36 * 3600 * 1000) / 1000;
    utimesSync(join(dir, ancient), old, old);
    // Not ours: another file's temporary file, and a file that merely looks similar.
    const others = [`.q.gloss.${gone}.0badc0de.tmp`, '.p.gloss.notes', `.p.gloss.${gone}.tmp`];
    for (const n of others) writeFileSync(join(dir, n), 'x');
    await write(target, bytes('new'));
    expect(readdirSync(dir).sort()).toEqual([...others, living, 'p.gloss'].sort());
  });
});

describe('the streamed save (begin, write, end)', () => {
  it('shows nothing at the target until the commit, and a cancel leaves the folder as it was', async () => {
    const target = join(dir, 'export.csv');
    writeFileSync(target, 'old');
    chmodSync(target, 0o600);
    const id = await saves.begin(target);
    await saves.write(id, bytes('half of '));
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toHaveLength(2); // the target and the writer's temporary file
    expect(await saves.end(id, false)).toEqual({ size: 8 });
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(mode(target)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['export.csv']);
    // A cancelled save takes no more pieces and cannot be committed.
    await expect(saves.write(id, bytes('x'))).rejects.toThrow(/no file is being saved/);
    await expect(saves.end(id, true)).rejects.toThrow(/no file is being saved/);
  });

  it('a new file that is cancelled leaves nothing at all', async () => {
    const id = await saves.begin(join(dir, 'new.csv'));
    await saves.write(id, bytes('a,b'));
    await saves.end(id, false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a read-only target when it begins, before any byte is written', async () => {
    const target = join(dir, 'locked.csv');
    writeFileSync(target, 'keep me');
    chmodSync(target, 0o444);
    await expect(saves.begin(target)).rejects.toMatchObject({ code: 'read-only' });
    expect(readdirSync(dir)).toEqual(['locked.csv']);
  });

  it('abortAll drops every open save (the window that began them is gone)', async () => {
    const a = await saves.begin(join(dir, 'a.csv'));
    const b = await saves.begin(join(dir, 'b.csv'));
    await saves.write(a, bytes('1'));
    await saves.write(b, bytes('2'));
    await saves.abortAll();
    expect(readdirSync(dir)).toEqual([]);
  });
});

/**
 * Full and read-only disks, on a small tmpfs the test mounts. Needs root (mount); elsewhere
 * these are skipped with that reason.
 */
describe('writeFileAtomic on a full or read-only disk', () => {
  let mnt = '';
  let why = isRoot ? '' : 'not running as root: cannot mount a tmpfs';
  beforeEach(() => {
    if (why) return;
    mnt = join(dir, 'disk');
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (err) {
      why = `mount failed: ${(err as Error).message.split('\n')[0]}`;
      mnt = '';
    }
  });
  afterEach(() => {
    if (mnt) execFileSync('umount', [mnt]);
  });

  it('says the disk is full, leaves the old file and no temporary file', async (ctx) => {
    if (!mnt) return ctx.skip(why);
    const target = join(mnt, 'p.gloss');
    writeFileSync(target, 'old');
    const err = await mainWrite(target, new Uint8Array(1024 * 1024).fill(0x61)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'no-space', message: expect.stringMatching(/disk is full/) });
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(mnt)).toEqual(['p.gloss']);
  });

  it('a streamed save that fills the disk says so, and leaves the old file and no temporary file', async (ctx) => {
    if (!mnt) return ctx.skip(why);
    const target = join(mnt, 'export.csv');
    writeFileSync(target, 'old');
    const id = await saves.begin(target);
    const piece = new Uint8Array(64 * 1024).fill(0x61);
    let err: unknown;
    for (let i = 0; i < 8 && !err; i++) err = await saves.write(id, piece).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'no-space', message: expect.stringMatching(/disk is full/) });
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(mnt)).toEqual(['export.csv']);
  });

  it('says the disk is read-only', async (ctx) => {
    if (!mnt) return ctx.skip(why);
    const target = join(mnt, 'p.gloss');
    writeFileSync(target, 'old');
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    await expect(cliWrite(target, bytes('new'))).rejects.toMatchObject({ code: 'read-only-disk' });
    expect(readFileSync(target, 'utf8')).toBe('old');
  });
});
