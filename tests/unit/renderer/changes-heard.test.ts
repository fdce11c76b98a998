import { afterAll, describe, expect, it, vi } from 'vitest';
import { Dexie } from 'dexie';
import { makeArticle } from '../core/project/make-project';
import { onStoreChange, type StoreChange } from '../../../renderer/src/db/changes';
import { GlossDB } from '../../../renderer/src/db/db';
import { addArticles } from '../../../renderer/src/db/articles';
import { pack, unpack } from '../../../renderer/src/db/guard';
import { ChangesHeard } from '../../../renderer/src/features/search/changes-heard';

/*
 * A search asked right after an edit must hold the edit: the window names the last change it has
 * heard of, and the search worker (which hears the store's feed over its own channel) waits until
 * it has heard that change too.
 */

afterAll(async () => {
  for (const name of await Dexie.getDatabaseNames()) await Dexie.delete(name);
});

describe('a store change', () => {
  it('carries a stamp of its own, the same in every context it reaches', async () => {
    const db = new GlossDB(`stamps-${Date.now()}`);
    const seen: StoreChange[] = [];
    const stop = onStoreChange(db, (c) => seen.push(c));
    await addArticles(db, [await makeArticle('art-1', 'The ministry said exports rose.')]);
    await addArticles(db, [await makeArticle('art-2', 'Officials denied a fuel shortage.')]);
    stop();
    expect(seen).toHaveLength(2);
    const [a, b] = seen.map((c) => c.stamp);
    expect(a).toMatch(/^\w+:\d+$/);
    expect(b).not.toBe(a);
    // As another window or worker receives it.
    expect(unpack(structuredClone(pack(seen[1]!))).stamp).toBe(b);
    db.close();
  });
});

describe('changes heard (the search worker)', () => {
  it('answers at once for a change heard, or for none', async () => {
    const heard = new ChangesHeard();
    heard.hear('w:1');
    await heard.waitFor('w:1');
    await heard.waitFor(null);
  });

  it('waits for a change not heard yet, and goes on once it is', async () => {
    const heard = new ChangesHeard();
    let done = false;
    const waiting = heard.waitFor('w:2').then(() => (done = true));
    heard.hear('w:1');
    await Promise.resolve();
    expect(done).toBe(false);
    heard.hear('w:2');
    await waiting;
    expect(done).toBe(true);
  });

  it('gives up after a while should the change never come', async () => {
    vi.useFakeTimers();
    try {
      const heard = new ChangesHeard(10, 2000);
      let done = false;
      const waiting = heard.waitFor('lost:1').then(() => (done = true));
      await vi.advanceTimersByTimeAsync(1999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps only the latest changes heard', async () => {
    vi.useFakeTimers();
    try {
      const heard = new ChangesHeard(2, 50);
      for (const s of ['a:1', 'a:2', 'a:3']) heard.hear(s);
      let oldest = false;
      const waiting = heard.waitFor('a:1').then(() => (oldest = true));
      await Promise.resolve();
      expect(oldest).toBe(false);
      await vi.advanceTimersByTimeAsync(50);
      await waiting;
      let latest = false;
      await heard.waitFor('a:3').then(() => (latest = true));
      expect(latest).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
