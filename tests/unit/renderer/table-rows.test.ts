import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAnnotations,
  deleteAnnotations,
  updateAnnotations,
  type WrittenAnnotations,
} from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { watchAnnotationWrites } from '../../../renderer/src/db/library';
import { READ_PAGE } from '../../../renderer/src/db/export-data';
import { patchRows, watchTableRows, type ReadProgress } from '../../../renderer/src/features/table/read-rows';
import { toFilterRow as toRow } from '../../../core/filter';
import type { TableRow } from '../../../renderer/src/features/table/table-view';
import { makeAnnotation, makeArticle, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
const context = {
  articles: new Map([['a', { title: 'ISW update', source: 'ISW', publishedAt: '2025-06-25' }]]),
  grades: new Map(),
};

describe('patchRows', () => {
  it('replaces written rows, adds new ones, drops deleted ones and keeps the rest as they were', () => {
    const one = makeAnnotation(TEXT, 0, 5, { id: seqId(1), kind: 'claim' });
    const two = makeAnnotation(TEXT, 6, 12, { id: seqId(2), kind: 'claim' });
    const three = makeAnnotation(TEXT, 13, 17, { id: seqId(3), kind: 'figure' });
    const rows = [one, two, three].map((a) => toRow(a, context.articles.get('a'), context.grades));
    const added = makeAnnotation(TEXT, 18, 24, { id: seqId(4), kind: 'assessment' });
    const written: WrittenAnnotations = [
      { id: two.id, articleId: 'a', value: { ...two, kind: 'assessment' } },
      { id: three.id, articleId: 'a', value: null },
      { id: added.id, articleId: 'a', value: added },
      { id: one.id, articleId: 'a', value: { ...one, deletedAt: '2026-11-23T12:00:00.000Z' } },
    ];
    const out = patchRows(rows, written, context);
    expect(out.map((r) => [r.id, r.cells.kind, r.source, r.published])).toEqual([
      [two.id, 'assessment', 'ISW', '2025-06-25'],
      [added.id, 'assessment', 'ISW', '2025-06-25'],
    ]);
    expect(patchRows(rows, [], context)).toEqual(rows);
  });
});

describe('watchAnnotationWrites', () => {
  let db: GlossDB;
  let stop: (() => void) | null = null;
  const seen: string[] = [];
  const settle = () => new Promise((r) => setTimeout(r, 40));

  beforeEach(async () => {
    db = new GlossDB(`gloss-writes-${Date.now()}-${Math.random()}`);
    await addArticles(db, [makeArticle('a', TEXT)]);
    seen.length = 0;
    stop = watchAnnotationWrites(
      db,
      { own: (w) => seen.push(`own ${w.length}`), foreign: () => seen.push('foreign') },
      ['articles'],
    );
  });
  afterEach(async () => {
    stop?.();
    db.close();
    await Dexie.delete(db.name);
  });

  it('tells announced edits from other writes, and counts the extra tables as foreign', async () => {
    const a = makeAnnotation(TEXT, 0, 5, { id: seqId(1), articleId: 'a' });
    await createAnnotations(db, [a]);
    await updateAnnotations(db, [a.id], { kind: 'figure' });
    await deleteAnnotations(db, [a.id]);
    await settle();
    expect(seen).toEqual(['own 1', 'own 1', 'own 1']);

    // A raw write (as an import or a merge makes) is foreign.
    await db.annotations.put(makeAnnotation(TEXT, 6, 12, { id: seqId(2), articleId: 'a' }));
    await settle();
    expect(seen.at(-1)).toBe('foreign');

    // So is a change to an article's details.
    seen.length = 0;
    await db.articles.update('a', { title: 'Renamed' });
    await settle();
    expect(seen).toEqual(['foreign']);
  });
});

describe('watchTableRows', () => {
  let db: GlossDB;
  let stop: (() => void) | null = null;
  const reports: TableRow[][] = [];
  const settle = () => new Promise((r) => setTimeout(r, 60));
  const kinds = () => Object.fromEntries(reports.at(-1)!.map((r) => [r.id, r.cells.kind]));

  beforeEach(async () => {
    db = new GlossDB(`gloss-rows-${Date.now()}-${Math.random()}`);
    await addArticles(db, [makeArticle('a', TEXT)]);
    reports.length = 0;
  });
  afterEach(async () => {
    stop?.();
    stop = null;
    db.close();
    await Dexie.delete(db.name);
  });

  it('patches this window’s edits into the rows and reads again after a foreign write', async () => {
    const a = makeAnnotation(TEXT, 0, 5, { id: seqId(1), articleId: 'a', kind: 'claim' });
    await createAnnotations(db, [a]);
    stop = watchTableRows(db, (rows) => reports.push(rows));
    await settle();
    expect(kinds()).toEqual({ [a.id]: 'claim' });

    const b = makeAnnotation(TEXT, 6, 12, { id: seqId(2), articleId: 'a', kind: 'claim' });
    await createAnnotations(db, [b]);
    await updateAnnotations(db, [a.id], { kind: 'figure' });
    // Reported as soon as the edits are announced, before any read could have run.
    expect(kinds()).toEqual({ [a.id]: 'figure', [b.id]: 'claim' });
    await deleteAnnotations(db, [b.id]);
    expect(kinds()).toEqual({ [a.id]: 'figure' });

    await db.annotations.put({ ...(await db.annotations.get(a.id))!, kind: 'assessment' });
    await settle();
    expect(kinds()).toEqual({ [a.id]: 'assessment' });
    // An article renamed behind its back reads every row again, with the new title.
    await db.articles.update('a', { title: 'Renamed' });
    await settle();
    expect(reports.at(-1)!.map((r) => r.cells.article)).toEqual(['Renamed']);
  });

  it('reads a large project page by page, reporting how far it has come, tombstones left out', async () => {
    const n = READ_PAGE * 2 + 500;
    const all = Array.from({ length: n }, (_, i) =>
      makeAnnotation(TEXT, 0, 5, {
        id: seqId(i + 1),
        articleId: 'a',
        deletedAt: i % 10 === 0 ? '2026-01-02T00:00:00.000Z' : null,
      }),
    );
    await db.annotations.bulkAdd(all);
    const progress: ReadProgress[] = [];
    stop = watchTableRows(
      db,
      (rows) => reports.push(rows),
      (p) => progress.push(p),
    );
    await vi.waitFor(() => expect(reports).toHaveLength(1), { timeout: 10_000 });
    expect(reports[0]).toHaveLength(n - Math.ceil(n / 10));
    expect([...new Set(progress.map((p) => p.done))]).toEqual([READ_PAGE, READ_PAGE * 2, n]);
    expect(progress.every((p) => p.total === n)).toBe(true);
  });

  it('keeps edits announced while its first read runs', async () => {
    // Hold the read of the articles back, so that the edit below commits after the annotations
    // were read (without it) and is announced before the whole read is done.
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const articles = db.articles.toArray.bind(db.articles);
    db.articles.toArray = (async () => {
      await gate;
      return articles();
    }) as typeof db.articles.toArray;
    stop = watchTableRows(db, (rows) => reports.push(rows));
    const a = makeAnnotation(TEXT, 0, 5, { id: seqId(1), articleId: 'a', kind: 'claim' });
    await createAnnotations(db, [a]);
    expect(reports).toHaveLength(0);
    release();
    await settle();
    expect(kinds()).toEqual({ [a.id]: 'claim' });
    await updateAnnotations(db, [a.id], { kind: 'figure' });
    expect(kinds()).toEqual({ [a.id]: 'figure' });
  });
});
