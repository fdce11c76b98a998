import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation, Article } from '../../../core/model';
import { createAnnotations, deleteAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles, getArticle } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import {
  annotationCounts,
  articlesTagged,
  deleteArticles,
  restoreArticles,
} from '../../../renderer/src/db/library';
import { makeAnnotation, makeArticle, seqId } from './records';

let db: GlossDB;
let n = 0;

function article(id: string, text: string): Article {
  return makeArticle(id, text);
}
const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';

function annotation(articleId: string, kind: Annotation['kind'], tags: string[] = []): Annotation {
  n++;
  return makeAnnotation(TEXT, 0, 12, { id: seqId(n), articleId, kind, tags });
}

beforeEach(async () => {
  db = new GlossDB(`gloss-library-${Date.now()}-${Math.random()}`);
  await addArticles(db, [article('a', TEXT), article('b', `${TEXT} Again.`)]);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('annotation counts per article', () => {
  it('counts live annotations by kind and leaves tombstones out', async () => {
    const gone = annotation('a', 'figure');
    await createAnnotations(db, [
      annotation('a', 'claim'),
      annotation('a', 'claim', ['casualties']),
      gone,
      annotation('b', 'assessment'),
    ]);
    await deleteAnnotations(db, [gone.id]);
    const counts = await annotationCounts(db);
    expect(counts.get('a')).toEqual({ claim: 2, assessment: 0, figure: 0 });
    expect(counts.get('b')).toEqual({ claim: 0, assessment: 1, figure: 0 });
    expect([...(await articlesTagged(db, 'casualties'))]).toEqual(['a']);
  });
});

describe('deleting articles', () => {
  it('removes articles, bodies and annotations together and puts them back exactly', async () => {
    const notes = [annotation('a', 'claim'), annotation('a', 'figure'), annotation('b', 'claim')];
    await createAnnotations(db, notes);
    await deleteAnnotations(db, [notes[1]!.id]);
    const before = await getArticle(db, 'a');
    const removed = await deleteArticles(db, ['a', 'missing']);
    expect(removed.articles.map((a) => a.id)).toEqual(['a']);
    expect(removed.annotations).toHaveLength(2);
    expect(await db.articles.count()).toBe(1);
    expect(await db.bodies.count()).toBe(1);
    expect(await db.annotations.where('articleId').equals('a').count()).toBe(0);
    expect(await db.annotations.where('articleId').equals('b').count()).toBe(1);

    await restoreArticles(db, removed);
    expect(await getArticle(db, 'a')).toEqual(before);
    expect((await annotationCounts(db)).get('a')).toEqual({ claim: 1, assessment: 0, figure: 0 });
    expect(await db.annotations.count()).toBe(3);
  });

  it('refuses to restore over the same text imported again, writing nothing', async () => {
    const removed = await deleteArticles(db, ['a']);
    const original = removed.articles[0]!;
    await addArticles(db, [{ ...article('a2', TEXT), contentHash: original.contentHash }]);
    await expect(restoreArticles(db, removed)).rejects.toThrow(/imported again/);
    expect(await db.articles.get('a')).toBeUndefined();
    expect(await db.bodies.get('a')).toBeUndefined();
  });
});
