import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../../core/hash';
import { readProjectFile } from '../../../core/project';
import { CORPUS, ROOT, runCommand, runGloss } from './run-cli';

// Imports run jsdom and Readability, and child processes start tsx: slow on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LIST_FIELDS = [
  'id',
  'title',
  'source',
  'byline',
  'publishedAt',
  'url',
  'language',
  'contentHash',
  'chars',
  'removedChars',
];

describe('gloss import and gloss list', () => {
  it('creates a project from files and a folder, then lists its articles as JSON', async () => {
    const folder = join(dir, 'in');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await copyFile(join(CORPUS, 'text/putin-historical-lands.txt'), join(folder, 'a.txt'));
    await copyFile(join(CORPUS, 'text/putin-press-on-reuters.txt'), join(folder, 'sub/b.txt'));
    await writeFile(join(folder, '.hidden.txt'), 'hidden files are skipped');
    const project = join(dir, 'brief.gloss');
    const imported = await runGloss([
      'import',
      join(CORPUS, 'text/isw-2025-06-25.txt'),
      join(CORPUS, 'html/bbc-1/source.html'),
      folder,
      '--project',
      project,
      '--analyst',
      'Ana Analyst',
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /4 imported, 0 duplicates, 0 skipped, 0 failed; .*brief\.gloss now holds 4 articles\./,
    );

    const doc = await readProjectFile(await readFile(project));
    expect(doc.envelope).toMatchObject({
      name: 'brief',
      analyst: { id: 'ana-analyst', name: 'Ana Analyst' },
    });
    expect(doc.articles.map((a) => a.fileName)).toEqual([
      'isw-2025-06-25.txt',
      'source.html',
      'a.txt',
      'b.txt',
    ]);
    expect(doc.articles[1]!.format).toBe('html');

    const listed = await runCommand('list', [project, '--json']);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    for (const [i, row] of rows.entries()) {
      const a = doc.articles[i]!;
      expect(Object.keys(row)).toEqual(LIST_FIELDS);
      expect(row).toEqual({
        id: a.id,
        title: a.title,
        source: a.source,
        byline: a.byline,
        publishedAt: a.publishedAt,
        url: a.url,
        language: a.language,
        contentHash: await sha256Hex(a.text),
        chars: a.text.length,
        removedChars: a.removed.reduce((n, r) => n + r.text.length, 0),
      });
    }
    expect(rows[0]!['chars']).toBeGreaterThan(10_000);
  });

  it('extends a project, reports duplicates and does not rewrite an unchanged file', async () => {
    const project = join(dir, 'p.gloss');
    const isw = join(CORPUS, 'text/isw-2025-06-25.txt');
    expect((await runCommand('import', [isw, '--project', project])).code).toBe(0);
    const before = await readFile(project);
    const again = await runCommand('import', [isw, '--project', project, '--json']);
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout) as {
      written: boolean;
      duplicates: number;
      files: { status: string }[];
    };
    expect(result).toMatchObject({ written: false, duplicates: 1 });
    expect((await readFile(project)).equals(before)).toBe(true);

    const more = await runCommand('import', [
      join(CORPUS, 'text/putin-historical-lands.txt'),
      '--project',
      project,
    ]);
    expect(more.stdout).toMatch(/now holds 2 articles\./);
    expect((await readProjectFile(await readFile(project))).articles).toHaveLength(2);
  });

  it('imports the good files, reports the bad ones and exits 1', async () => {
    const project = join(dir, 'p.gloss');
    const result = await runCommand('import', [
      join(ROOT, 'tests/fixtures/import/binary.dat'),
      join(ROOT, 'tests/fixtures/import/empty.txt'),
      join(ROOT, 'tests/fixtures/import/masthead.txt'),
      join(dir, 'missing.txt'),
      '--project',
      project,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed {5}.*binary\.dat/);
    expect(result.stderr).toMatch(/failed {5}.*empty\.txt/);
    expect(result.stderr).toMatch(/missing\.txt: no such file or folder/);
    expect(result.stdout).toMatch(/1 imported, 0 duplicates, 0 skipped, 3 failed/);
    expect((await readProjectFile(await readFile(project))).articles).toHaveLength(1);
  });

  it('creates no file when nothing could be imported, and keeps the originals when asked', async () => {
    const project = join(dir, 'p.gloss');
    const nothing = await runCommand('import', [
      join(ROOT, 'tests/fixtures/import/empty.txt'),
      '--project',
      project,
    ]);
    expect(nothing.code).toBe(1);
    expect(await readdir(dir)).toEqual([]);

    const file = join(ROOT, 'tests/fixtures/import/windows-1252.txt');
    expect((await runCommand('import', [file, '--project', project, '--keep-originals'])).code).toBe(0);
    const doc = await readProjectFile(await readFile(project));
    expect(Buffer.from(doc.articles[0]!.original!).equals(await readFile(file))).toBe(true);
  });

  it('walks a folder that holds the project and a looping link without importing either twice', async () => {
    const folder = join(dir, 'work');
    await mkdir(folder);
    await copyFile(join(CORPUS, 'text/putin-historical-lands.txt'), join(folder, 'a.txt'));
    await symlink(folder, join(folder, 'loop'));
    const project = join(folder, 'p.gloss');
    expect((await runCommand('import', [folder, '--project', project])).code).toBe(0);
    const again = await runCommand('import', [folder, '--project', project, '--json']);
    expect(again.code).toBe(0);
    const files = (JSON.parse(again.stdout) as { files: { file: string; status: string }[] }).files;
    expect(files.map((f) => [f.file.slice(folder.length), f.status])).toEqual([['/a.txt', 'duplicate']]);
  });

  it('explains usage mistakes with exit code 2', async () => {
    expect((await runCommand('import', ['x.txt'])).code).toBe(2);
    expect((await runCommand('import', ['--project', join(dir, 'p.gloss')])).code).toBe(2);
    expect((await runCommand('list', [])).code).toBe(2);
    const unknown = await runCommand('list', ['a.gloss', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/usage: gloss list/);
  });
});
