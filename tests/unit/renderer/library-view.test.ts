import { describe, expect, it } from 'vitest';
import type { ArticleMeta } from '../../../renderer/src/db/db';
import {
  clickSelection,
  EMPTY_FILTER,
  filterArticles,
  sortArticles,
  type KindCounts,
} from '../../../renderer/src/features/library/library-view';
import { makeArticle } from './records';

function meta(id: string, over: Partial<ArticleMeta> = {}): ArticleMeta {
  const { text: _text, blocks: _blocks, removed: _removed, ...rest } = makeArticle(id, ''); // metadata only
  return { ...rest, chars: 100, ...over };
}

const articles = [
  meta('a', {
    title: 'Zapad exercises',
    source: 'ISW',
    publishedAt: '2025-06-25',
    importedAt: '2026-01-03T00:00:00Z',
  }),
  meta('b', {
    title: 'article 10',
    source: 'Reuters',
    publishedAt: '2025-07-01',
    importedAt: '2026-01-01T00:00:00Z',
  }),
  meta('c', { title: 'Article 9', source: 'Meduza', publishedAt: null, importedAt: '2026-01-02T00:00:00Z' }),
  meta('d', {
    title: 'Baltic',
    source: 'Reuters',
    publishedAt: '2025-05-30T08:00:00Z',
    importedAt: '2026-01-04T00:00:00Z',
  }),
];
const counts = new Map<string, KindCounts>([
  ['a', { claim: 3, assessment: 1, figure: 0 }],
  ['d', { claim: 0, assessment: 0, figure: 1 }],
]);
const facts = {
  counts,
  grades: new Map([
    ['Reuters', 'B' as const],
    ['ISW', 'A' as const],
  ]),
  tagged: null,
};
const ids = (list: ArticleMeta[]) => list.map((a) => a.id);

describe('library filters', () => {
  it('passes everything through an empty filter', () => {
    expect(ids(filterArticles(articles, EMPTY_FILTER, facts))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('filters by source, date range (inclusive, undated left out), annotations and reliability', () => {
    expect(ids(filterArticles(articles, { ...EMPTY_FILTER, source: 'Reuters' }, facts))).toEqual(['b', 'd']);
    expect(
      ids(filterArticles(articles, { ...EMPTY_FILTER, from: '2025-05-30', to: '2025-06-25' }, facts)),
    ).toEqual(['a', 'd']);
    expect(ids(filterArticles(articles, { ...EMPTY_FILTER, from: '2025-06-26' }, facts))).toEqual(['b']);
    expect(ids(filterArticles(articles, { ...EMPTY_FILTER, hasAnnotations: 'yes' }, facts))).toEqual([
      'a',
      'd',
    ]);
    expect(ids(filterArticles(articles, { ...EMPTY_FILTER, hasAnnotations: 'no' }, facts))).toEqual([
      'b',
      'c',
    ]);
    expect(ids(filterArticles(articles, { ...EMPTY_FILTER, reliability: 'B' }, facts))).toEqual(['b', 'd']);
    expect(ids(filterArticles(articles, { ...EMPTY_FILTER, reliability: 'ungraded' }, facts))).toEqual(['c']);
  });

  it('filters by tag through the set of tagged articles, and combines filters', () => {
    const tagged = { ...facts, tagged: new Set(['b', 'c']) };
    expect(ids(filterArticles(articles, { ...EMPTY_FILTER, tag: 'casualties' }, tagged))).toEqual(['b', 'c']);
    expect(
      ids(filterArticles(articles, { ...EMPTY_FILTER, tag: 'casualties', source: 'Reuters' }, tagged)),
    ).toEqual(['b']);
  });
});

describe('library sorts', () => {
  it('sorts by date with undated articles last either way', () => {
    expect(ids(sortArticles(articles, { key: 'date', descending: true }, counts))).toEqual([
      'b',
      'a',
      'd',
      'c',
    ]);
    expect(ids(sortArticles(articles, { key: 'date', descending: false }, counts))).toEqual([
      'd',
      'a',
      'b',
      'c',
    ]);
  });

  it('sorts titles case-insensitively with numbers in numeric order', () => {
    expect(ids(sortArticles(articles, { key: 'title', descending: false }, counts))).toEqual([
      'c',
      'b',
      'd',
      'a',
    ]);
  });

  it('sorts by source, import time and annotation count, ties newest import first', () => {
    expect(ids(sortArticles(articles, { key: 'source', descending: false }, counts))).toEqual([
      'a',
      'c',
      'd',
      'b',
    ]);
    expect(ids(sortArticles(articles, { key: 'imported', descending: true }, counts))).toEqual([
      'd',
      'a',
      'c',
      'b',
    ]);
    expect(ids(sortArticles(articles, { key: 'annotations', descending: true }, counts))).toEqual([
      'a',
      'd',
      'c',
      'b',
    ]);
  });

  it('does not reorder its input', () => {
    const input = articles.slice();
    sortArticles(input, { key: 'title', descending: true }, counts);
    expect(ids(input)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('multi-select', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  it('a plain click selects one; Ctrl toggles; Shift takes the range from the anchor', () => {
    let s = clickSelection(order, new Set(), null, 'b', { shift: false, toggle: false });
    expect([...s.selected]).toEqual(['b']);
    s = clickSelection(order, s.selected, s.anchor, 'd', { shift: false, toggle: true });
    expect([...s.selected].sort()).toEqual(['b', 'd']);
    s = clickSelection(order, s.selected, s.anchor, 'd', { shift: false, toggle: true });
    expect([...s.selected]).toEqual(['b']);
    s = clickSelection(order, s.selected, 'b', 'e', { shift: true, toggle: false });
    expect([...s.selected].sort()).toEqual(['b', 'c', 'd', 'e']);
    expect(s.anchor).toBe('b');
    s = clickSelection(order, s.selected, 'b', 'a', { shift: true, toggle: false });
    expect([...s.selected].sort()).toEqual(['a', 'b']);
  });
});
