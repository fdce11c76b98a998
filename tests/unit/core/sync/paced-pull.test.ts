import { describe, expect, it } from 'vitest';
import { CliPouch } from '../../../../cli/sync-pouch';
import { syncChanges, toDocument, type ReplicaDatabase } from '../../../../core/sync';
import { PULL_AHEAD, SYNC_PAGE_SIZE } from '../../../../core/sync/engine';
import { DEFAULT_BATCH_SIZE } from '../../../../core/sync/replicate';

/*
 * A pull whose documents are taken in while it goes on (the app's first sync, `gloss sync`) runs
 * at most PULL_AHEAD documents ahead of the taking in: what a sync cut off has pulled and not
 * taken in is what it must keep for later, and an in-memory replica would otherwise hold most of
 * the library before the store did. Real PouchDB databases (memory adapter) on both sides; the
 * first page is held until the replicator stops by itself (no request in progress) or has pulled
 * everything — no fixed wait.
 */

const pouch = (name: string) =>
  new CliPouch(`${name}-${Date.now()}-${Math.random()}`, { adapter: 'memory' }) as unknown as ReplicaDatabase;

/** Requests in progress on the databases `watch` wrapped. */
let inFlight = 0;
/** `db`, its every call counted in {@link inFlight} until it settles. */
function watch(db: ReplicaDatabase): ReplicaDatabase {
  return new Proxy(db, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(out instanceof Promise)) return out;
        inFlight++;
        return out.finally(() => inFlight--);
      };
    },
  });
}

/**
 * Resolves once `done()` holds, or once neither database has had a request in progress for 50
 * turns of the event loop in a row: the replicator is held (it chains its steps without idle
 * turns while it works).
 */
async function heldOr(done: () => boolean): Promise<void> {
  let idle = 0;
  while (!done() && idle < 50) {
    await new Promise((resolve) => setImmediate(resolve));
    idle = inFlight === 0 ? idle + 1 : 0;
  }
}

describe('a pull taken in while it goes on', () => {
  it('waits for the taking in once PULL_AHEAD documents are pulled and not taken in; everything arrives', async () => {
    const count = 16_000;
    const remote = pouch('paced-remote');
    const docs = Array.from({ length: count }, (_, i) =>
      toDocument(
        { kind: 'tag', record: { name: `tag-${String(i).padStart(5, '0')}`, color: '#3b82f6' } },
        'ana',
      ),
    );
    const seed = remote as unknown as { bulkDocs(docs: object[]): Promise<unknown> };
    for (let i = 0; i < docs.length; i += 4000) await seed.bulkDocs(docs.slice(i, i + 4000));

    let pulled = 0;
    let handed = 0;
    let ahead = 0;
    const taken = new Set<string>();
    await syncChanges({
      local: watch(pouch('paced-local')),
      remote: watch(remote),
      user: 'bo',
      changed: [],
      removed: [],
      known: async () => new Map(),
      handOverWhilePulling: true,
      emptyReplica: true,
      onProgress: (p) => {
        if (p.phase === 'pull') pulled = Math.max(pulled, p.docs);
      },
      onPage: async (page, progress) => {
        // The first page is taken in only once the pull has gone as far as it may without it (or
        // has ended: it was not held).
        if (progress.pulling && handed === 0) await heldOr(() => pulled === count);
        ahead = Math.max(ahead, pulled - handed);
        for (const r of page.records) taken.add((r.record as { name: string }).name);
        handed += Object.keys(page.docs).length + page.keep.length;
      },
    });
    expect(taken.size).toBe(count);
    // The pull is let go while fewer than PULL_AHEAD wait; then it writes one more batch. (Not
    // held, it pulls all 16,000 before the first page is taken in.)
    expect(ahead).toBeLessThanOrEqual(PULL_AHEAD + DEFAULT_BATCH_SIZE + SYNC_PAGE_SIZE);
    expect(ahead).toBeGreaterThan(0);
  });
});
