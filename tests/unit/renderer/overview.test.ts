import { describe, expect, it } from 'vitest';
import type { AnnotationKind, Stance } from '../../../core/model';
import {
  aggregateOverview,
  chooseUnit,
  type OverviewRow,
} from '../../../renderer/src/features/overview/aggregate';
import { describeFilter, filterRows, toFilterRow as toRow } from '../../../core/filter';
import { narrowFilter } from '../../../renderer/src/features/overview/narrow';
import { makeAnnotation } from './records';

const row = (
  articleId: string,
  source: string,
  published: string,
  kind: AnnotationKind,
  stance: Stance | null = null,
): OverviewRow => ({ articleId, source, published, annotation: { kind, stance } });

describe('overview counts', () => {
  it('counts by kind and stance per source, most annotations first, and by period of publication', () => {
    const data = aggregateOverview([
      row('a1', 'Reuters', '2025-06-03', 'claim', 'reporting'),
      row('a1', 'Reuters', '2025-06-03', 'figure'),
      row('a2', 'Reuters', '2025-08-20', 'claim', 'opinion'),
      row('a3', 'ISW', '2025-06-30', 'assessment', 'opinion'),
      row('a4', '', '', 'claim'),
      row('a5', 'BBC', 'not a date', 'figure'),
    ]);
    expect(data.total).toBe(6);
    expect(data.sources.map((s) => [s.source, s.total])).toEqual([
      ['Reuters', 3],
      ['', 1],
      ['BBC', 1],
      ['ISW', 1],
    ]);
    expect(data.sources[0]!.kinds).toEqual({ claim: 2, assessment: 0, figure: 1 });
    expect(data.sources[0]!.stances).toEqual({ opinion: 1, reporting: 1, none: 1 });
    // June to August 2025 is under 92 days: weeks (starting on Monday), empty ones included.
    expect(data.unit).toBe('week');
    expect(data.periods[0]).toMatchObject({ from: '2025-06-02', to: '2025-06-08', total: 2 });
    expect(data.periods.at(-1)).toMatchObject({ from: '2025-08-18', to: '2025-08-24', total: 1 });
    expect(data.periods.reduce((n, p) => n + p.total, 0)).toBe(4);
    expect(data.periods.filter((p) => p.total === 0).length).toBe(data.periods.length - 3);
    expect(data.undated).toEqual({ annotations: 2, articles: 2 });
  });

  it('chooses weeks, months or years by the span of dates', () => {
    expect(chooseUnit('2025-01-01', '2025-03-01')).toBe('week');
    expect(chooseUnit('2024-01-01', '2025-12-31')).toBe('month');
    expect(chooseUnit('2019-01-03', '2025-06-25')).toBe('year');
    const byMonth = aggregateOverview([
      row('a', 'X', '2024-01-15', 'claim'),
      row('b', 'X', '2024-12-02', 'figure'),
    ]);
    expect(byMonth.periods.map((p) => p.label)).toHaveLength(12);
    expect(byMonth.periods[0]).toMatchObject({ from: '2024-01-01', to: '2024-01-31', label: 'Jan 2024' });
  });

  it('is empty without rows', () => {
    expect(aggregateOverview([])).toMatchObject({ total: 0, sources: [], periods: [] });
  });

  it('counts 200,000 rows in one pass', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) =>
      row(`a${i % 10_000}`, `S${i % 5}`, `2024-${String((i % 12) + 1).padStart(2, '0')}-15`, 'claim'),
    );
    const data = aggregateOverview(rows);
    expect(data.total).toBe(200_000);
    expect(data.periods).toHaveLength(12);
  });
});

describe('a bar narrows the table to exactly its annotations', () => {
  const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
  const grades = new Map();
  const rows = [
    toRow(
      makeAnnotation(TEXT, 0, 5, { id: 'r1', kind: 'claim' }),
      { title: 'A', source: 'Reuters', publishedAt: '2025-06-03' },
      grades,
    ),
    toRow(
      makeAnnotation(TEXT, 6, 12, { id: 'r2', kind: 'figure', stance: 'reporting' }),
      { title: 'A', source: 'Reuters', publishedAt: '2025-06-03' },
      grades,
    ),
    toRow(
      makeAnnotation(TEXT, 0, 5, { id: 'i1', kind: 'claim', stance: 'opinion' }),
      { title: 'B', source: 'ISW', publishedAt: '2025-07-01' },
      grades,
    ),
    toRow(
      makeAnnotation(TEXT, 0, 5, { id: 'n1', kind: 'claim' }),
      { title: 'C', source: '', publishedAt: null },
      grades,
    ),
  ];
  const ids = (f: Parameters<typeof filterRows>[1]) => filterRows(rows, f).map((r) => r.id);

  it('by source and kind, source and stance, or kind and period; within the current filter', () => {
    expect(ids(narrowFilter({}, { source: 'Reuters', kind: 'claim' }))).toEqual(['r1']);
    expect(ids(narrowFilter({}, { source: '', kind: 'claim' }))).toEqual(['n1']);
    expect(ids(narrowFilter({}, { source: 'Reuters', stance: 'none' }))).toEqual(['r1']);
    expect(ids(narrowFilter({}, { source: 'ISW', stance: 'opinion' }))).toEqual(['i1']);
    expect(ids(narrowFilter({}, { from: '2025-06-01', to: '2025-06-30', kind: 'claim' }))).toEqual(['r1']);
    // A period meets the filter's own date range: the later start and the earlier end.
    const narrowed = narrowFilter(
      { publishedFrom: '2025-06-15', publishedTo: '2025-12-31' },
      { from: '2025-06-01', to: '2025-07-31', kind: 'claim' },
    );
    expect(narrowed).toMatchObject({
      publishedFrom: '2025-06-15',
      publishedTo: '2025-07-31',
      kinds: ['claim'],
    });
    expect(ids(narrowed)).toEqual(['i1']);
  });

  it('is described in words for the heading', () => {
    expect(
      describeFilter({
        kinds: ['claim'],
        sources: [''],
        publishedFrom: '2025-06-01',
        publishedTo: '2025-06-30',
      }),
    ).toBe('kind claim, source No source, published 2025-06-01 to 2025-06-30');
    expect(describeFilter({})).toBe('');
  });
});
