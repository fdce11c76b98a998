import { afterEach, describe, expect, it } from 'vitest';
import type { SyncPage } from '../../../core/sync';
import { createAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { onStoreChange, type StoreChange } from '../../../renderer/src/db/changes';
import { db } from '../../../renderer/src/db';
import { applySyncPage } from '../../../renderer/src/db/sync-apply';
import { makeAnnotation, makeArticle, seqId } from './records';

/*
 * One page of what a sync brought, taken into the store (`applySyncPage`). Annotations the store
 * held nothing of when the sync began are added without being looked up first; where the store
 * holds one after all (written here meanwhile), the add of that one alone is refused and it is
 * sorted out as any record changed during a sync is: the analyst's version kept (`movedOn`), or
 * nothing to do when it is already as the sync brought it.
 */

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';

afterEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
});

const page = (annotations: ReturnType<typeof makeAnnotation>[], was: SyncPage['was'] = {}): SyncPage => ({
  records: annotations.map((record) => ({ kind: 'annotation' as const, record })),
  removed: [],
  docs: {},
  keep: [],
  was,
});

describe('taking a page of new annotations into the store', () => {
  it('writes those the store lacks, keeps what the analyst wrote meanwhile, and reports only what it wrote', async () => {
    await addArticles(db, [makeArticle('a1', TEXT)]);
    const theirs = [1, 2, 3, 4].map((n) =>
      makeAnnotation(TEXT, 0, 5, { id: seqId(n), articleId: 'a1', note: `theirs ${n}` }),
    );
    // Written here while the sync ran: #2 exactly as the sync brings it, #3 with another note.
    const mine3 = { ...theirs[2]!, note: 'mine, typed meanwhile' };
    await createAnnotations(db, [theirs[1]!, mine3]);

    const changes: StoreChange[] = [];
    const stop = onStoreChange(db, (c) => changes.push(c));
    const taken = await applySyncPage(db, page(theirs));
    stop();

    expect(taken.movedOn).toEqual([`annotation:${seqId(3)}`]);
    expect(taken.written).toBe(2);
    expect(taken.heldBack).toEqual([]);
    expect((await db.annotations.get(seqId(1)))?.note).toBe('theirs 1');
    expect((await db.annotations.get(seqId(2)))?.note).toBe('theirs 2');
    expect((await db.annotations.get(seqId(3)))?.note).toBe('mine, typed meanwhile');
    expect((await db.annotations.get(seqId(4)))?.note).toBe('theirs 4');
    // The change feed carries the records written, not the ones the store refused to add.
    const synced = changes.filter((c) => c.source === 'sync');
    expect(synced).toHaveLength(1);
    expect(synced[0]!.annotations?.map((w) => [w.id, (w.value as { note: string }).note]).sort()).toEqual([
      [seqId(1), 'theirs 1'],
      [seqId(4), 'theirs 4'],
    ]);
    expect(synced[0]!.keys.annotations?.sort()).toEqual([seqId(1), seqId(4)]);
  });

  it('holds back, without writing anything of it, an annotation whose article is not here', async () => {
    await addArticles(db, [makeArticle('a1', TEXT)]);
    const here = makeAnnotation(TEXT, 0, 5, { id: seqId(1), articleId: 'a1' });
    const away = makeAnnotation(TEXT, 0, 5, { id: seqId(2), articleId: 'a9' });
    const taken = await applySyncPage(db, page([here, away]));
    expect(taken.heldBack).toEqual([`annotation:${seqId(2)}`]);
    expect(taken.written).toBe(1);
    expect(await db.annotations.count()).toBe(1);
  });

  it('still compares an annotation the sync knew the store held (its `was`), and never adds over it', async () => {
    await addArticles(db, [makeArticle('a1', TEXT)]);
    const before = makeAnnotation(TEXT, 0, 5, { id: seqId(1), articleId: 'a1', note: 'before' });
    await createAnnotations(db, [before]);
    const after = { ...before, note: 'after' };
    // `was` names a digest the store no longer matches: the analyst changed it; theirs waits.
    const taken = await applySyncPage(db, page([after], { [`annotation:${seqId(1)}`]: 'not-the-digest' }));
    expect(taken.movedOn).toEqual([`annotation:${seqId(1)}`]);
    expect((await db.annotations.get(seqId(1)))?.note).toBe('before');
  });
});
