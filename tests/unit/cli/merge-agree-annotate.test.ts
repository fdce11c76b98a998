import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deepEqual } from '../../../core/merge';
import { quoteSelector } from '../../../core/model';
import { emptyProject, readProjectFile, writeProjectFile, type ProjectDocument } from '../../../core/project';
import { ALICE, BOB, makeAnnotation, makeArticle } from '../core/project/make-project';
import { runCommand, runGloss } from './run-cli';

vi.setConfig({ testTimeout: 60_000 });

const TEXT =
  'The ministry said exports rose by 12 percent in May. Officials denied a fuel shortage. Analysts expect the corridor to stay open. Officials denied a fuel shortage again.';

let dir = '';
let alicePath = '';
let bobPath = '';

const at = (q: string, from = 0): [number, number] => {
  const start = TEXT.indexOf(q, from);
  return [start, start + q.length];
};
const FIGURE = at('exports rose by 12 percent');
const DENIED = at('Officials denied a fuel shortage.');
const FORECAST = at('Analysts expect the corridor to stay open.');

const read = async (path: string): Promise<ProjectDocument> => readProjectFile(await readFile(path));
const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-merge-'));
  const article = await makeArticle('art', TEXT);
  const alice = emptyProject('Alice', ALICE, '2025-07-02T09:00:00.000Z');
  alice.articles.push(article);
  alice.annotations.push(
    makeAnnotation(ID(1), article, ...FIGURE, ALICE, { kind: 'figure', credibility: 2 }),
    makeAnnotation(ID(2), article, ...DENIED, ALICE, { kind: 'claim', credibility: 3 }),
  );
  const bob = emptyProject('Bob', BOB, '2025-07-03T09:00:00.000Z');
  bob.articles.push({ ...article, id: 'bob-art' });
  bob.annotations.push(
    makeAnnotation(ID(11), bob.articles[0]!, ...FIGURE, BOB, { kind: 'figure', credibility: 2 }),
    makeAnnotation(ID(12), bob.articles[0]!, ...DENIED, BOB, { kind: 'assessment', credibility: 4 }),
    makeAnnotation(ID(13), bob.articles[0]!, ...FORECAST, BOB, { kind: 'assessment', stance: 'opinion' }),
  );
  alicePath = join(dir, 'alice.gloss');
  bobPath = join(dir, 'bob.gloss');
  await writeFile(alicePath, await writeProjectFile(alice));
  await writeFile(bobPath, await writeProjectFile(bob));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gloss merge', () => {
  it('merges b into a, writes the result and a JSON report, and leaves the inputs alone', async () => {
    const before = [await readFile(alicePath), await readFile(bobPath)];
    const out = join(dir, 'merged.gloss');
    const report = join(dir, 'report.json');
    const result = await runGloss(['merge', alicePath, bobPath, '--out', out, '--report', report]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('new annotations by Bob Reviewer: 3');
    expect(result.stdout).toContain(`Wrote ${out}.`);
    expect((await readFile(alicePath)).equals(before[0]!)).toBe(true);
    expect((await readFile(bobPath)).equals(before[1]!)).toBe(true);

    const merged = await read(out);
    expect(merged.articles.map((a) => a.id)).toEqual(['art']);
    expect(merged.annotations.map((a) => [a.id, a.author.id, a.articleId])).toEqual([
      [ID(1), 'alice', 'art'],
      [ID(2), 'alice', 'art'],
      [ID(11), 'bob', 'art'],
      [ID(12), 'bob', 'art'],
      [ID(13), 'bob', 'art'],
    ]);
    expect(merged.envelope.syncs).toEqual([{ analyst: BOB, savedAt: '2025-07-03T09:00:00.000Z' }]);
    const r = JSON.parse(await readFile(report, 'utf8')) as Record<string, unknown>;
    expect(r).toMatchObject({
      type: 'gloss-merge-report',
      version: 1,
      out,
      articles: { same: 1, new: [], reanchored: [] },
      annotations: {
        new: [{ author: BOB, count: 3, ids: [ID(11), ID(12), ID(13)] }],
        updated: [],
        deleted: [],
        conflicts: [],
      },
    });

    // The same file merged again: nothing changes but the time of saving.
    const again = join(dir, 'again.gloss');
    const second = await runCommand('merge', [out, bobPath, '--out', again, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ annotations: { new: [], unchanged: 3 } });
    const twice = await read(again);
    expect(twice.envelope.savedAt).not.toBe(merged.envelope.savedAt);
    expect(
      deepEqual(
        { ...twice, envelope: { ...twice.envelope, savedAt: '' } },
        {
          ...merged,
          envelope: { ...merged.envelope, savedAt: '' },
        },
      ),
    ).toBe(true);
  });

  it('previews with --dry-run and writes nothing', async () => {
    const listing = await readdir(dir);
    const result = await runCommand('merge', [alicePath, bobPath, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing written.');
    expect(await readdir(dir)).toEqual(listing);
  });

  it('settles conflicts as --conflicts says', async () => {
    const a = await read(alicePath);
    const edited = emptyProject('Bob2', BOB, '2025-07-04T09:00:00.000Z');
    edited.articles = a.articles;
    edited.annotations = a.annotations.map((x) =>
      x.id === ID(2) ? { ...x, note: 'Bob’s view', updatedAt: '2025-07-03T12:00:00.000Z' } : x,
    );
    const mine = {
      ...a,
      annotations: a.annotations.map((x) =>
        x.id === ID(2) ? { ...x, note: 'Alice’s view', updatedAt: '2025-07-03T10:00:00.000Z' } : x,
      ),
    };
    const minePath = join(dir, 'mine.gloss');
    const theirsPath = join(dir, 'theirs.gloss');
    await writeFile(minePath, await writeProjectFile(mine));
    await writeFile(theirsPath, await writeProjectFile(edited));
    const notes = async (how: string) => {
      const out = join(dir, `c-${how}.gloss`);
      const r = await runCommand('merge', [minePath, theirsPath, '--out', out, '--conflicts', how]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`conflicts: 1 (resolved: ${how})`);
      return (await read(out)).annotations.map((x) => x.note).filter(Boolean);
    };
    expect(await notes('mine')).toEqual(['Alice’s view']);
    expect(await notes('theirs')).toEqual(['Bob’s view']);
    expect(await notes('both')).toEqual(['Alice’s view', 'Bob’s view']);
    const bad = await runCommand('merge', [
      minePath,
      theirsPath,
      '--out',
      join(dir, 'x.gloss'),
      '--conflicts',
      'ask',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--conflicts must be one of both, mine, theirs/);
  });

  it('requires --out unless previewing', async () => {
    const r = await runCommand('merge', [alicePath, bobPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out <c\.gloss> is required/);
  });
});

describe('gloss agree', () => {
  it('prints the figures and the disagreements side by side', async () => {
    const r = await runGloss(['agree', alicePath, bobPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Agreement of Alice Analyst (A) and Bob Reviewer (B) on 1 article both annotated',
    );
    expect(r.stdout).toMatch(/spans: A 2, B 3, matched 2 .* F1 0\.800/);
    expect(r.stdout).toContain('[differ in kind, credibility]');
    expect(r.stdout).toContain('A: “Officials denied a fuel shortage.” claim/reporting/3');
    expect(r.stdout).toContain('B: “Officials denied a fuel shortage.” assessment/reporting/4');
    expect(r.stdout).toContain('[only B]');
  });

  it('prints the whole report as JSON with --json', async () => {
    const r = await runCommand('agree', [alicePath, bobPath, '--json']);
    const report = JSON.parse(r.stdout) as {
      spans: { f1: number };
      kind: { n: number };
      disagreements: unknown[];
    };
    expect(report.spans.f1).toBeCloseTo(0.8);
    expect(report.kind.n).toBe(2);
    expect(report.disagreements).toHaveLength(2);
    expect((await runCommand('agree', [alicePath, bobPath, '--min-overlap', '2'])).code).toBe(2);
  });
});

describe('gloss annotate', () => {
  it('adds an annotation on the quoted passage, by the named author', async () => {
    const path = join(dir, 'annotate.gloss');
    await writeFile(path, await readFile(alicePath));
    const r = await runGloss([
      'annotate',
      path,
      '--article',
      'art',
      '--quote',
      'Analysts expect the corridor to stay open',
      '--kind',
      'assessment',
      '--stance',
      'opinion',
      '--note',
      'forecast',
      '--credibility',
      '3',
      '--author',
      'Carol Checker',
      '--tag',
      'shipping',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = await read(path);
    const added = doc.annotations[2]!;
    expect(r.stdout).toContain(added.id);
    expect(added).toMatchObject({
      articleId: 'art',
      kind: 'assessment',
      stance: 'opinion',
      note: 'forecast',
      credibility: 3,
      tags: ['shipping'],
      author: { id: 'carol-checker', name: 'Carol Checker' },
      deletedAt: null,
    });
    expect(quoteSelector(added).exact).toBe('Analysts expect the corridor to stay open');
    expect(added.selectors[0]).toEqual({
      type: 'TextPositionSelector',
      start: FORECAST[0],
      end: FORECAST[1] - 1,
    });
  });

  it('parses the figure of a figure and defaults the author to the project’s analyst', async () => {
    const path = join(dir, 'figure.gloss');
    await writeFile(path, await readFile(alicePath));
    const r = await runCommand('annotate', [
      path,
      '--article',
      'art',
      '--quote',
      '12 percent',
      '--kind',
      'figure',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ figure: { value: 12, unit: '%' }, author: ALICE });
  });

  it('refuses ambiguous, missing and invalid input and leaves the file unchanged', async () => {
    const path = join(dir, 'refuse.gloss');
    await writeFile(path, await readFile(alicePath));
    const before = await readFile(path);
    const base = [path, '--article', 'art', '--kind', 'claim'];
    const cases: [string[], number, RegExp][] = [
      [[...base, '--quote', 'Officials denied a fuel shortage'], 1, /occurs 2 times.*--occurrence 1…2/],
      [[...base, '--quote', 'not in the text'], 1, /does not occur/],
      [[path, '--article', 'nope', '--quote', 'May', '--kind', 'claim'], 1, /no article “nope”/],
      [
        [path, '--article', 'art', '--quote', 'May', '--kind', 'rumour'],
        2,
        /--kind must be one of claim, assessment, figure/,
      ],
      [
        [...base, '--quote', 'May', '--credibility', '7'],
        2,
        /--credibility must be a whole number from 1 to 6/,
      ],
      [[...base, '--quote', 'May', '--stance', 'neutral'], 2, /--stance must be one of opinion, reporting/],
      [[path, '--article', 'art', '--kind', 'claim'], 2, /--quote is required/],
    ];
    for (const [args, code, message] of cases) {
      const r = await runCommand('annotate', args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    expect((await readFile(path)).equals(before)).toBe(true);
    const second = await runCommand('annotate', [
      ...base,
      '--quote',
      'Officials denied a fuel shortage',
      '--occurrence',
      '2',
    ]);
    expect(second.code).toBe(0);
    const added = (await read(path)).annotations.at(-1)!;
    expect(added.selectors[0]).toMatchObject({ start: TEXT.lastIndexOf('Officials denied a fuel shortage') });
  });
});
