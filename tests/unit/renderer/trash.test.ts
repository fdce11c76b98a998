import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../../core/model';
import { createAnnotations, deleteAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import {
  countForDeletion,
  emptyTrash,
  listTrash,
  restoreFromTrash,
  trashArticles,
  TRASH_KEPT,
} from '../../../renderer/src/db/trash';
import { makeAnnotation, makeArticle, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
let db: GlossDB;
let n = 0;
const annotation = (articleId: string): Annotation =>
  makeAnnotation(TEXT, 0, 12, { id: seqId(++n), articleId, kind: 'claim' });

beforeEach(async () => {
  db = new GlossDB(`gloss-trash-${Date.now()}-${Math.random()}`);
  await addArticles(db, [makeArticle('a', TEXT), makeArticle('b', `${TEXT} Again.`)]);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('the trash', () => {
  it('counts what a deletion takes (live annotations only) before anything changes', async () => {
    const gone = annotation('a');
    await createAnnotations(db, [annotation('a'), annotation('a'), gone, annotation('b')]);
    await deleteAnnotations(db, [gone.id]);
    expect(await countForDeletion(db, ['a'])).toEqual({ articles: 1, annotations: 2 });
    expect(await db.articles.count()).toBe(2);
  });

  it('keeps deleted articles with their annotations, and restores them from a fresh connection', async () => {
    await createAnnotations(db, [annotation('a'), annotation('a')]);
    const entry = await trashArticles(db, ['a']);
    expect(entry?.label).toBe('1 article and 2 annotations');
    expect(await db.articles.get('a')).toBeUndefined();
    expect(await db.annotations.where('articleId').equals('a').count()).toBe(0);

    // A reload: another connection to the same database still has the deletion to undo.
    const name = db.name;
    db.close();
    db = new GlossDB(name);
    const [kept] = await listTrash(db);
    expect(kept?.id).toBe(entry?.id);
    await restoreFromTrash(db, kept!.id);
    expect((await db.articles.get('a'))?.id).toBe('a');
    expect((await db.bodies.get('a'))?.text).toBe(TEXT);
    expect(await db.annotations.where('articleId').equals('a').count()).toBe(2);
    expect(await listTrash(db)).toEqual([]);
  });

  it('refuses to restore over the same text imported again, changing nothing', async () => {
    const entry = await trashArticles(db, ['a']);
    // The same text again (same content hash) under a new id.
    await addArticles(db, [
      { ...makeArticle('a2', TEXT), contentHash: entry!.removed.articles[0]!.contentHash },
    ]);
    await expect(restoreFromTrash(db, entry!.id)).rejects.toThrow(/imported again/);
    expect(await listTrash(db)).toHaveLength(1);
  });

  it(`keeps the newest ${TRASH_KEPT} deletions, and empties on request`, async () => {
    const texts = Array.from({ length: TRASH_KEPT + 2 }, (_, i) => `${TEXT} Copy ${i}.`);
    await addArticles(
      db,
      texts.map((t, i) => makeArticle(`c${i}`, t)),
    );
    for (let i = 0; i < texts.length; i++) await trashArticles(db, [`c${i}`]);
    const kept = await listTrash(db);
    expect(kept).toHaveLength(TRASH_KEPT);
    expect(kept[0]!.removed.articles[0]!.id).toBe(`c${texts.length - 1}`);
    await emptyTrash(db);
    expect(await listTrash(db)).toEqual([]);
  });
});
