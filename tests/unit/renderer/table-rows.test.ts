import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAnnotations,
  deleteAnnotations,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { limitCarried, type WrittenAnnotation } from '../../../renderer/src/db/changes';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { watchAnnotationWrites } from '../../../renderer/src/db/library';
import { READ_PAGE } from '../../../renderer/src/db/export-data';
import { patchRows, type ReadProgress } from '../../../renderer/src/features/table/read-rows';
import { TableModel } from '../../../renderer/src/features/table/table-model';
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
    const written: WrittenAnnotation[] = [
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
  const raw = (write: () => Promise<unknown>) => db.transaction('rw', db.articles, db.annotations, write);

  beforeEach(async () => {
    db = new GlossDB(`gloss-writes-${Date.now()}-${Math.random()}`);
    await addArticles(db, [makeArticle('a', TEXT)]);
    seen.length = 0;
    stop = watchAnnotationWrites(
      db,
      { patch: (w) => seen.push(`patch ${w.length}`), reload: () => seen.push('reload') },
      ['articles'],
    );
  });
  afterEach(async () => {
    stop?.();
    db.close();
    await Dexie.delete(db.name);
  });

  it('hands carried records over as patches; asks for a reload on large writes and on the extra tables', async () => {
    const a = makeAnnotation(TEXT, 0, 5, { id: seqId(1), articleId: 'a' });
    await createAnnotations(db, [a]);
    await updateAnnotations(db, [a.id], { kind: 'figure' });
    await deleteAnnotations(db, [a.id]);
    // Each committed transaction is reported before its promise resolves.
    expect(seen).toEqual(['patch 1', 'patch 1', 'patch 1']);

    // A raw write (as an import or a merge makes) passes the same gate and is carried too.
    await raw(() => db.annotations.put(makeAnnotation(TEXT, 6, 12, { id: seqId(2), articleId: 'a' })));
    expect(seen.at(-1)).toBe('patch 1');

    // More records than the feed carries: a reload.
    limitCarried(db, 2);
    await raw(() =>
      db.annotations.bulkPut(
        [3, 4, 5].map((n) => makeAnnotation(TEXT, 0, 5, { id: seqId(n), articleId: 'a' })),
      ),
    );
    expect(seen.at(-1)).toBe('reload');

    // So is a change to an article's details.
    seen.length = 0;
    await db.articles.update('a', { title: 'Renamed' });
    expect(seen).toEqual(['reload']);
  });
});

describe("the table worker's rows (TableModel): read once, then kept current", () => {
  let db: GlossDB;
  let stop: (() => void) | null = null;
  let model: TableModel;
  const progress: ReadProgress[] = [];
  /** Every row, in any order but the date's (which the model answers from the index first). */
  const rows = async (): Promise<TableRow[]> =>
    (
      await model.window({
        filter: {},
        sort: { column: 'kind', descending: false },
        pinned: null,
        start: 0,
        end: 1e6,
      })
    ).rows;
  const kinds = async () => Object.fromEntries((await rows()).map((r) => [r.id, r.cells.kind]));

  beforeEach(async () => {
    db = new GlossDB(`gloss-rows-${Date.now()}-${Math.random()}`);
    await addArticles(db, [makeArticle('a', TEXT)]);
    progress.length = 0;
    model = new TableModel(db, { progress: (p) => progress.push(p) });
    // What the page's table client does with the change feed.
    stop = watchAnnotationWrites(
      db,
      { patch: (written) => model.patch(written), reload: () => model.reload() },
      ['articles', 'sourceGrades'],
    );
  });
  afterEach(async () => {
    stop?.();
    stop = null;
    db.close();
    await Dexie.delete(db.name);
  });

  it('patches written records into the rows and reads again after an article changed', async () => {
    const a = makeAnnotation(TEXT, 0, 5, { id: seqId(1), articleId: 'a', kind: 'claim' });
    await createAnnotations(db, [a]);
    expect(await kinds()).toEqual({ [a.id]: 'claim' });

    const b = makeAnnotation(TEXT, 6, 12, { id: seqId(2), articleId: 'a', kind: 'claim' });
    await createAnnotations(db, [b]);
    await updateAnnotations(db, [a.id], { kind: 'figure' });
    await vi.waitFor(async () => expect(await kinds()).toEqual({ [a.id]: 'figure', [b.id]: 'claim' }));
    await deleteAnnotations(db, [b.id]);
    await vi.waitFor(async () => expect(await kinds()).toEqual({ [a.id]: 'figure' }));

    const stored = (await db.annotations.get(a.id))!;
    await db.transaction('rw', db.articles, db.annotations, () =>
      db.annotations.put({ ...stored, kind: 'assessment' }),
    );
    await vi.waitFor(async () => expect(await kinds()).toEqual({ [a.id]: 'assessment' }));
    // A renamed article reads every row again, with the new title.
    await db.articles.update('a', { title: 'Renamed' });
    await vi.waitFor(async () => expect((await rows()).map((r) => r.cells.article)).toEqual(['Renamed']));
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
    await db.transaction('rw', db.articles, db.annotations, () => db.annotations.bulkAdd(all));
    expect(await rows()).toHaveLength(n - Math.ceil(n / 10));
    expect([...new Set(progress.map((p) => p.done))]).toEqual([READ_PAGE, READ_PAGE * 2, n]);
    expect(progress.every((p) => p.total === n)).toBe(true);
  });

  it('keeps edits reported while its first read runs', async () => {
    // Hold the read of the articles back, so that the edit below commits after the annotations
    // were read (without it) and is announced before the whole read is done.
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const articles = db.articles.toArray.bind(db.articles);
    db.articles.toArray = (async () => {
      await gate;
      return articles();
    }) as typeof db.articles.toArray;
    const loaded = model.load();
    const a = makeAnnotation(TEXT, 0, 5, { id: seqId(1), articleId: 'a', kind: 'claim' });
    await createAnnotations(db, [a]);
    expect(model.complete).toBe(false);
    release();
    await loaded;
    expect(await kinds()).toEqual({ [a.id]: 'claim' });
    await updateAnnotations(db, [a.id], { kind: 'figure' });
    await vi.waitFor(async () => expect(await kinds()).toEqual({ [a.id]: 'figure' }));
  });
});
