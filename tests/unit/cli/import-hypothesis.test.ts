import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteSelector } from '../../../core/model';
import { readProjectFile } from '../../../core/project';
import { CORPUS, runCommand, runGloss } from './run-cli';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/hypothesis/export.json');
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-hyp-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gloss import <hypothesis.json>', () => {
  it('matches the annotations onto the articles imported with it and lists what did not match', async () => {
    const project = join(dir, 'h.gloss');
    const r = await runGloss([
      'import',
      join(CORPUS, 'text/isw-2025-06-25.txt'),
      join(CORPUS, 'text/putin-historical-lands.txt'),
      join(CORPUS, 'html/bbc-1/source.html'),
      FIXTURE,
      '--project',
      project,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hypothesis export: 3 matched, 3 added, 3 not matched');
    expect(r.stdout).toMatch(/matched +by url +“his failure to pass/);
    expect(r.stdout).toMatch(/matched +by title +“US President Donald Trump/);
    expect(r.stdout).toMatch(/matched +by quote +“Oreshnik ballistic missile”/);
    expect(r.stdout).toMatch(
      /unmatched “a sentence that no article of the library holds” .*: no article with its address, its title or its quote/,
    );
    const doc = await readProjectFile(new Uint8Array(await readFile(project)));
    expect(doc.annotations.map((a) => quoteSelector(a).exact.slice(0, 20)).sort()).toEqual(
      ['Oreshnik ballistic m', 'US President Donald ', 'his failure to pass '].sort(),
    );
    // Importing the same export again adds nothing: each Hypothesis id gives the same UUID.
    const again = await runCommand('import', [FIXTURE, '--project', project, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ written: false, files: [{ annotations: 0 }] });
  }, 60_000);

  it('exports the same shape with --format hypothesis, which reads back onto the same articles', async () => {
    const project = join(dir, 'h.gloss');
    const out = join(dir, 'back.json');
    expect((await runCommand('export', [project, '--format', 'hypothesis', '--out', out])).code).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8')) as {
      annotations: { tags: string[]; user: string }[];
    };
    expect(doc.annotations).toHaveLength(3);
    expect(doc.annotations.every((a) => a.tags[0] === 'gloss:claim')).toBe(true);
    const again = await runCommand('import', [out, '--project', project, '--json']);
    const report = JSON.parse(again.stdout) as { files: { matched: unknown[]; annotations: number }[] };
    expect(report.files[0]!.matched).toHaveLength(3);
    expect(report.files[0]!.annotations).toBe(0);
  });
});
