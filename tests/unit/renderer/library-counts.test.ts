import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../../core/model';
import {
  createAnnotations,
  deleteAnnotations,
  undo,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
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

/** Waits until the watcher has reported `count` updates, then for any stray one. */
async function settled(count: number): Promise<void> {
  for (let i = 0; i < 200 && updates.length < count; i++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 30));
}

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
  it('applies this window’s edits by re-counting their articles, never the whole library', async () => {
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

  it('counts everything again after writes it was not told about: article delete and restore, other writers', async () => {
    await createAnnotations(db, [annotation('a', 'claim'), annotation('b', 'figure')]);
    stop = watchAnnotationCounts(db, (counts, how) => updates.push({ counts, how }));
    await settled(1);

    // Deleting an article removes its annotations behind the announcements' back.
    const removed = await deleteArticles(db, ['a']);
    await settled(2);
    expect(updates.at(-1)!.how).toBe('full');
    expect(last()).toEqual({ b: { claim: 0, assessment: 0, figure: 1 } });

    await restoreArticles(db, removed);
    await settled(3);
    expect(updates.at(-1)!.how).toBe('full');
    expect(last()).toEqual(await truth());
    expect(last()['a']).toEqual({ claim: 1, assessment: 0, figure: 0 });

    // A write straight to the table (as an import or a merge does), even of a single record.
    const b = (await db.annotations.where('articleId').equals('b').first())!;
    await db.annotations.put({ ...b, kind: 'claim' });
    await settled(4);
    expect(updates.at(-1)!.how).toBe('full');
    expect(last()['b']).toEqual({ claim: 1, assessment: 0, figure: 0 });
  });

  it('is not fooled by an announced write and a foreign one at the same time', async () => {
    stop = watchAnnotationCounts(db, (counts, how) => updates.push({ counts, how }));
    await settled(1);
    await Promise.all([
      createAnnotations(db, [annotation('a', 'claim')]),
      db.annotations.add(annotation('b', 'assessment')),
    ]);
    await settled(2);
    expect(updates.some((u, i) => i > 0 && u.how === 'full')).toBe(true);
    expect(last()).toEqual(await truth());
    expect(last()['b']).toEqual({ claim: 0, assessment: 1, figure: 0 });
  });

  it('stops reporting once stopped', async () => {
    stop = watchAnnotationCounts(db, (counts, how) => updates.push({ counts, how }));
    await settled(1);
    stop();
    stop = null;
    await createAnnotations(db, [annotation('a', 'claim')]);
    await db.annotations.add(annotation('b', 'claim'));
    await settled(2);
    expect(updates).toHaveLength(1);
  });
});
