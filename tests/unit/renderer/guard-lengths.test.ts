import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { StoreValidationError } from '../../../renderer/src/db/guard';
import { startJournal } from '../../../renderer/src/db/journal';
import { deleteArticles } from '../../../renderer/src/db/library';
import { splitArticle } from '../../../renderer/src/db/project-data';
import { makeAnnotation, makeArticle, seqId } from './records';

/*
 * The guard checks every annotation against its article's length. A connection remembers the
 * lengths it has seen across its transactions while the journal's control row says no article
 * changed since (its `articles` stamp, set afresh by every transaction that writes or deletes an
 * article, in any connection) — so that a sync page does not read again the ~1,000 articles its
 * annotations point into. Two connections here stand for the sync worker and the window: what one
 * does to an article, the other's next check must see.
 */

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';

let name = '';
let worker: GlossDB;
let window: GlossDB;

/** Counts the `get` requests on the articles table from here on. */
function countArticleReads(): { reads: number; stop(): void } {
  const proto = (globalThis as unknown as { IDBObjectStore: { prototype: { get(key: unknown): unknown } } })
    .IDBObjectStore.prototype;
  const get = proto.get;
  const counter = {
    reads: 0,
    stop: () => {
      proto.get = get;
    },
  };
  proto.get = function (this: { name: string }, key: unknown) {
    if (this.name === 'articles') counter.reads++;
    return get.call(this, key);
  };
  return counter;
}

beforeEach(async () => {
  name = `gloss-lengths-${Date.now()}-${Math.random()}`;
  worker = new GlossDB(name);
  window = new GlossDB(name);
  // A team sync is configured: the journal's control row exists.
  await startJournal(window, 'http://127.0.0.1:5984/team', false);
  await addArticles(window, [makeArticle('a1', TEXT), makeArticle('a2', TEXT)]);
});
afterEach(async () => {
  worker.close();
  window.close();
  await Dexie.delete(name);
});

const on = (articleId: string, n: number, end = 5) =>
  makeAnnotation(TEXT, 0, end, { id: seqId(n), articleId });

describe('article lengths remembered across transactions', () => {
  it('are not read again while no article changed', async () => {
    await createAnnotations(worker, [on('a1', 1), on('a2', 2)]);
    const counter = countArticleReads();
    try {
      await createAnnotations(worker, [on('a1', 3), on('a2', 4)]);
      expect(counter.reads).toBe(0);
    } finally {
      counter.stop();
    }
    expect(await worker.annotations.count()).toBe(4);
  });

  it('are read again once another connection deleted an article, and the annotation is refused', async () => {
    await createAnnotations(worker, [on('a1', 1)]);
    await deleteArticles(window, ['a1']);
    const refused = await createAnnotations(worker, [on('a1', 2)]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreValidationError);
    expect((refused as StoreValidationError).reason).toBe('missing-article');
    expect(await worker.annotations.get(seqId(2))).toBeUndefined();
  });

  it('are read again once another connection changed an article’s text, and what lies outside it is refused', async () => {
    await createAnnotations(worker, [on('a1', 1, 40)]);
    const shorter = makeArticle('a1', TEXT.slice(0, 20));
    const { meta, body } = splitArticle(shorter);
    await window.transaction('rw', window.articles, window.bodies, window.annotations, async () => {
      await window.annotations.delete(seqId(1));
      await window.articles.put(meta);
      await window.bodies.put(body);
    });
    const refused = await createAnnotations(worker, [on('a1', 2, 40)]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreValidationError);
    expect((refused as StoreValidationError).reason).toBe('outside-text');
  });

  it('are forgotten with a transaction that failed: an article it wrote is not taken as held', async () => {
    const failed = await worker
      .transaction('rw', worker.articles, worker.bodies, worker.annotations, async () => {
        const { meta, body } = splitArticle(makeArticle('a3', TEXT));
        await worker.articles.put(meta);
        await worker.bodies.put(body);
        await worker.annotations.put(on('a3', 1));
        throw new Error('the caller gave up');
      })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    const refused = await createAnnotations(worker, [on('a3', 2)]).catch((e: unknown) => e);
    expect((refused as StoreValidationError).reason).toBe('missing-article');
  });

  it('are not remembered without a team sync (no control row): each transaction reads them', async () => {
    await window.journal.clear();
    await createAnnotations(worker, [on('a1', 1)]);
    const counter = countArticleReads();
    try {
      await createAnnotations(worker, [on('a1', 2)]);
      expect(counter.reads).toBe(1);
    } finally {
      counter.stop();
    }
  });
});
