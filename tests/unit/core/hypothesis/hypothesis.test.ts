import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HypothesisFormatError,
  comparableUrl,
  looksLikeHypothesis,
  matchHypothesis,
  parseHypothesis,
  toHypothesisJson,
} from '../../../../core/hypothesis';
import { importFile } from '../../../../core/importers';
import { positionSelector, quoteSelector, type Article } from '../../../../core/model';
import { nodeImportContext } from '../../../../cli/node-import-context';
import { dataset, live, root } from '../exporters/fixture';

const CORPUS = resolve(root, '..', 'shared', 'corpus');
const fixture = readFileSync(resolve(root, 'tests/fixtures/hypothesis/export.json'), 'utf8');
let n = 0;
const options = {
  defaultKind: 'claim' as const,
  now: '2026-12-06T12:00:00.000Z',
  newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};

async function library(): Promise<Article[]> {
  const ctx = nodeImportContext('2026-12-06T12:00:00.000Z');
  return Promise.all(
    ['text/isw-2025-06-25.txt', 'text/putin-historical-lands.txt', 'html/bbc-1/source.html'].map(async (p) =>
      importFile(
        { name: p.replace(/^.*\//, ''), bytes: new Uint8Array(readFileSync(resolve(CORPUS, p))) },
        ctx,
      ),
    ),
  );
}

describe('Hypothesis import', () => {
  it('reads the client export and recognises it', () => {
    expect(looksLikeHypothesis(fixture)).toBe(true);
    const { annotations, exportedBy } = parseHypothesis(fixture);
    expect(annotations).toHaveLength(6);
    expect(exportedBy).toBe('acct:mkovac@hypothes.is');
    expect(
      looksLikeHypothesis(readFileSync(resolve(root, 'tests/fixtures/export/expected/dataset.json'), 'utf8')),
    ).toBe(false);
  });

  it('matches by URL, then title, then quote, and says why the others did not match', async () => {
    const articles = await library();
    const { matched, unmatched } = await matchHypothesis(
      parseHypothesis(fixture).annotations,
      articles,
      options,
    );
    expect(matched.map((m) => [m.by, m.article.fileName])).toEqual([
      ['url', 'source.html'],
      ['title', 'isw-2025-06-25.txt'],
      ['quote', 'putin-historical-lands.txt'],
    ]);
    for (const m of matched) {
      const q = quoteSelector(m.annotation);
      const p = positionSelector(m.annotation)!;
      expect(m.article.text.slice(p.start, p.end)).toBe(q.exact);
      expect(q.exact).toBe(
        m.hypothesis.target![0]!.selector!.find((s) => s.type === 'TextQuoteSelector')!['exact'],
      );
    }
    const [bbc, isw, putin] = matched.map((m) => m.annotation);
    expect(bbc).toMatchObject({
      note: 'He frames it as a failure of Congress, not of the administration.',
      tags: ['guns', 'us-politics'],
      author: { id: 'acct:mkovac@hypothes.is', name: 'Maria Kovac' },
      createdAt: '2026-11-28T09:14:03.118272+00:00',
      kind: 'claim',
    });
    expect(isw!.tags).toEqual(['russia-intentions']);
    expect(putin!.author).toEqual({ id: 'acct:jsmith@hypothes.is', name: 'jsmith' });
    expect(unmatched.map((u) => u.reason)).toEqual([
      'a page note: it quotes no passage',
      'a reply, not a passage',
      'no article with its address, its title or its quote',
    ]);
  }, 60_000);

  it('refuses what is not a Hypothesis export', () => {
    expect(() => parseHypothesis('{"type":"gloss-export"}')).toThrow(HypothesisFormatError);
    expect(() => parseHypothesis('not json')).toThrow(/not JSON/);
  });

  it('compares addresses loosely', () => {
    expect(comparableUrl('https://www.bbc.com/news/x/?utm_source=t#top')).toBe(
      comparableUrl('http://bbc.com/news/x'),
    );
    expect(comparableUrl('https://a.org/p?id=2')).not.toBe(comparableUrl('https://a.org/p?id=3'));
  });
});

describe('Hypothesis export', () => {
  it('writes the client export shape and reads back every annotation with its kind, stance, credibility, tags, note and author', async () => {
    const input = dataset();
    const text = toHypothesisJson(input);
    const doc = JSON.parse(text) as {
      export_userid: string;
      annotations: { target: { selector: { type: string }[] }[] }[];
    };
    expect(Object.keys(doc)).toEqual(['export_date', 'export_userid', 'client_version', 'annotations']);
    expect(looksLikeHypothesis(text)).toBe(true);
    const { matched, unmatched } = await matchHypothesis(
      parseHypothesis(text).annotations,
      input.articles,
      options,
    );
    expect(unmatched).toEqual([]);
    const originals = new Map(live(input).map((a) => [a.id, a]));
    expect(matched).toHaveLength(originals.size);
    for (const m of matched) {
      const o = originals.get(m.annotation.id)!;
      expect(m.article.id).toBe(o.articleId);
      expect(positionSelector(m.annotation)).toEqual(positionSelector(o));
      expect([
        m.annotation.kind,
        m.annotation.stance,
        m.annotation.credibility,
        m.annotation.note,
        m.annotation.tags,
      ]).toEqual([o.kind, o.stance, o.credibility, o.note, o.tags]);
      expect(m.annotation.author).toEqual({ id: o.author.id, name: o.author.name || o.author.id });
    }
  });
});
