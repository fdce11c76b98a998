import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAnnotations,
  deleteAnnotations,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { watchAnnotationWrites } from '../../../renderer/src/db/library';
import { TableModel, type TableQuery } from '../../../renderer/src/features/table/table-model';
import type { Annotation } from '../../../core/model';
import { makeAnnotation, makeArticle, seqId, storeAnnotations } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
const KINDS = ['claim', 'assessment', 'figure'] as const;

const SIZE = 450;

/**
 * 450 annotations on two articles (more than the first read through the index takes): three
 * created at each moment (ties, which the `createdAt` index and the sort must order alike), ids
 * not in the order of creation, every seventh one deleted.
 */
function library(): Annotation[] {
  return Array.from({ length: SIZE }, (_, i) =>
    makeAnnotation(TEXT, i % 20, 30 + (i % 20), {
      id: seqId(((i * 37) % SIZE) + 1),
      articleId: i % 2 ? 'b' : 'a',
      kind: KINDS[i % 3],
      createdAt: new Date(Date.UTC(2026, 10, 23, 10, 0, Math.floor(i / 3))).toISOString(),
      deletedAt: i % 7 === 0 ? '2026-11-24T00:00:00.000Z' : null,
    }),
  );
}
const LIVE = library().filter((a) => a.deletedAt === null).length;

const query = (over: Partial<TableQuery> = {}): TableQuery => ({
  filter: {},
  sort: { column: 'date', descending: true },
  pinned: null,
  start: 0,
  end: 10,
  ...over,
});

describe('TableModel', () => {
  let db: GlossDB;
  let model: TableModel | null = null;
  let stop: (() => void) | null = null;
  let release = () => {};

  /** Holds the model's full read back (it reads the articles once every annotation is read). */
  const holdFullRead = () => {
    const gate = new Promise<void>((r) => (release = r));
    const articles = db.articles.toArray.bind(db.articles);
    db.articles.toArray = (async () => {
      await gate;
      return articles();
    }) as typeof db.articles.toArray;
  };

  beforeEach(async () => {
    db = new GlossDB(`gloss-table-model-${Date.now()}-${Math.random()}`);
    await addArticles(db, [
      makeArticle('a', TEXT, { title: 'ISW update', source: 'ISW' }),
      makeArticle('b', TEXT, { title: 'Reuters report', source: 'Reuters' }),
    ]);
    await storeAnnotations(db, library());
  });
  afterEach(async () => {
    release();
    stop?.();
    stop = null;
    model = null;
    db.close();
    await Dexie.delete(db.name);
  });

  it('shows the first rows by date through the index before every annotation is read, as the full read orders them', async () => {
    holdFullRead();
    model = new TableModel(db);
    void model.load();
    const first = await model.window(query({ end: 12 }));
    expect(model.complete).toBe(false);
    expect(first.complete).toBe(false);
    expect(first.matched).toBeNull();
    expect(first.rows).toHaveLength(12);
    expect(first.rows.every((r) => r.annotation.deletedAt === null)).toBe(true);
    // A filter the index knows nothing about narrows the first rows too (the one core filter).
    const figures = await model.window(query({ filter: { kinds: ['figure'] }, end: 5 }));
    expect(figures.rows.map((r) => r.cells.kind)).toEqual(Array(5).fill('figure'));
    const reuters = await model.window(query({ filter: { sources: ['Reuters'] }, start: 2, end: 4 }));
    expect(reuters.rows.map((r) => r.cells.article)).toEqual(['Reuters report', 'Reuters report']);
    // Oldest first, past the end of the index: the counts are then exact.
    const oldest = await model.window(query({ sort: { column: 'date', descending: false }, end: SIZE }));
    expect(oldest.matched).toBe(LIVE);
    expect(oldest.total).toBe(LIVE);
    expect(oldest.rows).toHaveLength(LIVE);

    release();
    await vi.waitFor(() => expect(model!.complete).toBe(true));
    const full = await model.window(query({ end: 12 }));
    expect(full.complete).toBe(true);
    expect(full.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect((await model.window(query({ filter: { kinds: ['figure'] }, end: 5 }))).rows).toEqual(figures.rows);
    expect(
      (await model.window(query({ filter: { sources: ['Reuters'] }, start: 2, end: 4 }))).rows.map(
        (r) => r.id,
      ),
    ).toEqual(reuters.rows.map((r) => r.id));
    expect(
      (await model.window(query({ sort: { column: 'date', descending: false }, end: SIZE }))).rows.map(
        (r) => r.id,
      ),
    ).toEqual(oldest.rows.map((r) => r.id));
  });

  it('sorts by any column and filters once every row is read, with exact counts', async () => {
    model = new TableModel(db);
    const byKind = await model.window(
      query({ sort: { column: 'kind', descending: false }, filter: { sources: ['ISW'] }, end: SIZE }),
    );
    expect(byKind.complete).toBe(true);
    expect(byKind.total).toBe(LIVE);
    const live = library().filter((a) => a.deletedAt === null && a.articleId === 'a');
    expect(byKind.matched).toBe(live.length);
    const kinds = byKind.rows.map((r) => r.cells.kind);
    expect(kinds).toEqual([...kinds].sort());
    // A pinned set shows its own rows only.
    const pinned = live.slice(0, 3).map((a) => a.id);
    const set = await model.window(query({ pinned, end: SIZE }));
    expect(new Set(set.rows.map((r) => r.id))).toEqual(new Set(pinned));
    expect(set.matched).toBe(3);
  });

  it('answers the ids to select: all shown, a selection narrowed to what is shown, a Shift range', async () => {
    model = new TableModel(db);
    const q = {
      filter: { kinds: ['claim' as const] },
      sort: { column: 'date' as const, descending: true },
      pinned: null,
    };
    const shown = (await model.window({ ...q, start: 0, end: SIZE })).rows.map((r) => r.id);
    expect(await model.ids(q)).toEqual(shown);
    const figure = library().find((a) => a.kind === 'figure' && a.deletedAt === null)!;
    expect(await model.ids(q, { among: [shown[4]!, figure.id, shown[1]!] })).toEqual([shown[1], shown[4]]);
    expect(await model.ids(q, { between: [shown[5]!, shown[2]!] })).toEqual(shown.slice(2, 6));
    expect(await model.ids(q, { between: [shown[0]!, figure.id] })).toEqual([]);
  });

  it('follows the change feed: written annotations are patched in, a renamed article reads again', async () => {
    let changes = 0;
    model = new TableModel(db, { changed: () => changes++ });
    const m = model;
    stop = watchAnnotationWrites(db, { patch: (w) => m.patch(w), reload: () => m.reload() }, [
      'articles',
      'sourceGrades',
    ]);
    await model.load();
    const before = await model.window(query());
    const top = before.rows[0]!;
    const newest = makeAnnotation(TEXT, 0, 6, {
      id: seqId(500),
      articleId: 'b',
      kind: 'figure',
      createdAt: '2026-11-25T00:00:00.000Z',
    });
    await createAnnotations(db, [newest]);
    await updateAnnotations(db, [top.id], { kind: 'assessment' });
    await deleteAnnotations(db, [before.rows[1]!.id]);
    expect(changes).toBeGreaterThanOrEqual(3);
    const after = await model.window(query());
    expect(after.total).toBe(LIVE);
    expect(after.rows[0]!.id).toBe(newest.id);
    expect(after.rows[1]!.id).toBe(top.id);
    expect(after.rows[1]!.cells.kind).toBe('assessment');
    expect(after.rows.map((r) => r.id)).not.toContain(before.rows[1]!.id);

    await db.articles.update('b', { title: 'Renamed' });
    await vi.waitFor(async () =>
      expect((await model!.window(query())).rows[0]!.cells.article).toBe('Renamed'),
    );
  });
});
