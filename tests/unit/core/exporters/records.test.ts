import { describe, expect, it } from 'vitest';
import { codePointOffsets, filterAnnotations, groupRecords } from '../../../../core/exporters';
import { toCodePointOffset } from '../../../../core/text/code-points';
import { dataset, live } from './fixture';

describe('codePointOffsets', () => {
  it('agrees with toCodePointOffset on every offset, lone and split surrogates included', () => {
    const texts = ['', 'plain', 'a😀b👍🏽c', '\ud800x\udc00y', '😀😀😀', 'مرحبا 世界 🌍\n👨‍👩‍👧'];
    for (const text of texts) {
      const offsets = Array.from({ length: text.length + 3 }, (_, i) => i);
      const got = codePointOffsets(text, [...offsets].reverse());
      for (const o of offsets)
        expect(got.get(o), `${JSON.stringify(text)} @${o}`).toBe(toCodePointOffset(text, o));
    }
  });
});

describe('groupRecords', () => {
  it('drops tombstones, groups by article and sorts by position', () => {
    const groups = groupRecords(dataset());
    expect(groups.map((g) => [g.articleId, g.records.length])).toEqual([
      ['isw-2025-06-25', 7],
      ['digest-multilingual', 4],
      ['telegram-posts', 5],
    ]);
    for (const g of groups) {
      const starts = g.records.map((r) => r.start!);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    }
    expect(groups[0]!.sourceGrade?.reliability).toBe('B');
  });

  it('keeps annotations whose article is missing, last, without offsets', () => {
    const input = dataset();
    const groups = groupRecords({ ...input, articles: input.articles.slice(1) });
    const last = groups.at(-1)!;
    expect(last.articleId).toBe('isw-2025-06-25');
    expect(last.article).toBeUndefined();
    expect(last.records.every((r) => r.start === null && r.end === null)).toBe(true);
  });
});

describe('filterAnnotations', () => {
  const input = dataset();
  const ids = (f: Parameters<typeof filterAnnotations>[1]) =>
    filterAnnotations(input, f).annotations.map((a) => a.id.slice(-2));

  it('keeps everything live when the filter is empty', () => {
    expect(filterAnnotations(input, {}).annotations).toEqual(live(input));
    expect(filterAnnotations(input, { kinds: [], tags: [] }).annotations).toHaveLength(live(input).length);
  });

  it('narrows by each field (AND) and matches any listed value (OR)', () => {
    expect(ids({ kinds: ['assessment'] })).toEqual(['02', '07']);
    expect(ids({ kinds: ['assessment'], stances: ['opinion'] })).toEqual(['02']);
    expect(ids({ stances: ['opinion'] })).toEqual(['02', '10']);
    expect(ids({ tags: ['nato', 'aid'] })).toEqual(['01', '02', '05']);
    expect(ids({ sources: ['Monitoring Desk'] })).toEqual(['09', '0a', '0b', '0c']);
    expect(ids({ articleIds: ['telegram-posts'], kinds: ['figure'] })).toEqual(['0f']);
  });

  it('narrows by published dates, inclusive, leaving undated articles out', () => {
    expect(ids({ publishedFrom: '2025-06-26' })).toEqual(['09', '0a', '0b', '0c']);
    expect(ids({ publishedTo: '2025-06-25' })).toEqual(['01', '02', '03', '04', '05', '06', '07']);
    expect(ids({ publishedFrom: '2025-06-25', publishedTo: '2025-06-25', kinds: ['assessment'] })).toEqual([
      '02',
      '07',
    ]);
    expect(ids({ publishedFrom: '2025-06-27' })).toEqual([]);
  });

  it('searches quote, note, attribution and tags, ignoring case', () => {
    expect(ids({ text: 'ROOT CAUSES' })).toEqual(['06']);
    expect(ids({ text: 'kia only' })).toEqual(['03']);
    expect(ids({ text: 'marco rubio' })).toEqual(['03']);
    expect(ids({ text: '谈判' })).toEqual(['0a']);
  });

  it('keeps only the articles that still have annotations', () => {
    const out = filterAnnotations(input, { tags: ['casualties'] });
    expect(out.articles.map((a) => a.id)).toEqual(['isw-2025-06-25']);
    expect(out.sourceGrades).toBe(input.sourceGrades);
  });
});
