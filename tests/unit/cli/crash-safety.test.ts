import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../../cli/atomic-write';
import { readProjectFile, writeProjectFile } from '../../../core/project';
import { makeProject } from '../core/project/make-project';
import { ROOT } from './run-cli';

vi.setConfig({ testTimeout: 120_000 });

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Starts the writer on `target` and SIGKILLs it as soon as its temporary file holds some bytes.
 * @returns whether the kill landed before the write finished.
 */
async function killMidWrite(target: string, mib: number): Promise<boolean> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/unit/cli/atomic-writer-child.ts', target, String(mib)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  let killed = false;
  for (;;) {
    if (output.includes('done') || child.exitCode !== null) break;
    const temps = (await readdir(dir)).filter((n) => n.endsWith('.tmp'));
    const sizes = await Promise.all(
      temps.map((n) =>
        stat(join(dir, n)).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    if (sizes.some((s) => s > 0)) {
      killed = child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setImmediate(r));
  }
  await exited;
  return killed && !output.includes('done');
}

describe('crash safety of saving', () => {
  it('leaves the previous project intact when the writing process is killed mid-save', async () => {
    const target = join(dir, 'project.gloss');
    const previous = await writeProjectFile(await makeProject({ articles: 3, annotations: 20 }));
    await writeFile(target, previous);
    let interrupted = 0;
    // The write may finish before the kill lands on a fast disk: try with larger writes.
    for (const mib of [256, 512, 768]) {
      if (await killMidWrite(target, mib)) interrupted++;
      const now = await readFile(target);
      expect(now.equals(Buffer.from(previous))).toBe(true);
      await readProjectFile(now);
      if (interrupted) break;
    }
    expect(interrupted).toBeGreaterThan(0);
    // The only trace is the temporary file, named after the target and never the target itself.
    const left = await readdir(dir);
    expect(
      left
        .filter((n) => n !== 'project.gloss')
        .every((n) => /^\.project\.gloss\.\d+\.[0-9a-f]{8}\.tmp$/.test(n)),
    ).toBe(true);
    // The next save of the same file removes what the killed one left behind.
    const next = await writeProjectFile(await makeProject({ articles: 1, annotations: 2 }));
    await writeFileAtomic(target, next);
    expect(await readdir(dir)).toEqual(['project.gloss']);
    expect((await readFile(target)).equals(Buffer.from(next))).toBe(true);
  });

  it('replaces the file whole when the write completes, and leaves no temporary file', async () => {
    const sub = await mkdtemp(join(dir, 'ok-'));
    const target = join(sub, 'p.gloss');
    await writeFile(target, 'old');
    const next = await writeProjectFile(await makeProject({ articles: 2, annotations: 5 }));
    await writeFileAtomic(target, next);
    expect((await readFile(target)).equals(Buffer.from(next))).toBe(true);
    expect(await readdir(sub)).toEqual(['p.gloss']);
  });

  it('removes its temporary file when the write fails', async () => {
    const sub = await mkdtemp(join(dir, 'fail-'));
    // Renaming a file over a folder fails after the data was written.
    const target = join(sub, 'folder');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(target, 'inner'), { recursive: true }));
    await expect(writeFileAtomic(target, new Uint8Array(10))).rejects.toThrow();
    expect(await readdir(sub)).toEqual(['folder']);
  });
});
