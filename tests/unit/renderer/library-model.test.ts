import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Annotation, Article } from '../../../core/model';
import { createAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { limitCarried, onStoreChange, type StoreChange } from '../../../renderer/src/db/changes';
import { GlossDB } from '../../../renderer/src/db/db';
import { deleteArticles } from '../../../renderer/src/db/library';
import {
  LibraryModel,
  libraryChanges,
  NAMED_ARTICLES,
  type LibraryQuery,
} from '../../../renderer/src/features/library/library-model';
import {
  DEFAULT_SORT,
  EMPTY_FILTER,
  type LibraryFilter,
} from '../../../renderer/src/features/library/library-view';
import { makeAnnotation, makeArticle, seqId } from './records';

/** More articles than a change names one by one, so that adding them all is a "too many" change. */
const SIZE = NAMED_ARTICLES + 120;
const SOURCES = ['Reuters', 'BBC News', 'Institute for the Study of War'];
const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';

/** Article i: titled `Article i`, imported i minutes after midnight, every fifth one undated. */
function article(i: number): Article {
  return makeArticle(`art-${String(i).padStart(4, '0')}`, `${TEXT} ${i}`, {
    title: `Article ${i}`,
    source: SOURCES[i % 3]!,
    publishedAt: i % 5 === 0 ? null : `2025-${String((i % 12) + 1).padStart(2, '0')}-15T00:00:00.000Z`,
    importedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  });
}
const idOf = (i: number) => article(i).id;
/** Articles 0–39 carry `i % 4` annotations each. */
const annotatedCount = (i: number) => (i < 40 ? i % 4 : 0);

let db: GlossDB;
let model: LibraryModel;
let n = 0;
let stop: () => void = () => {};
const applied: Promise<void>[] = [];

const query = (
  filter: Partial<LibraryFilter> = {},
  sort: LibraryQuery['sort'] = DEFAULT_SORT,
): LibraryQuery => ({
  filter: { ...EMPTY_FILTER, ...filter },
  sort,
});
const annotationsOn = (articleId: string, count: number): Annotation[] =>
  Array.from({ length: count }, () => makeAnnotation(TEXT, 0, 12, { id: seqId(++n), articleId }));
const titles = async (q: LibraryQuery, start: number, end: number) =>
  (await model.window(q, start, end)).rows.map((a) => a.title);

beforeEach(async () => {
  db = new GlossDB(`gloss-library-model-${Date.now()}-${Math.random()}`);
  await addArticles(
    db,
    Array.from({ length: SIZE }, (_, i) => article(i)),
  );
  const annotations = Array.from({ length: 40 }, (_, i) => annotationsOn(idOf(i), annotatedCount(i))).flat();
  await createAnnotations(db, annotations);
  model = new LibraryModel(db);
  // What the page's client does: every committed change, as the list's worker is told of it.
  stop = onStoreChange(db, (change) => {
    for (const c of libraryChanges(change)) applied.push(model.changed(c));
  });
});
afterEach(async () => {
  stop();
  applied.length = 0;
  db.close();
  await Dexie.delete(db.name);
});

describe('LibraryModel', () => {
  it('lists a large library newest first, in windows, with its sources', async () => {
    const w = await model.window(query(), 0, 3);
    expect(w.rows.map((a) => a.id)).toEqual([idOf(SIZE - 1), idOf(SIZE - 2), idOf(SIZE - 3)]);
    expect(w.matched).toBe(SIZE);
    expect(w.total).toBe(SIZE);
    expect(w.sources).toEqual(['BBC News', 'Institute for the Study of War', 'Reuters']);
    const later = await model.window(query(), 300, 302);
    expect(later.start).toBe(300);
    expect(later.rows.map((a) => a.id)).toEqual([idOf(SIZE - 301), idOf(SIZE - 302)]);
  });

  it('sorts by title with numbers in order, both ways', async () => {
    expect(await titles(query({}, { key: 'title', descending: false }), 0, 4)).toEqual([
      'Article 0',
      'Article 1',
      'Article 2',
      'Article 3',
    ]);
    expect(await titles(query({}, { key: 'title', descending: false }), 10, 12)).toEqual([
      'Article 10',
      'Article 11',
    ]);
    expect(await titles(query({}, { key: 'title', descending: true }), 0, 2)).toEqual([
      `Article ${SIZE - 1}`,
      `Article ${SIZE - 2}`,
    ]);
  });

  it('filters by source and date, and counts what passes', async () => {
    // Reuters: i % 3 === 0; dated: i % 5 !== 0; June: (i % 12) + 1 === 6.
    const expected = Array.from({ length: SIZE }, (_, i) => i).filter(
      (i) => i % 3 === 0 && i % 5 !== 0 && i % 12 === 5,
    );
    const w = await model.window(query({ source: 'Reuters', from: '2025-06-01', to: '2025-06-30' }), 0, 1000);
    expect(w.matched).toBe(expected.length);
    expect(w.total).toBe(SIZE);
    expect(new Set(w.rows.map((a) => a.id))).toEqual(new Set(expected.map(idOf)));
  });

  it('filters and sorts by annotations from the index, and follows annotation writes', async () => {
    const annotated = Array.from({ length: 40 }, (_, i) => i).filter((i) => annotatedCount(i) > 0);
    const yes = await model.window(query({ hasAnnotations: 'yes' }), 0, 1000);
    expect(new Set(yes.rows.map((a) => a.id))).toEqual(new Set(annotated.map(idOf)));
    expect((await model.window(query({ hasAnnotations: 'no' }), 0, 0)).matched).toBe(SIZE - annotated.length);
    // Most annotations first; ties newest import first: 39, 35, 31, … carry three each.
    const byCount = query({}, { key: 'annotations', descending: true });
    expect((await model.window(byCount, 0, 2)).rows.map((a) => a.id)).toEqual([idOf(39), idOf(35)]);

    // Five annotations on an article that had none: it leads the order now.
    await createAnnotations(db, annotationsOn(idOf(100), 5));
    await vi.waitFor(() => expect(applied.length).toBeGreaterThan(0));
    await Promise.all(applied);
    expect((await model.window(byCount, 0, 1)).rows[0]!.id).toBe(idOf(100));
    expect((await model.window(query({ hasAnnotations: 'yes' }), 0, 0)).matched).toBe(annotated.length + 1);
  });

  it('counts everything again after a write too large to carry its annotations', async () => {
    const byCount = query({}, { key: 'annotations', descending: true });
    await model.window(byCount, 0, 1);
    limitCarried(db, 2);
    await createAnnotations(db, annotationsOn(idOf(200), 7));
    await vi.waitFor(() => expect(applied.length).toBeGreaterThan(0));
    await Promise.all(applied);
    expect((await model.window(byCount, 0, 1)).rows[0]!.id).toBe(idOf(200));
  });

  it('follows a few written articles by id, and many by reading every article again', async () => {
    await model.window(query(), 0, 1);
    // Article 3's annotations go with it: one change to articles and annotations.
    await deleteArticles(db, [idOf(SIZE - 1), idOf(3)]);
    await vi.waitFor(() => expect(applied.length).toBe(2));
    await Promise.all(applied);
    const after = await model.window(query(), 0, 1);
    expect(after.total).toBe(SIZE - 2);
    expect(after.rows[0]!.id).toBe(idOf(SIZE - 2));

    const more = Array.from({ length: SIZE }, (_, i) => article(SIZE + i));
    await addArticles(db, more);
    await vi.waitFor(() => expect(applied.length).toBe(3));
    await Promise.all(applied);
    const grown = await model.window(query(), 0, 1);
    expect(grown.total).toBe(2 * SIZE - 2);
    expect(grown.rows[0]!.id).toBe(idOf(2 * SIZE - 1));
  });

  it('answers the ids of a selection, a Shift range and the whole list in the list order', async () => {
    const q = query({ source: 'BBC News' }, { key: 'title', descending: false });
    // BBC News: i % 3 === 1, by title: 1, 4, 7, 10, …
    expect(await model.ids(q, { between: [idOf(10), idOf(4)] })).toEqual([idOf(4), idOf(7), idOf(10)]);
    expect(await model.ids(q, { between: [idOf(4), idOf(3)] })).toEqual([]);
    expect(await model.ids(q, { among: [idOf(7), idOf(3), idOf(1)] })).toEqual([idOf(1), idOf(7)]);
    expect((await model.ids(q)).length).toBe(
      Array.from({ length: SIZE }, (_, i) => i).filter((i) => i % 3 === 1).length,
    );
    expect(await model.indexOf(q, idOf(7))).toBe(2);
    expect(await model.indexOf(q, idOf(3))).toBe(-1);
  });
});

describe('libraryChanges', () => {
  const change = (over: Partial<StoreChange>): StoreChange =>
    ({ keys: {}, annotations: null, ...over }) as StoreChange;

  it('names a few articles, and says only "everything" for a change too large to name', () => {
    const few = Array.from({ length: NAMED_ARTICLES }, (_, i) => `a${i}`);
    expect(libraryChanges(change({ keys: { articles: few } }))).toEqual([{ table: 'articles', ids: few }]);
    const many = [...few, 'one more'];
    expect(libraryChanges(change({ keys: { articles: many } }))).toEqual([{ table: 'articles', ids: null }]);
  });

  it('names the articles of carried annotations, and none when the records were not carried', () => {
    const written = [
      { id: 'n1', articleId: 'x', value: null },
      { id: 'n2', articleId: 'x', value: null },
      { id: 'n3', articleId: 'y', value: null },
    ] as unknown as StoreChange['annotations'];
    expect(
      libraryChanges(change({ keys: { annotations: ['n1', 'n2', 'n3'] }, annotations: written })),
    ).toEqual([{ table: 'annotations', articleIds: ['x', 'y'] }]);
    expect(libraryChanges(change({ keys: { annotations: ['n1'] } }))).toEqual([
      { table: 'annotations', articleIds: null },
    ]);
    expect(libraryChanges(change({ keys: { sourceGrades: ['BBC News'], bodies: ['x'] } }))).toEqual([
      { table: 'sourceGrades' },
    ]);
  });
});
