import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readProjectFile } from '../../../core/project';
import { CORPUS, runGloss } from './run-cli';

vi.setConfig({ testTimeout: 60_000 });

let dir = '';
let project = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-suggest-'));
  project = join(dir, 'p.gloss');
  const imported = await runGloss([
    'import',
    join(CORPUS, 'text/putin-historical-lands.txt'),
    join(CORPUS, 'text/putin-press-on-reuters.txt'),
    '--project',
    project,
    '--analyst',
    'Ana',
  ]);
  expect(imported.code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gloss suggest', () => {
  it('prints the suggestions of one article as JSON, with UTF-16 offsets into its text', async () => {
    const doc = await readProjectFile(await readFile(project));
    const lands = doc.articles.find((a) => a.text.startsWith('Russian President Vladimir Putin'))!;
    const out = await runGloss(['suggest', project, '--article', lands.id, '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const rows = JSON.parse(out.stdout) as {
      articleId: string;
      type: string;
      start: number;
      end: number;
      quote: string;
      fields: Record<string, unknown>;
    }[];
    expect(rows.every((r) => r.articleId === lands.id)).toBe(true);
    for (const r of rows) expect(lands.text.slice(r.start, r.end)).toBe(r.quote);
    expect(rows).toContainEqual(
      expect.objectContaining({
        type: 'figure',
        quote: '$800 million',
        fields: { value: 800_000_000, unit: 'USD' },
      }),
    );
    const putin = rows.find((r) => r.type === 'quotation' && r.quote.startsWith('“If the opposing side'));
    expect(putin?.fields).toEqual({ speaker: 'Vladimir Putin' });
  });

  it('covers every article without --article, and refuses an unknown id', async () => {
    const all = JSON.parse((await runGloss(['suggest', project, '--json'])).stdout) as {
      articleId: string;
    }[];
    expect(new Set(all.map((r) => r.articleId)).size).toBe(2);
    const bad = await runGloss(['suggest', project, '--article', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no article with id “nope”/u);
  });
});
