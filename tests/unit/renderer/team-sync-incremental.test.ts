import { Dexie } from 'dexie';
import PouchDB from 'pouchdb-core';
import http from 'pouchdb-adapter-http';
import memory from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYNC_PAGE_SIZE, documentId, projectRecords, toDocument, type SyncPage } from '../../../core/sync';
import {
  createAnnotations,
  deleteAnnotations,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { readProjectDocument } from '../../../renderer/src/db/project-data';
import { applySyncPage } from '../../../renderer/src/db/sync-apply';
import { saveAnalystName } from '../../../renderer/src/features/analyst/analyst';
import {
  syncCycle,
  type CycleOptions,
  type PageApplier,
  type PouchFactory,
  type ReplicaPouch,
} from '../../../renderer/src/features/sync/replica';
import {
  LocalChanges,
  syncStoreOnce,
  type CycleRunner,
} from '../../../renderer/src/features/sync/store-sync';
import { allDocs, createDatabase, createUser, startCouch, type TestCouch } from '../cli/sync/couch';
import { makeAnnotation, makeArticle, makeProject } from '../core/project/make-project';

/*
 * The app's sync cycle after the first one touches only what changed (issue 14): what it stages
 * comes from the store's change feed, what it reads back from the pull's own changes; and a first
 * sync interrupted half-way resumes from the replication checkpoint and its inbox, with nothing
 * lost and nothing doubled. Against a real PouchDB Server on loopback (or GLOSS_COUCHDB_URL); the
 * replica on PouchDB's memory adapter (see team-sync.test.ts for why).
 */

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

interface PouchConstructor {
  new (name: string, options: Record<string, unknown>): ReplicaPouch;
}
const Pouch = PouchDB.plugin(memory).plugin(http).plugin(replication) as unknown as PouchConstructor;

const TEXT =
  'The ministry said exports rose by 12 percent in May. Officials denied a fuel shortage. Analysts expect the corridor to stay open.';
const range = (q: string): [number, number] => [TEXT.indexOf(q), TEXT.indexOf(q) + q.length];

let couch: TestCouch;
let counter = 0;

/** What one cycle was given and handed back. */
interface Seen {
  changes: CycleOptions['changes'];
  pages: SyncPage[];
}

/** An app profile (store, change tracking, replica) syncing with `url` as `user`. */
async function profile(url: string, user: string, password: string, net: typeof fetch = fetch) {
  const n = ++counter;
  const db = new GlossDB(`gloss-sync-inc-${n}-${Date.now()}`);
  await saveAnalystName(db, `Analyst ${user}`);
  const replica = new Pouch(`replica-${n}`, { adapter: 'memory' });
  const factory: PouchFactory = {
    local: () => replica,
    remote: (u) =>
      new Pouch(u, { adapter: 'http', skip_setup: true, auth: { username: user, password }, fetch: net }),
  };
  const cycles: Seen[] = [];
  /** A cycle whose pages go into the store through `around` (by default, straight in), noted. */
  const around = (
    wrap: (apply: PageApplier) => PageApplier = (apply) => apply,
    extra: Partial<CycleOptions> = {},
  ): CycleRunner => ({
    cycle: (options) => {
      const seen: Seen = { changes: options.changes, pages: [] };
      cycles.push(seen);
      const apply = wrap((page) => applySyncPage(db, page));
      return syncCycle(factory, { ...options, ...extra }, (page, progress) => {
        seen.pages.push(page);
        return apply(page, progress);
      });
    },
  });
  const runner = around();
  let changes = new LocalChanges(db);
  return {
    db,
    cycles,
    runner,
    around,
    get changes() {
      return changes;
    },
    /** The app started again: a new change tracker (its first cycle compares the whole store). */
    restart() {
      changes.dispose();
      changes = new LocalChanges(db);
    },
    sync: (r: CycleRunner = runner) => syncStoreOnce(db, r, { url, user, changes }),
    /** Ids the last cycle handed back. */
    lastTouched: () => cycles.at(-1)!.pages.flatMap((p) => [...p.records.map(documentId), ...p.removed]),
  };
}

async function records(db: GlossDB) {
  const { envelope: _e, ...rest } = await readProjectDocument(
    db,
    { id: 'x', name: 'x' },
    '2026-01-01T00:00:00.000Z',
  );
  const sorted = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  return { articles: sorted(rest.articles), annotations: sorted(rest.annotations) };
}

beforeAll(async () => {
  couch = await startCouch();
  await createUser(couch, 'ana', 'ana-pw', ['gloss-writer']);
  await createUser(couch, 'bo', 'bo-pw', ['gloss-writer']);
});
afterAll(async () => {
  await couch?.stop();
  for (const name of await Dexie.getDatabaseNames()) await Dexie.delete(name);
});

describe('the app’s sync cycle after the first one', () => {
  it('stages and takes in only what changed: an edit, a deletion and a remote change all arrive', async () => {
    const url = await createDatabase(couch, `inc-${Date.now()}`, ['ana', 'bo']);
    const ana = await profile(url, 'ana', 'ana-pw');
    const bo = await profile(url, 'bo', 'bo-pw');
    const article = await makeArticle('art-1', TEXT);
    await addArticles(ana.db, [article]);
    const who = { id: 'a', name: 'Ana' };
    const ids = ['1', '2', '3'].map((d) => `00000000-0000-4000-8000-00000000000${d}`);
    await createAnnotations(ana.db, [
      makeAnnotation(ids[0]!, article, ...range('exports rose'), who),
      makeAnnotation(ids[1]!, article, ...range('fuel shortage'), who),
      makeAnnotation(ids[2]!, article, ...range('corridor'), who),
    ]);
    expect((await ana.sync()).report.pushed).toBe(4);
    expect('full' in ana.cycles[0]!.changes).toBe(true);
    expect((await bo.sync()).written).toBe(4);
    // What the sync took into Bo's store is no edit of Bo's (the change feed says `source: 'sync'`):
    // his next cycle is given nothing to send.
    await bo.sync();
    expect(bo.cycles.at(-1)!.changes).toEqual({ changed: [], removed: [] });

    // Nothing changed: the cycle is given nothing and hands back nothing.
    const idle = await ana.sync();
    expect(ana.cycles.at(-1)!.changes).toEqual({ changed: [], removed: [] });
    expect(ana.lastTouched()).toEqual([]);
    expect(idle.report.pushed).toBe(0);

    // An edit and a deletion (an annotation's deletion is its tombstone, deletedAt): the cycle
    // stages those two records only.
    await updateAnnotations(ana.db, [ids[0]!], { note: 'checked' });
    await deleteAnnotations(ana.db, [ids[1]!]);
    const sent = await ana.sync();
    const given = ana.cycles.at(-1)!.changes as { changed: { record: { id: string } }[]; removed: string[] };
    expect(given.changed.map((r) => r.record.id).sort()).toEqual([ids[0], ids[1]]);
    expect(given.removed).toEqual([]);
    expect(sent.report.pushed).toBe(2);

    // Bo takes in exactly those two.
    const got = await bo.sync();
    expect(bo.lastTouched().sort()).toEqual([`annotation:${ids[0]}`, `annotation:${ids[1]}`].sort());
    expect(got.report.pulled).toEqual({ added: 0, updated: 2, removed: 0 });
    expect((await bo.db.annotations.get(ids[1]!))?.deletedAt).toBeTruthy();
    expect(await records(bo.db)).toEqual(await records(ana.db));

    // A record removed from the store (a tag) goes as a CouchDB deletion, and arrives as one.
    await ana.db.tags.put({ name: 'fuel', color: '#3b82f6' });
    await ana.sync();
    await bo.sync();
    expect(await bo.db.tags.get('fuel')).toBeTruthy();
    await ana.db.tags.delete('fuel');
    await ana.sync();
    expect(ana.cycles.at(-1)!.changes).toEqual({ changed: [], removed: ['tag:fuel'] });
    await bo.sync();
    expect(bo.cycles.at(-1)!.pages.flatMap((p) => p.removed)).toEqual(['tag:fuel']);
    expect(await bo.db.tags.get('fuel')).toBeUndefined();

    // A remote change reaches Ana, alone.
    await updateAnnotations(bo.db, [ids[2]!], { note: 'Bo: see the port data' });
    await bo.sync();
    await ana.sync();
    expect(ana.lastTouched()).toEqual([`annotation:${ids[2]}`]);
    expect((await ana.db.annotations.get(ids[2]!))?.note).toBe('Bo: see the port data');
    expect(await records(ana.db)).toEqual(await records(bo.db));
  });

  it('a first sync interrupted half-way resumes: nothing lost, nothing doubled', async () => {
    const name = `resume-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana']);
    // 1 article, a tag, a set, a source grade and 1,400 annotations on the server: two pages of
    // SYNC_PAGE_SIZE (1,000), the first with the four others and 996 annotations.
    const project = await makeProject({ articles: 1, annotations: 1400, seed: 7 });
    const docs = projectRecords(project).map((r) => toDocument(r, 'admin'));
    const auth = `Basic ${Buffer.from(`${couch.admin.username}:${couch.admin.password}`).toString('base64')}`;
    const res = await fetch(`${url}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ docs }),
    });
    expect(res.ok).toBe(true);

    const ana = await profile(url, 'ana', 'ana-pw');
    // The window goes away while the second page is being taken in.
    let pages = 0;
    const dying = ana.around((apply) => (page, progress) => {
      if (++pages === 2) throw new Error('the window was closed');
      return apply(page, progress);
    });
    await expect(ana.sync(dying)).rejects.toThrow('the window was closed');
    // The first page — the article, the tag, the grade and the set first — was taken in.
    expect(await ana.db.articles.count()).toBe(1);
    expect(await ana.db.annotations.count()).toBe(SYNC_PAGE_SIZE - 4);

    // Started again: the pull has nothing new (its checkpoint), the inbox has the rest.
    ana.restart();
    const resumed = await ana.sync();
    expect(resumed.written).toBe(1404 - SYNC_PAGE_SIZE);
    expect(await ana.db.annotations.count()).toBe(1400);
    const held = await records(ana.db);
    const sorted = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(held.annotations).toEqual(sorted(project.annotations));
    // Nothing doubled, nothing conflicting, nothing sent back as new.
    expect(resumed.report.pushed).toBe(0);
    const onServer = await allDocs(couch, name);
    expect(onServer).toHaveLength(1404);
    expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
    // And the next cycle has nothing left to do.
    await ana.sync();
    expect(ana.lastTouched()).toEqual([]);
  });
});

describe('a first sync cut off in the middle of its pull', () => {
  it('takes in, next time, what the replicator wrote and checkpointed before the cut', async () => {
    const name = `cut-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana']);
    // More than one replication batch (DEFAULT_BATCH_SIZE, 2,000 documents).
    const project = await makeProject({ articles: 2, annotations: 2100, seed: 9 });
    const docs = projectRecords(project).map((r) => toDocument(r, 'admin'));
    const auth = `Basic ${Buffer.from(`${couch.admin.username}:${couch.admin.password}`).toString('base64')}`;
    const res = await fetch(`${url}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ docs }),
    });
    expect(res.ok).toBe(true);

    // The network goes once the pull has written its first checkpoint on the server: by then the
    // replicator has written the first batch into the replica and moved its checkpoint past it.
    let cut = true;
    let checkpointed = false;
    const net: typeof fetch = async (input, init) => {
      if (cut && checkpointed) throw new TypeError('fetch failed');
      const answer = await fetch(input, init);
      if (init?.method === 'PUT' && String(input).includes('/_local/')) checkpointed = true;
      return answer;
    };
    const ana = await profile(url, 'ana', 'ana-pw', net);
    // And the window with it: no page is taken in after that (pages are taken in while the pull
    // goes on, from the moment a batch is written, before its checkpoint).
    const crashed = ana.around((apply) => (page, progress) => {
      if (cut && checkpointed) throw new Error('the window was closed');
      return apply(page, progress);
    });
    await expect(ana.sync(crashed)).rejects.toThrow();
    expect(checkpointed).toBe(true);
    const held = async () =>
      (await ana.db.articles.count()) +
      (await ana.db.annotations.count()) +
      (await ana.db.tags.count()) +
      (await ana.db.sourceGrades.count()) +
      (await ana.db.sets.count());
    const taken = await held();
    expect(taken).toBeLessThan(docs.length);

    // The app starts again with the network back: the pull has nothing new (its checkpoint),
    // and yet every document arrives.
    cut = false;
    ana.restart();
    const next = await ana.sync();
    expect(next.written).toBe(docs.length - taken);
    expect(await held()).toBe(docs.length);
    expect(next.report.pushed).toBe(0);
    expect(await ana.db.articles.count()).toBe(2);
    expect(await ana.db.annotations.count()).toBe(2100);
    const sorted = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect((await records(ana.db)).annotations).toEqual(sorted(project.annotations));
    await ana.sync();
    expect(ana.lastTouched()).toEqual([]);
  });
});

describe('pages taken in while the pull goes on', () => {
  it('hands annotations that arrive before their article over again once the pull is done', async () => {
    const name = `order-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana']);
    const project = await makeProject({ articles: 1, annotations: 1500, seed: 5 });
    const docs = projectRecords(project).map((r) => toDocument(r, 'admin'));
    // The server's order: the annotations first, their article last.
    const ordered = [
      ...docs.filter((d) => d.type !== 'article'),
      ...docs.filter((d) => d.type === 'article'),
    ];
    const auth = `Basic ${Buffer.from(`${couch.admin.username}:${couch.admin.password}`).toString('base64')}`;
    for (const batch of [ordered.slice(0, -1), ordered.slice(-1)]) {
      const res = await fetch(`${url}/_bulk_docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify({ docs: batch }),
      });
      expect(res.ok).toBe(true);
    }
    const ana = await profile(url, 'ana', 'ana-pw');
    // (Pages taken in while the pull goes on: `gloss sync`'s way, not the app's.)
    const out = await ana.sync(ana.around(undefined, { handOverWhilePulling: true }));
    // A page went in during the pull, before the article had come: its annotations were held
    // back then, and taken in after the pull — none refused, none left for the next cycle.
    const during = ana.cycles[0]!.pages.filter(
      (p) => p.records.length && p.records.every((r) => r.kind !== 'article'),
    );
    expect(during.length).toBeGreaterThan(0);
    expect(out.report.refused).toEqual([]);
    expect(await ana.db.annotations.count()).toBe(1500);
    await ana.sync();
    expect(ana.lastTouched()).toEqual([]);
  });
});

describe('the same article imported by two analysts (twins)', () => {
  it('does not stop sync: the other side’s twin is reported, not taken in, and each side keeps its own', async () => {
    const url = await createDatabase(couch, `twins-${Date.now()}`, ['ana', 'bo']);
    const ana = await profile(url, 'ana', 'ana-pw');
    const bo = await profile(url, 'bo', 'bo-pw');
    // The same text, imported separately: two article ids, one contentHash.
    const mine = await makeArticle('art-ana', TEXT);
    const theirs = await makeArticle('art-bo', TEXT);
    await addArticles(ana.db, [mine]);
    await addArticles(bo.db, [theirs]);
    const note = '00000000-0000-4000-8000-0000000000a1';
    await createAnnotations(ana.db, [
      makeAnnotation(note, mine, ...range('exports rose'), { id: 'a', name: 'Ana' }),
    ]);
    await ana.sync();
    const b = await bo.sync();
    expect(b.report.refused.map((r) => r.id)).toEqual(
      expect.arrayContaining(['article:art-ana', `annotation:${note}`]),
    );
    expect(b.report.refused.find((r) => r.id === 'article:art-ana')?.reason).toMatch(/same text as “/);
    expect((await bo.db.articles.toArray()).map((a) => a.id)).toEqual(['art-bo']);
    // Bo's own article still goes up, and Ana's sync is not stopped by it either.
    const a = await ana.sync();
    expect(a.report.refused.map((r) => r.id)).toContain('article:art-bo');
    expect((await ana.db.articles.toArray()).map((x) => x.id)).toEqual(['art-ana']);
    // Nothing is lost: both articles and the annotation are on the server.
    const ids = (await allDocs(couch, url.slice(couch.url.length + 1))).map((d) => d._id).sort();
    expect(ids).toEqual(['annotation:' + note, 'article:art-ana', 'article:art-bo']);
  });
});
