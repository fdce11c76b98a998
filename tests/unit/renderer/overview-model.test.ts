import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filterRows } from '../../../core/filter';
import type { Annotation, AnnotationKind, Stance } from '../../../core/model';
import { createAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { aggregateOverview } from '../../../renderer/src/features/overview/aggregate';
import { readAll } from '../../../renderer/src/features/table/read-rows';
import { TableModel, type TableQuery } from '../../../renderer/src/features/table/table-model';
import { makeAnnotation, makeArticle, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
const KINDS: AnnotationKind[] = ['claim', 'assessment', 'figure'];
const STANCES: (Stance | null)[] = ['opinion', 'reporting', null];

let db: GlossDB;
let n = 0;

beforeEach(async () => {
  db = new GlossDB(`gloss-overview-model-${Date.now()}-${Math.random()}`);
  await addArticles(db, [
    makeArticle('a', TEXT, { source: 'Reuters', publishedAt: '2025-06-03T00:00:00.000Z' }),
    makeArticle('b', `${TEXT} B`, { source: 'BBC News', publishedAt: '2019-02-10T00:00:00.000Z' }),
    makeArticle('c', `${TEXT} C`, { source: '', publishedAt: null }),
  ]);
  // 30 annotations: article by i % 3, kind by i % 3 shifted, stance by i % 3 of i / 3; every
  // seventh deleted.
  const records: Annotation[] = Array.from({ length: 30 }, (_, i) =>
    makeAnnotation(TEXT, 0, 12, {
      id: seqId(++n),
      articleId: ['a', 'b', 'c'][i % 3]!,
      kind: KINDS[(i + Math.floor(i / 3)) % 3]!,
      stance: STANCES[Math.floor(i / 3) % 3]!,
      tags: i % 2 ? ['casualties'] : [],
      deletedAt: i % 7 === 0 ? '2026-11-24T00:00:00.000Z' : null,
    }),
  );
  await createAnnotations(db, records);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe("the Overview's figures in the table's worker", () => {
  it('are the figures the Overview counted on the page from every row, for the project, a filter and a set', async () => {
    const model = new TableModel(db);
    const { rows } = await readAll(db);
    const pinned = rows.filter((_, i) => i % 2 === 0).map((r) => r.id);
    const cases: Pick<TableQuery, 'filter' | 'pinned'>[] = [
      { filter: {}, pinned: null },
      { filter: { sources: ['Reuters'] }, pinned: null },
      { filter: { kinds: ['claim'], tags: ['casualties'] }, pinned: null },
      { filter: { stances: ['opinion'] }, pinned },
    ];
    for (const query of cases) {
      const { data, all } = await model.overview(query);
      const set = query.pinned ? new Set(query.pinned) : null;
      const before = aggregateOverview(
        filterRows(set ? rows.filter((r) => set.has(r.id)) : rows, query.filter),
      );
      expect(data).toEqual(before);
      if (query.filter.sources) expect(data.sources.map((s) => s.source)).toEqual(['Reuters']);
      if (query.pinned) expect(data.total).toBeLessThan(rows.length / 2);
      expect(all).toBe(rows.length);
    }
  });

  it('counts live annotations per source, stance and year', async () => {
    const { data, all } = await new TableModel(db).overview({ filter: {}, pinned: null });
    // 30 written, 0, 7, 14, 21, 28 deleted: a keeps 8, b 8, c 9.
    expect(all).toBe(25);
    expect(data.total).toBe(25);
    expect(data.sources.map((s) => [s.source, s.total])).toEqual([
      ['', 9],
      ['BBC News', 8],
      ['Reuters', 8],
    ]);
    expect(data.unit).toBe('year');
    expect(data.periods.map((p) => [p.label, p.total]).filter(([, t]) => t)).toEqual([
      ['2019', 8],
      ['2025', 8],
    ]);
    expect(data.undated).toEqual({ annotations: 9, articles: 1 });
  });
});
