import { describe, expect, it } from 'vitest';
import {
  columnValues,
  compileFilter,
  describeFilter,
  fromTableColumns,
  narrows,
  readSetFilter,
  toFilterRow,
  withColumn,
} from '../../../../core/filter';
import { FILTER_COLUMNS, type AnnotationFilter } from '../../../../core/model';
import { makeAnnotation } from '../../renderer/records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
const grades = new Map([['ISW', 'B' as const]]);
const article = { title: 'ISW update', source: 'ISW', publishedAt: '2025-06-25' };
const claim = makeAnnotation(TEXT, 0, 12, {
  id: 'c',
  stance: 'reporting',
  credibility: 2,
  tags: ['nato'],
  note: 'Checked',
});
const none = makeAnnotation(TEXT, 38, 66, { id: 'n', kind: 'figure' });
const rows = [toFilterRow(claim, article, grades), toFilterRow(none, undefined, grades)];
const ids = (f: AnnotationFilter) => rows.filter(compileFilter(f)).map((r) => r.id);

describe('the table’s column inputs and the filter', () => {
  it('sets and reads back every column; an empty value clears it; a value not offered is refused', () => {
    const typed: Record<string, string> = {
      article: 'isw',
      quote: 'Rubio',
      kind: 'claim',
      stance: '—',
      credibility: '2',
      reliability: 'B',
      tags: 'na',
      attribution: 'x',
      author: 'ana',
      editor: 'bob',
      date: '2026',
      published: '2025-06',
      note: 'check',
      figure: 'USD',
      admiralty: 'B2',
    };
    let f: AnnotationFilter = {};
    for (const column of FILTER_COLUMNS) f = withColumn(f, column, typed[column]!)!;
    for (const column of FILTER_COLUMNS) expect(columnValues(f, column)).toEqual([typed[column]]);
    expect(f).toMatchObject({ kinds: ['claim'], stances: ['none'], credibility: [2], reliability: ['B'] });
    for (const column of FILTER_COLUMNS) f = withColumn(f, column, '')!;
    expect(f).toEqual({});
    expect(withColumn({}, 'kind', 'rumour')).toBeNull();
    expect(withColumn({}, 'credibility', '7')).toBeNull();
  });

  it('reads the table filter of Gloss 0.1 (one text per column), refusing what the table never wrote', () => {
    expect(
      fromTableColumns({
        kind: 'figure',
        stance: '—',
        source: '—',
        quote: 'x',
        publishedFrom: '2025-06-01',
        date: '',
      }),
    ).toEqual({
      kinds: ['figure'],
      stances: ['none'],
      sources: [''],
      contains: { quote: 'x' },
      publishedFrom: '2025-06-01',
    });
    expect(fromTableColumns({ kind: 'rumour' })).toBeNull();
    expect(fromTableColumns({ publishedFrom: 'June' })).toBeNull();
    expect(fromTableColumns({ colour: 'red' })).toBeNull();
    expect(fromTableColumns({ quote: 3 })).toBeNull();
  });

  it('reads a set’s filter in any form a file or the store may hold', () => {
    const current: AnnotationFilter = { kinds: ['claim'], contains: { quote: 'x' } };
    expect(readSetFilter(current)).toEqual(current);
    // Gloss 0.1 files: the table filter under `table` wins over the approximate fields beside it.
    expect(readSetFilter({ kinds: ['claim'], table: { kind: 'claim', stance: '—' } })).toEqual({
      kinds: ['claim'],
      stances: ['none'],
    });
    // Gloss 0.1 stores: the table filter itself.
    expect(readSetFilter({ quote: 'x' })).toEqual({ contains: { quote: 'x' } });
    expect(readSetFilter({ kinds: ['rumour'] })).toBeNull();
    expect(readSetFilter({ table: 'quote' })).toBeNull();
    expect(readSetFilter(null)).toBeNull();
    expect(readSetFilter([])).toBeNull();
  });
});

describe('compileFilter', () => {
  it('matches choice lists exactly (none for no value), text by contained text, any case', () => {
    expect(ids({ stances: ['none'] })).toEqual(['n']);
    expect(ids({ stances: ['reporting', 'none'] })).toEqual(['c', 'n']);
    expect(ids({ credibility: ['none'] })).toEqual(['n']);
    expect(ids({ reliability: ['none'] })).toEqual(['n']);
    expect(ids({ sources: [''] })).toEqual(['n']);
    expect(ids({ contains: { quote: 'KILLED' } })).toEqual(['n']);
    expect(ids({ text: 'checked' })).toEqual(['c']);
    expect(ids({ tags: ['nato', 'other'] })).toEqual(['c']);
    expect(ids({ publishedFrom: '2025-06-25', publishedTo: '2025-06-25' })).toEqual(['c']);
    expect(ids({ publishedTo: '2025-06-24' })).toEqual([]);
  });

  it('does not narrow by absent or empty fields, and never passes a deleted annotation', () => {
    expect(ids({ kinds: [], tags: [], contains: { quote: '' }, text: ' ' })).toEqual(['c', 'n']);
    expect(narrows({ kinds: [], contains: {} })).toBe(false);
    expect(narrows({ contains: { author: 'a' } })).toBe(true);
    const gone = toFilterRow({ ...claim, deletedAt: '2026-01-01T00:00:00.000Z' }, article, grades);
    expect(compileFilter({})(gone)).toBe(false);
  });

  it('is described in words', () => {
    expect(
      describeFilter({
        kinds: ['claim', 'figure'],
        stances: ['none'],
        contains: { quote: 'x' },
        sources: [''],
        tags: ['nato'],
      }),
    ).toBe('quote x, kind claim or figure, stance —, source No source, tagged nato');
    expect(describeFilter({})).toBe('');
  });
});
