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
import {
  annotationCounts,
  deleteArticles,
  restoreArticles,
  watchAnnotationCounts,
  type CountsUpdate,
  type KindCounts,
} from '../../../renderer/src/db/library';
import { makeAnnotation, makeArticle, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
let db: GlossDB;
let n = 0;
let stop: (() => void) | null = null;
const updates: { counts: ReadonlyMap<string, KindCounts>; how: CountsUpdate }[] = [];

const annotation = (articleId: string, kind: Annotation['kind']): Annotation =>
  makeAnnotation(TEXT, 0, 12, { id: seqId(++n), articleId, kind });

beforeEach(async () => {
  db = new GlossDB(`gloss-counts-${Date.now()}-${Math.random()}`);
  await addArticles(db, [makeArticle('a', TEXT), makeArticle('b', `${TEXT} Again.`)]);
  updates.length = 0;
});
afterEach(async () => {
  stop?.();
  stop = null;
  db.close();
  await Dexie.delete(db.name);
});

/** Waits until the watcher has reported `count` updates. */
async function settled(count: number): Promise<void> {
  await vi.waitFor(() => expect(updates.length).toBeGreaterThanOrEqual(count), { timeout: 10_000 });
}

/** Writes annotations straight to the table, as an import or a merge does (through the guard). */
const raw = (write: () => Promise<unknown>) => db.transaction('rw', db.articles, db.annotations, write);

/** The last counts reported, as plain objects, leaving out articles with nothing live. */
const last = () =>
  Object.fromEntries(
    [...updates.at(-1)!.counts].filter(([, c]) => c.claim + c.assessment + c.figure > 0).sort(),
  );
/** What a full count says now, in the same shape. */
const truth = async () =>
  Object.fromEntries(
    [...(await annotationCounts(db))].filter(([, c]) => c.claim + c.assessment + c.figure > 0).sort(),
  );

describe('watchAnnotationCounts', () => {
  it('applies edits by re-counting their articles, never the whole library', async () => {
    await createAnnotations(db, [annotation('a', 'claim'), annotation('b', 'figure')]);
    stop = watchAnnotationCounts(db, (counts, how) => updates.push({ counts, how }));
    await settled(1);
    expect(updates.map((u) => u.how)).toEqual(['full']);
    expect(last()).toEqual({
      a: { claim: 1, assessment: 0, figure: 0 },
      b: { claim: 0, assessment: 0, figure: 1 },
    });

    // Create.
    const created = annotation('a', 'assessment');
    await createAnnotations(db, [created]);
    await settled(2);
    expect(last()).toEqual({ ...(await truth()) });
    expect(last()['a']).toEqual({ claim: 1, assessment: 1, figure: 0 });

    // Kind change.
    await updateAnnotations(db, [created.id], { kind: 'figure' });
    await settled(3);
    expect(last()['a']).toEqual({ claim: 1, assessment: 0, figure: 1 });

    // Delete, then undo the delete.
    await deleteAnnotations(db, [created.id]);
    await settled(4);
    expect(last()['a']).toEqual({ claim: 1, assessment: 0, figure: 0 });
    await undo(db);
    await settled(5);
    expect(last()['a']).toEqual({ claim: 1, assessment: 0, figure: 1 });
    expect(last()).toEqual(await truth());

    // Every one of those was answered by re-counting one article.
    expect(updates.map((u) => u.how)).toEqual(['full', 'articles', 'articles', 'articles', 'articles']);
  });

  it('re-counts only the touched articles for every write the feed carries: article delete and restore, raw writes', async () => {
    await createAnnotations(db, [annotation('a', 'claim'), annotation('b', 'figure')]);
    stop = watchAnnotationCounts(db, (counts, how) => updates.push({ counts, how }));
    await settled(1);

    // Deleting an article removes its annotations: the feed reports them, and their article.
    const removed = await deleteArticles(db, ['a']);
    await settled(2);
    expect(updates.at(-1)!.how).toBe('articles');
    expect(last()).toEqual({ b: { claim: 0, assessment: 0, figure: 1 } });

    await restoreArticles(db, removed);
    await settled(3);
    expect(last()).toEqual(await truth());
    expect(last()['a']).toEqual({ claim: 1, assessment: 0, figure: 0 });

    // A write straight to the table (as an import or a merge does) passes the same gate.
    const b = (await db.annotations.where('articleId').equals('b').first())!;
    await raw(() => db.annotations.put({ ...b, kind: 'claim' }));
    await settled(4);
    expect(updates.at(-1)!.how).toBe('articles');
    expect(last()['b']).toEqual({ claim: 1, assessment: 0, figure: 0 });
    expect(updates.slice(1).map((u) => u.how)).toEqual(['articles', 'articles', 'articles']);
  });

  it('counts everything again after a write too large for the feed to carry', async () => {
    limitCarried(db, 20);
    stop = watchAnnotationCounts(db, (counts, how) => updates.push({ counts, how }));
    await settled(1);
    const many = Array.from({ length: 21 }, () => annotation('b', 'assessment'));
    await raw(() => db.annotations.bulkAdd(many));
    await settled(2);
    expect(updates.at(-1)!.how).toBe('full');
    expect(last()).toEqual(await truth());
    expect(last()['b']).toEqual({ claim: 0, assessment: 21, figure: 0 });
  });

  it('is not fooled by two writes at the same time', async () => {
    stop = watchAnnotationCounts(db, (counts, how) => updates.push({ counts, how }));
    await settled(1);
    await Promise.all([
      createAnnotations(db, [annotation('a', 'claim')]),
      raw(() => db.annotations.add(annotation('b', 'assessment'))),
    ]);
    await vi.waitFor(async () => expect(last()).toEqual(await truth()));
    expect(last()['b']).toEqual({ claim: 0, assessment: 1, figure: 0 });
  });

  it('stops reporting once stopped', async () => {
    stop = watchAnnotationCounts(db, (counts, how) => updates.push({ counts, how }));
    await settled(1);
    stop();
    stop = null;
    // A listener of its own, added after the watcher's, tells when the writes were reported.
    let reported = 0;
    const listening = onStoreChange(db, () => reported++);
    await createAnnotations(db, [annotation('a', 'claim')]);
    await raw(() => db.annotations.add(annotation('b', 'claim')));
    listening();
    expect(reported).toBe(2);
    expect(updates).toHaveLength(1);
  });
});
