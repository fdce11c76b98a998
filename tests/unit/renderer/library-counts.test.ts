import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Annotation } from '../../../core/model';
import {
  createAnnotations,
  deleteAnnotations,
  undo,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { limitCarried, onStoreChange } from '../../../renderer/src/db/changes';
import { GlossDB } from '../../../renderer/src/db/db';
import { annotationCounts, deleteArticles, restoreArticles } from '../../../renderer/src/db/library';
import { LibraryModel, libraryChanges } from '../../../renderer/src/features/library/library-model';
import { EMPTY_FILTER } from '../../../renderer/src/features/library/library-view';
import { makeAnnotation, makeArticle, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
let db: GlossDB;
let n = 0;
let model: LibraryModel;
let stop: (() => void) | null = null;
const applied: Promise<void>[] = [];

const annotation = (articleId: string, kind: Annotation['kind']): Annotation =>
  makeAnnotation(TEXT, 0, 12, { id: seqId(++n), articleId, kind });

beforeEach(async () => {
  db = new GlossDB(`gloss-counts-${Date.now()}-${Math.random()}`);
  await addArticles(db, [
    makeArticle('a', TEXT),
    makeArticle('b', `${TEXT} Again.`),
    makeArticle('c', `${TEXT} Once more.`),
  ]);
  model = new LibraryModel(db);
  applied.length = 0;
});
afterEach(async () => {
  stop?.();
  stop = null;
  db.close();
  await Dexie.delete(db.name);
});

/** Starts telling the model of every committed change, as the list's client does. */
const watch = () =>
  (stop = onStoreChange(db, (change) => {
    for (const c of libraryChanges(change)) applied.push(model.changed(c));
  }));

/** Writes annotations straight to the table, as an import or a merge does (through the guard). */
const raw = (write: () => Promise<unknown>) => db.transaction('rw', db.articles, db.annotations, write);

const BY_COUNT = {
  filter: { ...EMPTY_FILTER, hasAnnotations: 'yes' as const },
  sort: { key: 'annotations' as const, descending: true },
};

/** The annotated articles, most annotations first (ties by id), by a full count of the store now. */
async function truth(): Promise<string[]> {
  const counts = [...(await annotationCounts(db))]
    .map(([id, c]) => [id, c.claim + c.assessment + c.figure] as const)
    .filter(([, total]) => total > 0);
  return counts.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([id]) => id);
}

/** Waits for the `count`th change to be applied, then compares the model's order with the truth. */
async function matchesTruth(count: number): Promise<string[]> {
  await vi.waitFor(() => expect(applied.length).toBeGreaterThanOrEqual(count), { timeout: 10_000 });
  await Promise.all(applied);
  const held = await model.ids(BY_COUNT);
  expect(held).toEqual(await truth());
  return held;
}

describe("the library model's annotation counts", () => {
  it('follow edits by re-counting their articles: create, kind change, delete, undo', async () => {
    await createAnnotations(db, [
      annotation('a', 'claim'),
      annotation('b', 'figure'),
      annotation('b', 'claim'),
    ]);
    watch();
    expect(await model.ids(BY_COUNT)).toEqual(['b', 'a']);

    const created = [annotation('a', 'assessment'), annotation('a', 'claim')];
    await createAnnotations(db, created);
    expect(await matchesTruth(1)).toEqual(['a', 'b']);
    await updateAnnotations(db, [created[0]!.id], { kind: 'figure' });
    expect(await matchesTruth(2)).toEqual(['a', 'b']);
    await deleteAnnotations(
      db,
      created.map((c) => c.id),
    );
    expect(await matchesTruth(3)).toEqual(['b', 'a']);
    await undo(db);
    expect(await matchesTruth(4)).toEqual(['a', 'b']);
  });

  it('follow article delete and restore, and writes straight to the table', async () => {
    await createAnnotations(db, [annotation('a', 'claim'), annotation('b', 'figure')]);
    watch();
    await model.ids(BY_COUNT);
    const removed = await deleteArticles(db, ['a']);
    expect(await matchesTruth(1)).toEqual(['b']);
    await restoreArticles(db, removed);
    expect(await matchesTruth(3)).toEqual(['a', 'b']);
    await raw(() => db.annotations.bulkAdd([annotation('c', 'claim'), annotation('c', 'figure')]));
    expect(await matchesTruth(5)).toEqual(['c', 'a', 'b']);
  });

  it('are counted again in full after a write too large for the feed to carry', async () => {
    limitCarried(db, 20);
    watch();
    expect(await model.ids(BY_COUNT)).toEqual([]);
    await raw(() => db.annotations.bulkAdd(Array.from({ length: 21 }, () => annotation('b', 'assessment'))));
    expect(await matchesTruth(1)).toEqual(['b']);
  });

  it('are not fooled by two writes at the same time', async () => {
    watch();
    await model.ids(BY_COUNT);
    await Promise.all([
      createAnnotations(db, [annotation('a', 'claim')]),
      raw(() => db.annotations.bulkAdd([annotation('b', 'assessment'), annotation('b', 'claim')])),
    ]);
    expect(await matchesTruth(2)).toEqual(['b', 'a']);
  });
});
