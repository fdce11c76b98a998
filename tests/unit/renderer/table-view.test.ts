import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../core/model';
import { filterRows, toFilterRow as toRow } from '../../../core/filter';
import { parseTags, sortRows, type TableRow } from '../../../renderer/src/features/table/table-view';
import { makeAnnotation, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
let n = 0;
function annotation(start: number, end: number, over: Partial<Annotation> = {}): Annotation {
  n++;
  const at = `2026-11-0${n}T10:00:00.000Z`;
  return makeAnnotation(TEXT, start, end, {
    id: seqId(n),
    articleId: 'isw',
    author: { id: 'a1', name: 'Ana' },
    createdAt: at,
    updatedAt: at,
    ...over,
  });
}

const articles = new Map([
  ['isw', { title: 'ISW update', source: 'ISW' }],
  ['bbc', { title: 'BBC report', source: 'BBC News' }],
]);
const grades = new Map([['ISW', 'B' as const]]);
const row = (a: Annotation) => toRow(a, articles.get(a.articleId), grades);
const rows: TableRow[] = [
  row(
    annotation(0, 12, {
      stance: 'reporting',
      credibility: 2,
      tags: ['nato', 'casualties'],
      attribution: 'Marco Rubio',
    }),
  ),
  row(annotation(38, 66, { kind: 'figure', tags: ['casualties'] })),
  row(
    annotation(18, 24, {
      kind: 'assessment',
      stance: 'opinion',
      articleId: 'bbc',
      author: { id: 'b2', name: '' },
      updatedBy: { id: 'c3', name: 'Cleo' },
    }),
  ),
];
const quotes = (list: TableRow[]) => list.map((r) => r.cells.quote);

describe('table rows', () => {
  it('shows each column as text, with empty values as —', () => {
    expect(rows[0]!.cells).toEqual({
      article: 'ISW update',
      quote: 'Rubio stated',
      kind: 'claim',
      stance: 'reporting',
      credibility: '2',
      reliability: 'B',
      tags: 'nato, casualties',
      attribution: 'Marco Rubio',
      author: 'Ana',
      editor: 'Ana',
      date: '2026-11-01',
    });
    expect(rows[2]!.cells).toMatchObject({
      stance: 'opinion',
      credibility: '—',
      reliability: '—',
      author: 'b2',
      editor: 'Cleo',
    });
  });

  it('filters text columns by contained text, case-insensitively, and choice columns exactly', () => {
    expect(quotes(filterRows(rows, { contains: { tags: 'CASUAL' } }))).toEqual([
      'Rubio stated',
      'over 80,000 killed-in-action',
    ]);
    expect(quotes(filterRows(rows, { contains: { tags: 'casual' }, kinds: ['figure'] }))).toEqual([
      'over 80,000 killed-in-action',
    ]);
    expect(quotes(filterRows(rows, { stances: ['none'] }))).toEqual(['over 80,000 killed-in-action']);
    expect(quotes(filterRows(rows, { reliability: ['B'], contains: { article: 'isw' } }))).toHaveLength(2);
    expect(quotes(filterRows(rows, { reliability: ['none'] }))).toEqual(['Russia']);
    expect(filterRows(rows, { credibility: [6] })).toEqual([]);
    expect(quotes(filterRows(rows, { credibility: [2, 'none'], kinds: ['claim'] }))).toEqual([
      'Rubio stated',
    ]);
    expect(filterRows(rows, { contains: { quote: '' } })).toHaveLength(3);
  });

  it('sorts by a column either way with empty cells last, ties newest first', () => {
    expect(quotes(sortRows(rows, { column: 'kind', descending: false }))).toEqual([
      'Russia',
      'Rubio stated',
      'over 80,000 killed-in-action',
    ]);
    expect(sortRows(rows, { column: 'stance', descending: true }).map((r) => r.cells.stance)).toEqual([
      'reporting',
      'opinion',
      '—',
    ]);
    expect(sortRows(rows, { column: 'stance', descending: false }).map((r) => r.cells.stance)).toEqual([
      'opinion',
      'reporting',
      '—',
    ]);
    expect(sortRows(rows, { column: 'credibility', descending: false }).map((r) => r.cells.date)).toEqual([
      '2026-11-01',
      '2026-11-03',
      '2026-11-02',
    ]);
  });

  it('reads typed tags as a clean list', () => {
    expect(parseTags(' nato, casualties ,, nato ')).toEqual(['nato', 'casualties']);
    expect(parseTags('')).toEqual([]);
  });
});
