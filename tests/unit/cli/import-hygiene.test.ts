import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, runGloss } from './run-cli';

const FOLDER = resolve(import.meta.dirname, '../../fixtures/import-hygiene/folder');
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-hygiene-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gloss import skips what is not an article, with the reason', () => {
  it('imports the saved page and the real folder, skips the companion folder, the script and the image', async () => {
    const r = await runCommand('import', [FOLDER, '--project', join(dir, 'a.gloss'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      imported: number;
      skipped: number;
      failed: number;
      files: { file: string; status: string; error?: string; title?: string }[];
    };
    const byFile = new Map(report.files.map((f) => [f.file.slice(FOLDER.length + 1), f]));
    expect([...byFile.keys()].sort()).toEqual(
      ['Grain.html', 'Grain_files', 'case_files/memo.txt', 'scan', 'tracker.js'].sort(),
    );
    expect(byFile.get('Grain.html')!.status).toBe('imported');
    expect(byFile.get('case_files/memo.txt')!.status).toBe('imported');
    expect(byFile.get('Grain_files')).toMatchObject({
      status: 'skipped',
      error: expect.stringMatching(
        /“Grain_files” holds the scripts, style sheets and images of a saved web page/,
      ),
    });
    expect(byFile.get('tracker.js')).toMatchObject({
      status: 'skipped',
      error: expect.stringMatching(/is a script/),
    });
    expect(byFile.get('scan')).toMatchObject({
      status: 'skipped',
      error: expect.stringMatching(/is an image/),
    });
    expect(report).toMatchObject({ imported: 2, skipped: 3, failed: 0 });
  });

  it('says so in the text report, through the dispatcher, and exits 0', async () => {
    const r = await runGloss(['import', FOLDER, '--project', join(dir, 'b.gloss')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^skipped +.*tracker\.js: “tracker\.js” is a script, not an article; skipped\.$/m,
    );
    expect(r.stdout).toMatch(/2 imported, 0 duplicates, 3 skipped, 0 failed/);
    expect(r.stderr).toBe('');
  });
});
