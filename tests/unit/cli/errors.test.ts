import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeProjectFile } from '../../../core/project';
import { makeProject } from '../core/project/make-project';
import { ROOT, runCommand, runGloss, type CliResult } from './run-cli';

// Child processes start tsx: slow on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const PROJECT_FIXTURES = join(ROOT, 'tests/fixtures/project');
const isRoot = process.getuid?.() === 0;

/** One line on stderr, `gloss <command>: … [code]`, and nothing that looks like a stack trace. */
function expectOneLine(r: CliResult, command: string, code: string): void {
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^gloss ${command}: .+ \\[${code}\\]$`));
  expect(r.stderr).not.toMatch(/\n\s+at |\.ts:\d+:\d+/);
}

let dir = '';
let article = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-cli-errors-'));
  article = join(dir, 'article.txt');
  writeFileSync(article, 'Officials said on Tuesday that grain exports rose by twelve percent in May.\n');
});
afterAll(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('a read-only file or folder: one line with a code, nothing changed', () => {
  it('refuses to replace a read-only (0444) project, even as root', async () => {
    const project = join(dir, 'locked.gloss');
    writeFileSync(project, await writeProjectFile(await makeProject({ articles: 1, annotations: 1 })));
    chmodSync(project, 0o444);
    const before = readFileSync(project);
    const r = await runGloss(['import', article, '--project', project]);
    expectOneLine(r, 'import', 'read-only');
    expect(readFileSync(project).equals(before)).toBe(true);
    expect(statSync(project).mode & 0o777).toBe(0o444);
  });

  it('refuses to write into a read-only (0555) folder', async () => {
    const folder = join(dir, 'ro-folder');
    mkdirSync(folder);
    chmodSync(folder, 0o555);
    const r = await runGloss(['import', article, '--project', join(folder, 'new.gloss')]);
    expectOneLine(r, 'import', 'read-only-folder');
    expect(readdirSync(folder)).toEqual([]);
  });
});

/** A small tmpfs the test mounts (root only): full, then read-only. */
describe('a full or read-only disk: one line with a code, nothing changed', () => {
  let mnt = '';
  let why = isRoot ? '' : 'not running as root: cannot mount a tmpfs';
  beforeAll(() => {
    if (why) return;
    mnt = join(dir, 'disk');
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (err) {
      why = `mount failed: ${(err as Error).message.split('\n')[0]}`;
      mnt = '';
    }
  });
  afterAll(() => {
    if (mnt) execFileSync('umount', [mnt]);
  });

  it('says the disk is full and leaves the project as it was', async (ctx) => {
    if (!mnt) return ctx.skip(why);
    const project = join(mnt, 'p.gloss');
    const previous = await writeProjectFile(await makeProject({ articles: 1, annotations: 1 }));
    writeFileSync(project, previous);
    // Fill what is left of the disk.
    const free = Number(execFileSync('df', ['--output=avail', '-B1', mnt]).toString().split('\n')[1]);
    try {
      writeFileSync(join(mnt, 'filler'), new Uint8Array(free));
    } catch {
      // ENOSPC at the very end: the disk is full, which is what we want.
    }
    const r = await runGloss(['import', article, '--project', project]);
    expectOneLine(r, 'import', 'no-space');
    expect(r.stderr).toMatch(/disk is full/);
    expect(readFileSync(project).equals(Buffer.from(previous))).toBe(true);
    expect(readdirSync(mnt).sort()).toEqual(['filler', 'p.gloss']);
    rmSync(join(mnt, 'filler'));
  });

  it('says the disk is read-only and leaves the project as it was', async (ctx) => {
    if (!mnt) return ctx.skip(why);
    const project = join(mnt, 'p.gloss');
    const before = readFileSync(project);
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    try {
      const r = await runGloss(['import', article, '--project', project]);
      expectOneLine(r, 'import', 'read-only-disk');
      const m = await runGloss(['merge', project, project, '--out', project]);
      expectOneLine(m, 'merge', 'read-only-disk');
      expect(readFileSync(project).equals(before)).toBe(true);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mnt]);
    }
  });
});

describe('JSON nested 50,000 levels deep', () => {
  const deep = join(PROJECT_FIXTURES, 'bad', 'deep-nesting.gloss');

  it('is refused by validate and by merge alike, in one line with its code', async () => {
    const v = await runGloss(['validate', deep]);
    expect(v.code).toBe(1);
    expect(v.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(v.stderr).toMatch(/invalid \[too-deep\]: manifest\.json nests arrays or objects more than 100/);
    const out = join(dir, 'never.gloss');
    const m = await runGloss(['merge', join(PROJECT_FIXTURES, 'v1-sample.gloss'), deep, '--out', out]);
    expectOneLine(m, 'merge', 'too-deep');
    const i = await runGloss(['import', article, '--project', deep]);
    expectOneLine(i, 'import', 'too-deep');
    expect(readdirSync(dir)).not.toContain('never.gloss');
  });
});

describe('validate and merge accept exactly the same files', () => {
  /** A valid project with a field nested `depth` levels deep in its manifest (kept as unknown data). */
  async function nested(depth: number): Promise<Uint8Array> {
    const files = unzipSync(await writeProjectFile(await makeProject({ articles: 1, annotations: 2 })));
    const manifest = new TextDecoder().decode(files['manifest.json']);
    const value = `${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}`;
    files['manifest.json'] = strToU8(manifest.replace(/}$/, `,"extra":${value}}`));
    return zipSync(files);
  }

  it('on every project fixture, good or bad, and at the nesting limit and one past it', async () => {
    const mine = join(PROJECT_FIXTURES, 'v1-sample.gloss');
    const files = [
      mine,
      ...(await readdir(join(PROJECT_FIXTURES, 'bad'))).sort().map((n) => join(PROJECT_FIXTURES, 'bad', n)),
    ];
    for (const depth of [100, 101]) {
      const path = join(dir, `nested-${depth}.gloss`);
      writeFileSync(path, await nested(depth));
      files.push(path);
    }
    const verdicts: Record<string, [number, number]> = {};
    for (const file of files) {
      const v = await runCommand('validate', [file]);
      const out = join(dir, 'merged.gloss');
      rmSync(out, { force: true });
      const m = await runCommand('merge', [mine, file, '--out', out]);
      verdicts[file.startsWith(dir) ? `<tmp>${file.slice(dir.length)}` : file.slice(ROOT.length + 1)] = [
        v.code,
        m.code,
      ];
      if (m.code === 0) {
        // What merge accepted it can also save, and the saved file is valid.
        expect((await runCommand('validate', [out])).code).toBe(0);
      } else {
        expect(m.stderr.trimEnd().split('\n'), m.stderr).toHaveLength(1);
        expect(m.stderr).toMatch(/\[[a-z-]+\]\n$/);
      }
    }
    for (const [file, [v, m]] of Object.entries(verdicts)) expect([file, m]).toEqual([file, v]);
    // The comparison means something: both outcomes occur.
    const codes = Object.values(verdicts).map(([v]) => v);
    expect(codes).toContain(0);
    expect(codes).toContain(1);
    expect(verdicts['<tmp>/nested-100.gloss']).toEqual([0, 0]);
    expect(verdicts['<tmp>/nested-101.gloss']).toEqual([1, 1]);
  });
});

describe('a folder with a symbolic-link loop and a folder named like a project', () => {
  it('is imported as the app imports it: the loop and the *.gloss folder reported, never a raw ELOOP', async () => {
    const folder = join(dir, 'looping');
    mkdirSync(join(folder, 'inside.gloss'), { recursive: true });
    writeFileSync(
      join(folder, 'inside.gloss', 'b.txt'),
      'Never read: it is inside a folder named like a project.\n',
    );
    writeFileSync(join(folder, 'a.txt'), 'Officials said the corridor would stay open through the winter.\n');
    symlinkSync('loop-b', join(folder, 'loop-a'));
    symlinkSync('loop-a', join(folder, 'loop-b'));
    const r = await runCommand('import', [folder, '--project', join(dir, 'loop.gloss')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^imported {3}.*a\.txt/m);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^failed {5}.*inside\.gloss: Skipped “inside\.gloss”: it is a folder named like a project file/,
      ),
      expect.stringMatching(/^failed {5}.*loop-a: Skipped “loop-a”: it is a symbolic link that loops\.$/),
      expect.stringMatching(/^failed {5}.*loop-b: Skipped “loop-b”: it is a symbolic link that loops\.$/),
    ]);
  });
});

describe('a project path that is not a regular file', () => {
  it('is refused at once, never waited on or read without end (a named pipe, a device)', async () => {
    const pipe = join(dir, 'pipe.gloss');
    execFileSync('mkfifo', [pipe]);
    for (const file of [pipe, '/dev/zero']) {
      const v = await runCommand('validate', [file]);
      expectOneLine(v, 'validate', 'not-a-file');
      const json = await runCommand('validate', [file, '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, file, code: 'not-a-file' });
      const m = await runCommand('merge', [join(PROJECT_FIXTURES, 'v1-sample.gloss'), file, '--dry-run']);
      expectOneLine(m, 'merge', 'not-a-file');
    }
    const out = await runCommand('merge', [
      join(PROJECT_FIXTURES, 'v1-sample.gloss'),
      join(PROJECT_FIXTURES, 'v1-sample.gloss'),
      '--out',
      '/dev/full',
    ]);
    expectOneLine(out, 'merge', 'not-a-file');
  });
});

describe('any other failure', () => {
  it('is one line with a code, never a stack trace', async () => {
    const notAFolder = join(dir, 'article.txt', 'p.gloss'); // a file used as a folder
    const r = await runGloss(['import', article, '--project', notAFolder]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^gloss import: .+ \[[a-z-]+\]\n$/);
    const usage = await runGloss(['merge', 'only-one.gloss']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(
      /^gloss merge: give two project files\. \[usage\] \(usage: gloss merge .+\)\n$/,
    );
  });
});
