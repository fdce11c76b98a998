import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliPouch } from '../../../cli/sync-pouch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Analyst, Annotation, Article } from '../../../core/model';
import { readProjectFile } from '../../../core/project';
import {
  SYNC_PAGE_SIZE,
  designDocument,
  documentId,
  projectRecords,
  recordDigest,
  toDocument,
  travellingRecord,
  type SyncPage,
} from '../../../core/sync';
import {
  createAnnotations,
  deleteAnnotations,
  redo,
  undo,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB, getMeta } from '../../../renderer/src/db/db';
import { startJournal, stopJournal } from '../../../renderer/src/db/journal';
import { joinArticle, readProjectDocument, replaceStore } from '../../../renderer/src/db/project-data';
import { saveSet } from '../../../renderer/src/db/sets';
import { applySyncPage } from '../../../renderer/src/db/sync-apply';
import { listAwaiting } from '../../../renderer/src/db/sync-awaiting';
import { importFiles } from '../../../renderer/src/features/import/import-files';
import { saveAnalystName } from '../../../renderer/src/features/analyst/analyst';
import {
  syncCycle,
  type CycleOptions,
  type PageApplier,
  type PouchFactory,
  type ReplicaPouch,
} from '../../../renderer/src/features/sync/replica';
import { memoryScratch } from './scratch-replica';
import {
  LocalChanges,
  syncStoreOnce,
  type CycleRunner,
} from '../../../renderer/src/features/sync/store-sync';
import { runCommand } from '../cli/run-cli';
import {
  allDocs,
  createDatabase,
  createUser,
  deleteDatabase,
  freePort,
  putBulk,
  putRaw,
  startCouch,
  type TestCouch,
} from '../cli/sync/couch';
import { runSync } from '../cli/sync/run-sync';
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
// The command line's PouchDB (memory, HTTP, replication): a plugin registers once per process,
// and one test runs `gloss sync` beside the app's replica.
const Pouch = CliPouch as unknown as PouchConstructor;

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
  let replica = new Pouch(`replica-${n}`, { adapter: 'memory' });
  /** Where the remote database is reached (a closed port plays a network cut). */
  const route = { url: (u: string) => u };
  /**
   * Which run of the app this is: what an earlier run asks the server goes nowhere and is never
   * answered (its process is gone: nothing of it runs any more).
   */
  let run = 0;
  const factory: PouchFactory = {
    local: () => replica,
    remote: (u) => {
      const mine = run;
      return new Pouch(route.url(u), {
        adapter: 'http',
        skip_setup: true,
        auth: { username: user, password },
        fetch: ((input, init) =>
          mine === run ? net(input, init) : new Promise<never>(() => undefined)) as typeof fetch,
      });
    },
    scratch: memoryScratch(Pouch),
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
  await changes.open(url, 'connect');
  return {
    db,
    cycles,
    runner,
    route,
    get replica() {
      return replica;
    },
    /** The replica's storage wiped (a new, empty replica for the same database). */
    wipeReplica() {
      replica = new Pouch(`replica-${n}-wiped-${Date.now()}`, { adapter: 'memory' });
    },
    around,
    get changes() {
      return changes;
    },
    /**
     * The app started again: a new change tracker over the same store (and its journal); a cycle
     * of the run before that never ended (a crash) reaches the server no more.
     */
    async restart() {
      run++;
      changes.dispose();
      changes = new LocalChanges(db);
      await changes.open(url, 'resume');
    },
    sync: (r: CycleRunner = runner) => syncStoreOnce(db, r, { url, user, changes }),
    /** Ids the last cycle handed back. */
    lastTouched: () => cycles.at(-1)!.pages.flatMap((p) => [...p.records.map(documentId), ...p.removed]),
  };
}

/**
 * A first sync stopped as the app quits, once three pages are in (two pages and more: the first
 * replication batch, 2,000 documents, is checkpointed by then).
 */
async function quitMidFirstSync(ana: Awaited<ReturnType<typeof profile>>): Promise<void> {
  const quit = new AbortController();
  let pages = 0;
  const stopping = ana.around(
    (apply) => async (page, progress) => {
      const applied = await apply(page, progress);
      if (++pages === 3) quit.abort(new Error('Gloss is closing'));
      return applied;
    },
    { signal: quit.signal },
  );
  await expect(ana.sync(stopping)).rejects.toThrow('Gloss is closing');
}

/** What a cycle was asked to look at: `full`, or the ids of the journal's rows. */
const ids = (changes: CycleOptions['changes']) =>
  'full' in changes ? 'full' : [...changes.changed.map(documentId), ...changes.removed].sort();

/**
 * A `fetch` that loses the server's half of a pull's second checkpoint (PouchDB writes each
 * checkpoint to the replica, then to the server): `stop` is called as it goes (the app quits),
 * and with `down` the network goes with it until `back()`. Notes the documents `_bulk_get` asks
 * for, and the last checkpoint the server did receive.
 */
function secondCheckpointLost(opts: { stop?: () => void; down?: boolean }) {
  let down = false;
  let serverCheckpoints = 0;
  const seen = { asked: 0, serverLog: null as { path: string; body: Record<string, unknown> } | null };
  const net: typeof fetch = async (input, init) => {
    if (down) throw new TypeError('fetch failed');
    const url = String(input instanceof Request ? input.url : input);
    if (init?.method === 'PUT' && url.includes('/_local/')) {
      if (++serverCheckpoints === 2) {
        down = opts.down === true;
        opts.stop?.();
        throw new TypeError('fetch failed');
      }
      const path = new URL(url).pathname;
      seen.serverLog = { path: path.slice(path.indexOf('/_local/')), body: JSON.parse(String(init.body)) };
    }
    if (url.includes('/_bulk_get'))
      seen.asked += (JSON.parse(String(init?.body ?? '{}')) as { docs: unknown[] }).docs.length;
    return fetch(input, init);
  };
  return { net, seen, back: () => (down = false) };
}

/**
 * The next cycle after a first sync stopped between the two halves of a checkpoint: continued in
 * memory from the checkpoint the replica kept (the second batch's, one ahead of the server's
 * copy), not from the server's nor from the start, the durable replica left lean (where a cycle
 * that took the server for one that lost its history pulls every document into it), and nothing
 * left for the cycle after.
 */
async function expectContinuedFromKeptCheckpoint(
  ana: Awaited<ReturnType<typeof profile>>,
  docs: readonly { _id: string }[],
  seen: { asked: number },
): Promise<void> {
  const before = seen.asked;
  const cycles = ana.cycles.length;
  await ana.sync();
  expect(seen.asked - before).toBeLessThanOrEqual(docs.length - 2 * 2000);
  expect(ana.cycles.slice(cycles).map((c) => ids(c.changes))).toEqual(['full']);
  expect(await storeSize(ana.db)).toBe(docs.length);
  expect(
    (await ana.replica.allDocs({ keys: docs.map((d) => d._id) })).rows.filter((r) => r.value).length,
  ).toBeLessThan(docs.length / 2);
  await ana.sync();
  expect(ids(ana.cycles.at(-1)!.changes)).toEqual([]);
}

/** Requests to database `db` of `server` as its admin (to restore a snapshot, say): JSON back. */
function asAdmin(server: TestCouch, db: string) {
  return async (path: string, method = 'GET', body?: unknown) => {
    const { username, password } = server.admin;
    const res = await fetch(`${server.url}/${db}${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
}

/**
 * After a first sync continued from where it was cut off: every record of the project in the
 * store, the durable replica lean (the log and a few documents, not every one pulled), nothing
 * left for the next cycle to take in or send.
 */
async function expectWholeAndLean(
  ana: Awaited<ReturnType<typeof profile>>,
  project: Awaited<ReturnType<typeof makeProject>>,
  docs: readonly { _id: string }[],
): Promise<void> {
  expect(await storeSize(ana.db)).toBe(docs.length);
  const sorted = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  const held = await records(ana.db);
  expect(held.annotations).toEqual(sorted(project.annotations));
  expect(held.articles.map((a) => a.id)).toEqual(sorted(project.articles).map((a) => a.id));
  expect(
    (await ana.replica.allDocs({ keys: docs.map((d) => d._id) })).rows.filter((r) => r.value).length,
  ).toBeLessThan(2000);
  await ana.sync();
  expect(ana.lastTouched()).toEqual([]);
}

/** How many records the store holds, of the kinds a sync takes in. */
async function storeSize(db: GlossDB): Promise<number> {
  const counts = await Promise.all(
    [db.articles, db.annotations, db.tags, db.sourceGrades, db.sets].map((t) => t.count()),
  );
  return counts.reduce((a, b) => a + b, 0);
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
  await createUser(couch, 'cy', 'cy-pw', ['gloss-reader']);
});
afterAll(async () => {
  await couch?.stop();
  for (const name of await Dexie.getDatabaseNames()) await Dexie.delete(name);
});

describe('the app’s sync cycle after the first one', () => {
  it('stages and takes in only what changed: an edit, a deletion and a remote change all arrive', async () => {
    const { ana, bo, ids } = await annotatedPair('inc');
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

  // Which documents a server's changes feed brings first is its own affair: PouchDB Server brings
  // them in the order they were written, a sharded CouchDB 3 database interleaves its shards, so
  // an annotation often comes before its article. Both orders, on one sequence (one shard).
  it.each([
    ['its article', SYNC_PAGE_SIZE],
    ['the annotations', 0],
  ] as const)(
    'a first sync interrupted half-way resumes: nothing lost, nothing doubled (%s first in the feed)',
    async (first, taken) => {
      // 1 article, a tag, a set, a source grade and 1,400 annotations on the server: two pages of
      // SYNC_PAGE_SIZE (1,000), taken in as the documents arrive.
      const { name, url, project } = await seededDatabase(
        'resume',
        { articles: 1, annotations: 1400, seed: 7 },
        first === 'its article' ? 'article-first' : 'annotations-first',
      );

      const ana = await profile(url, 'ana', 'ana-pw');
      // The window goes away while the second page is being taken in.
      let pages = 0;
      const dying = ana.around((apply) => (page, progress) => {
        if (++pages === 2) throw new Error('the window was closed');
        return apply(page, progress);
      });
      await expect(ana.sync(dying)).rejects.toThrow('the window was closed');
      // The first page (handed over while the pull went on, as the documents came) was taken in —
      // unless its annotations came before their article: the store holds those back for the
      // hand-over after the pull, which the window did not live to see.
      const held = () => storeSize(ana.db);
      expect(await held()).toBe(taken);

      // Started again: the pull has nothing new (its checkpoint), the inbox has the rest.
      await ana.restart();
      const resumed = await ana.sync();
      expect(resumed.written).toBe(1404 - taken);
      expect(await ana.db.annotations.count()).toBe(1400);
      const sorted = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
      expect((await records(ana.db)).annotations).toEqual(sorted(project.annotations));
      // Nothing doubled, nothing conflicting, nothing sent back as new.
      expect(resumed.report.pushed).toBe(0);
      const onServer = await allDocs(couch, name);
      expect(onServer).toHaveLength(1404);
      expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
      // And the next cycle has nothing left to do.
      await ana.sync();
      expect(ana.lastTouched()).toEqual([]);
    },
  );
});

describe('the push after a first sync that only pulled', () => {
  it('looks at the edit alone, not at every document the pull brought', async () => {
    const { name, url, project } = await seededDatabase('push-from', {
      articles: 2,
      annotations: 2500,
      seed: 11,
    });
    const { asked, net } = revsDiffSpy();
    const ana = await profile(url, 'ana', 'ana-pw', net);
    expect((await ana.sync()).written).toBe(project.articles.length + project.annotations.length + 3);
    expect(asked).toEqual([]);

    const edited = project.annotations[17]!.id;
    await updateAnnotations(ana.db, [edited], { note: 'checked against the port data' });
    expect((await ana.sync()).report.pushed).toBe(1);
    // The push's own question and the check of what the server kept: the edit, nothing else.
    expect(asked.flat()).toEqual([`annotation:${edited}`, `annotation:${edited}`]);
    const onServer = await allDocs(couch, name);
    expect(onServer.find((d) => d._id === `annotation:${edited}`)?.record).toMatchObject({
      note: 'checked against the port data',
    });
    // And the next edit's likewise.
    asked.length = 0;
    await updateAnnotations(ana.db, [edited], { note: 'and again' });
    expect((await ana.sync()).report.pushed).toBe(1);
    expect(asked.flat()).toEqual([`annotation:${edited}`, `annotation:${edited}`]);
  });

  it('sends everything again to a server database recreated since (its history is not the replica’s)', async () => {
    const { name, url, project } = await seededDatabase('push-from-recreated', {
      articles: 1,
      annotations: 300,
      seed: 12,
    });
    const ana = await profile(url, 'ana', 'ana-pw');
    await ana.sync();
    expect(await ana.db.annotations.count()).toBe(300);

    // The database is lost and made again, empty; Ana edits one annotation and syncs.
    await deleteDatabase(couch, name);
    await createDatabase(couch, name, ['ana']);
    const edited = project.annotations[5]!.id;
    await updateAnnotations(ana.db, [edited], { note: 'after the server was rebuilt' });
    await ana.sync();
    const onServer = await allDocs(couch, name);
    expect(onServer).toHaveLength(project.annotations.length + project.articles.length + 3);
    expect(onServer.find((d) => d._id === `annotation:${edited}`)?.record).toMatchObject({
      note: 'after the server was rebuilt',
    });
  });

  it('sends everything again to a server database recreated since, with nothing changed here', async () => {
    const { name, url, docs } = await seededDatabase('push-from-recreated-idle', {
      articles: 1,
      annotations: 300,
      seed: 13,
    });
    const ana = await profile(url, 'ana', 'ana-pw');
    await ana.sync();
    await deleteDatabase(couch, name);
    await createDatabase(couch, name, ['ana']);
    const again = await ana.sync();
    expect((await allDocs(couch, name)).map((d) => d._id).sort()).toEqual(docs.map((d) => d._id).sort());
    // Said so: the dialog's “sent n” counts what went up, not only what changed here.
    expect(again.report.pushed).toBe(docs.length);
  });
});

/** A new database for Ana, holding a made-up project's records as documents the admin wrote. */
/**
 * A database that `ana` may read, seeded as the admin with a project of `size`. With `feed`, the
 * database has one shard (one sequence, on any server) and its changes feed brings the articles,
 * tags, sets and grades before the annotations (`article-first`) or after them
 * (`annotations-first`), each group written with its own `_bulk_docs` (CouchDB orders the
 * documents of one by id).
 */
async function seededDatabase(
  prefix: string,
  size: Parameters<typeof makeProject>[0],
  feed?: 'article-first' | 'annotations-first',
) {
  const name = `${prefix}-${Date.now()}`;
  const url = await createDatabase(couch, name, ['ana'], feed ? { shards: 1 } : {});
  const project = await makeProject(size);
  const docs = projectRecords(project).map((r) => toDocument(r, 'admin'));
  if (!feed) await putBulk(couch, name, docs);
  else {
    const annotations = docs.filter((d) => d.type === 'annotation');
    const others = docs.filter((d) => d.type !== 'annotation');
    for (const group of feed === 'article-first' ? [others, annotations] : [annotations, others])
      await putBulk(couch, name, group);
  }
  return { name, url, project, docs };
}

/** A `fetch` that notes the document ids of each `_revs_diff` the client asks the server. */
function revsDiffSpy(): { asked: string[][]; net: typeof fetch } {
  const asked: string[][] = [];
  const net: typeof fetch = async (input, init) => {
    if (String(input instanceof Request ? input.url : input).includes('/_revs_diff'))
      asked.push(Object.keys(JSON.parse(String(init?.body ?? '{}')) as object));
    return fetch(input, init);
  };
  return { asked, net };
}

/**
 * Two leaves on the server for the document `id`, as two colleagues who changed it apart leave it:
 * children of its revision there, each record with its own `changes` (hash → fields).
 */
async function twoLeaves(name: string, id: string, changes: Record<string, object>): Promise<void> {
  const current = (await allDocs(couch, name)).find((d) => d._id === id)!;
  const parent = current._rev.slice(current._rev.indexOf('-') + 1);
  const docs = Object.entries(changes).map(([hash, change]) => ({
    ...current,
    _rev: `2-${hash}`,
    _revisions: { start: 2, ids: [hash, parent] },
    record: { ...(current['record'] as object), ...change },
  }));
  const res = await fetch(`${couch.url}/${name}/_bulk_docs`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${couch.admin.username}:${couch.admin.password}`).toString('base64')}`,
    },
    body: JSON.stringify({ new_edits: false, docs }),
  });
  expect(res.ok).toBe(true);
  expect((await allDocs(couch, name)).find((d) => d._id === id)?._conflicts).toHaveLength(1);
}

/** The document ids a cycle was given to stage, or 'full' for a whole-store comparison. */
function given(changes: CycleOptions['changes']): string[] | 'full' {
  if ('full' in changes) return 'full';
  return [...changes.changed.map(documentId), ...changes.removed].sort();
}

/** Ana with an article and three annotations (not synced yet), and Bo, on a new database. */
async function annotatedPair(prefix: string) {
  const name = `${prefix}-${Date.now()}-${++counter}`;
  const url = await createDatabase(couch, name, ['ana', 'bo']);
  const ana = await profile(url, 'ana', 'ana-pw');
  const bo = await profile(url, 'bo', 'bo-pw');
  const article = await makeArticle('art-1', TEXT);
  await addArticles(ana.db, [article]);
  const who = { id: 'a', name: 'Ana' };
  const ids = ['1', '2', '3'].map((d) => `00000000-0000-4000-8000-00000000001${d}`);
  await createAnnotations(ana.db, [
    makeAnnotation(ids[0]!, article, ...range('exports rose'), who),
    makeAnnotation(ids[1]!, article, ...range('fuel shortage'), who),
    makeAnnotation(ids[2]!, article, ...range('corridor'), who),
  ]);
  return { name, url, ana, bo, article, ids };
}

/** {@link annotatedPair}, synced: Ana's records on the server, and Bo holding them too. */
async function syncedPair() {
  const pair = await annotatedPair('journal');
  await pair.ana.sync();
  await pair.bo.sync();
  expect(await pair.bo.db.annotations.count()).toBe(3);
  return pair;
}

describe('the sync journal: the first cycle after a start sends what changed, not the whole store', () => {
  it('stages just the record edited before the restart; what the sync took in is not sent back', async () => {
    const { ana, bo, ids } = await syncedPair();
    await updateAnnotations(ana.db, [ids[0]!], { note: 'edited before the restart' });
    await ana.restart();
    await bo.restart();

    const sent = await ana.sync();
    expect(given(ana.cycles.at(-1)!.changes)).toEqual([`annotation:${ids[0]}`]);
    expect(sent.report.pushed).toBe(1);
    // Bo's store was written only by the sync: its first cycle after the start stages nothing.
    await bo.sync();
    expect(given(bo.cycles.at(-1)!.changes)).toEqual([]);
    expect((await bo.db.annotations.get(ids[0]!))?.note).toBe('edited before the restart');
    // Landed: the journal is empty again but for its control row.
    expect((await ana.db.journal.toArray()).map((r) => r.id)).toEqual(['']);
    await ana.sync();
    expect(given(ana.cycles.at(-1)!.changes)).toEqual([]);
  });

  it('keeps with each row the record as the replica remembers it, until the cycle that sends it lands', async () => {
    const { ana, bo, ids } = await syncedPair();
    const before = (await ana.db.annotations.get(ids[0]!))!;
    const baseOf = async (id: string) =>
      ((await ana.db.journal.get(id)) as { base?: unknown } | undefined)?.base;
    await updateAnnotations(ana.db, [ids[0]!], { note: 'first edit' });
    await updateAnnotations(ana.db, [ids[0]!], { note: 'second edit' });
    // Both edits build on the synced revision: the row keeps the record from before the first.
    expect(await baseOf(`annotation:${ids[0]}`)).toEqual(before);
    // A record new since the last cycle has nothing to keep, written once or twice.
    await ana.db.tags.put({ name: 'fresh', color: '#3b82f6' });
    await ana.db.tags.put({ name: 'fresh', color: '#ef4444' });
    expect(await ana.db.journal.get('tag:fresh')).toMatchObject({ id: 'tag:fresh' });
    expect(await baseOf('tag:fresh')).toBeUndefined();
    // The cycle is given those records as they were.
    await ana.sync();
    expect(ana.cycles.at(-1)!.changes.bases).toEqual([{ kind: 'annotation', record: before }]);
    expect((await ana.db.journal.toArray()).map((r) => r.id)).toEqual(['']);
    // After it landed, the next edit keeps what that cycle sent.
    const sent = (await ana.db.annotations.get(ids[0]!))!;
    await updateAnnotations(ana.db, [ids[0]!], { note: 'third edit' });
    expect(await baseOf(`annotation:${ids[0]}`)).toEqual(sent);
    // What a sync takes in is no edit: nothing is journalled, nothing kept.
    await bo.sync();
    expect((await bo.db.journal.toArray()).map((r) => r.id)).toEqual(['']);
  });

  it('keeps an edit through a failed cycle, an edit made during it, and a window closed mid-cycle', async () => {
    const { name, ana, bo, ids } = await syncedPair();
    await updateAnnotations(ana.db, [ids[0]!], { note: 'made offline' });
    // Offline: the server is behind a closed port. An edit lands while the cycle runs.
    const closed = `http://127.0.0.1:${await freePort()}/nowhere`;
    ana.route.url = () => closed;
    const during: CycleRunner = {
      cycle: async (options) => {
        await updateAnnotations(ana.db, [ids[1]!], { note: 'made during the failed cycle' });
        return ana.runner.cycle(options);
      },
    };
    await expect(ana.sync(during)).rejects.toThrow();
    expect(given(ana.cycles.at(-1)!.changes)).toEqual([`annotation:${ids[0]}`]);
    // Back online, a cycle that takes the edits but whose window closes before it lands.
    ana.route.url = (u) => u;
    const closing: CycleRunner = {
      cycle: async (options) => {
        await ana.runner.cycle(options);
        throw new Error('the window was closed');
      },
    };
    await updateAnnotations(ana.db, [ids[2]!], { note: 'made before the window closed' });
    await expect(ana.sync(closing)).rejects.toThrow('the window was closed');

    await ana.restart();
    await ana.sync();
    expect(given(ana.cycles.at(-1)!.changes)).toEqual(ids.map((id) => `annotation:${id}`).sort());
    await bo.sync();
    const notes = (await bo.db.annotations.bulkGet(ids)).map((a) => a?.note);
    expect(notes).toEqual(['made offline', 'made during the failed cycle', 'made before the window closed']);
    const onServer = await allDocs(couch, name);
    expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
  });

  it('journals the writes of another connection to the store (the app’s workers)', async () => {
    const { ana, ids } = await syncedPair();
    // The project worker opens its own GlossDB over the same database.
    const worker = new GlossDB(ana.db.name);
    await updateAnnotations(worker, [ids[1]!], { note: 'from the worker' });
    await worker.tags.put({ name: 'ports', color: '#3b82f6' });
    worker.close();
    await ana.restart();
    await ana.sync();
    expect(given(ana.cycles.at(-1)!.changes)).toEqual([`annotation:${ids[1]}`, 'tag:ports']);
  });

  it('compares the whole store on a new connection, a replaced store, a foreign journal or a wiped replica', async () => {
    const { url, ana, ids } = await syncedPair();
    // A new connection (Connect in the dialog), even to the same database.
    await ana.changes.open(url, 'connect');
    await ana.sync();
    expect(given(ana.cycles.at(-1)!.changes)).toBe('full');
    await ana.sync();
    expect(given(ana.cycles.at(-1)!.changes)).toEqual([]);

    // Open Project replaces the store (in the project worker): one request for a full comparison.
    const doc = await readProjectDocument(ana.db, { id: 'a', name: 'Ana' });
    const worker = new GlossDB(ana.db.name);
    await replaceStore(worker, doc);
    worker.close();
    expect((await ana.db.journal.toArray()).map((r) => r.id)).toEqual(['']);
    await ana.restart();
    await ana.sync();
    expect(given(ana.cycles.at(-1)!.changes)).toBe('full');

    // A journal kept for another database says nothing about this one.
    await updateAnnotations(ana.db, [ids[0]!], { note: 'x' });
    await ana.changes.open('http://elsewhere.example/other', 'resume');
    await ana.restart();
    await ana.sync();
    expect(given(ana.cycles.at(-1)!.changes)).toBe('full');

    // The replica's storage wiped: the journal's changes build on nothing; compared in full.
    await updateAnnotations(ana.db, [ids[1]!], { note: 'y' });
    ana.wipeReplica();
    await ana.restart();
    const again = await ana.sync();
    // (The full comparison is a first sync again: pulled, then the library compared with it.)
    expect(ana.cycles.slice(-3).map((c) => given(c.changes))).toEqual([
      [`annotation:${ids[1]}`],
      'full',
      'full',
    ]);
    // Without the replica's memory the edit has no common ancestor with the server's revision:
    // it is shown as a conflict (mine kept), never lost; every other record compares equal.
    expect(again.report.conflicts.map((c) => c.id)).toEqual([`annotation:${ids[1]}`]);
    expect((await ana.db.annotations.get(ids[1]!))?.note).toBe('y');
  });

  it('writes nothing while no team sync is configured, and empties itself when sync stops', async () => {
    const db = new GlossDB(`gloss-journal-off-${Date.now()}`);
    await saveAnalystName(db, 'Analyst Off');
    await addArticles(db, [await makeArticle('art-off', TEXT)]);
    expect(await db.journal.count()).toBe(0);
    await startJournal(db, 'http://127.0.0.1:1/db', false);
    await db.tags.put({ name: 'noted', color: '#3b82f6' });
    expect((await db.journal.toArray()).map((r) => r.id).sort()).toEqual(['', 'tag:noted']);
    await stopJournal(db);
    await db.tags.put({ name: 'not-noted', color: '#3b82f6' });
    expect(await db.journal.count()).toBe(0);
    // Its rows pass the guard too: a row naming no document is refused.
    await expect(db.journal.put({ id: 'nothing', stamp: 's' })).rejects.toThrow(/sync journal row/);
  });
});

describe('the replica of an earlier Gloss (one `_local/gloss-known` document)', () => {
  it('is spread into the shards on the next cycle, the old document deleted, nothing unchanged sent', async () => {
    const { name, url, ana, ids } = await syncedPair();
    const replica = ana.replica as unknown as {
      get(id: string): Promise<{ _rev: string; value: Record<string, [string, string]> | string[] }>;
      put(doc: object): Promise<unknown>;
    };
    // Turn the shards back into the single document an earlier Gloss kept.
    const index = await replica.get('_local/gloss-known-index');
    const docs: Record<string, [string, string]> = {};
    for (const shard of index.value as string[]) {
      const id = `_local/gloss-known:${encodeURIComponent(shard)}`;
      const doc = await replica.get(id);
      Object.assign(docs, doc.value);
      await replica.put({ _id: id, _rev: doc._rev, _deleted: true });
    }
    await replica.put({ _id: '_local/gloss-known-index', _rev: index._rev, _deleted: true });
    expect(Object.keys(docs)).toHaveLength(4);
    await replica.put({ _id: '_local/gloss-known', docs });
    const before = new Map((await allDocs(couch, name)).map((d) => [d._id, d._rev]));

    // One edit, then a full comparison (a new connection): only the edit is new.
    await updateAnnotations(ana.db, [ids[0]!], { note: 'after the upgrade' });
    await ana.changes.open(url, 'connect');
    const out = await ana.sync();
    expect(given(ana.cycles.at(-1)!.changes)).toBe('full');
    expect(out.report.pushed).toBe(1);
    expect(out.report.conflicts).toEqual([]);
    const after = await allDocs(couch, name);
    expect(after.filter((d) => d._conflicts?.length)).toEqual([]);
    const changed = after.filter((d) => before.get(d._id) !== d._rev).map((d) => d._id);
    expect(changed).toEqual([`annotation:${ids[0]}`]);
    // The old document is gone; the shards hold every entry again.
    await expect(replica.get('_local/gloss-known')).rejects.toMatchObject({ status: 404 });
    const shards = (await replica.get('_local/gloss-known-index')).value as string[];
    const held: Record<string, [string, string]> = {};
    for (const shard of shards)
      Object.assign(held, (await replica.get(`_local/gloss-known:${encodeURIComponent(shard)}`)).value);
    expect(Object.keys(held).sort()).toEqual(Object.keys(docs).sort());
    expect(held[`annotation:${ids[1]}`]).toEqual(docs[`annotation:${ids[1]}`]);
  });
});

describe('the first sync, in memory', () => {
  it('leaves the durable replica lean: the pull’s log and what is read again, not every document', async () => {
    const { name, url, project, docs } = await seededDatabase('lean', {
      articles: 2,
      annotations: 600,
      seed: 13,
    });
    // And an annotation whose article is on no server: held back, read again by later cycles.
    const orphan = '00000000-0000-4000-8000-0000000000d1';
    await putBulk(couch, name, [
      toDocument(
        {
          kind: 'annotation',
          record: {
            ...project.annotations[0]!,
            id: orphan,
            articleId: '00000000-0000-4000-8000-0000000000d2',
          },
        },
        'admin',
      ),
    ]);
    const ana = await profile(url, 'ana', 'ana-pw');
    const first = await ana.sync();
    expect(first.written).toBe(docs.length);
    expect(first.report.refused.map((r) => r.id)).toEqual([`annotation:${orphan}`]);
    // The durable replica holds the held-back document alone, and the pull's replication log.
    const info = (await ana.replica.info()) as { doc_count?: number };
    expect(info.doc_count).toBe(1);
    const held = await ana.replica.allDocs({
      keys: [`annotation:${orphan}`],
      include_docs: true,
      conflicts: true,
    });
    expect(held.rows[0]?.doc).toBeTruthy();
    // So the next cycle pulls nothing again, and reads the held-back document from it.
    await ana.sync();
    expect(ana.lastTouched()).toEqual([`annotation:${orphan}`]);
    // An edit after it goes up as a child of the server's revision: no conflict.
    const edited = project.annotations[3]!.id;
    await updateAnnotations(ana.db, [edited], { note: 'after a lean first sync' });
    expect((await ana.sync()).report.pushed).toBe(1);
    const onServer = await allDocs(couch, name);
    expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
    expect(onServer.find((d) => d._id === `annotation:${edited}`)?._rev).toMatch(/^2-/);
  });

  it('settles a conflict the server holds and sends the settlement alone, not every document pulled', async () => {
    const { name, url, docs } = await seededDatabase('lean-conflict', {
      articles: 1,
      annotations: 400,
      seed: 15,
    });
    // Two colleagues changed different fields of one annotation apart: two leaves on the server.
    const id = docs.find((d) => d._id.startsWith('annotation:'))!._id;
    await twoLeaves(name, id, {
      ['a'.repeat(32)]: { note: 'from one side' },
      ['b'.repeat(32)]: { tags: ['ports'] },
    });

    const { asked, net } = revsDiffSpy();
    const ana = await profile(url, 'ana', 'ana-pw', net);
    const first = await ana.sync();
    expect(first.report.settled).toBe(1);
    expect(first.report.conflicts.filter((c) => c.resolution === 'open')).toEqual([]);
    expect(await ana.db.annotations.get(id.slice('annotation:'.length))).toMatchObject({
      note: 'from one side',
      tags: ['ports'],
    });
    // The push (of the settlement) started where the pull ended: it asked about that document.
    expect(asked.flat()).toEqual([id, id]);
    const after = (await allDocs(couch, name)).find((d) => d._id === id)!;
    expect(after._conflicts ?? []).toEqual([]);
  });
});

describe('an open conflict a first sync leaves', () => {
  it('stays listed, and its record in the store, cycle after cycle (a source grade, spaces in its name)', async () => {
    const { name, url } = await seededDatabase('lean-open', { articles: 1, annotations: 10, seed: 16 });
    // Two colleagues graded the source apart: two leaves on the server, one judgement each.
    const id = 'grade:Example Wire';
    await twoLeaves(name, id, {
      ['c'.repeat(32)]: { reliability: 'C' },
      ['d'.repeat(32)]: { reliability: 'D' },
    });

    const ana = await profile(url, 'ana', 'ana-pw');
    const open = (r: Awaited<ReturnType<typeof ana.sync>>) =>
      r.report.conflicts.filter((c) => c.resolution === 'open').map((c) => c.id);
    expect(open(await ana.sync())).toEqual([id]);
    const held = await ana.db.sourceGrades.get('Example Wire');
    expect(['C', 'D']).toContain(held?.reliability);
    // Read again from the durable replica by the next cycles: still there, still open.
    for (let i = 0; i < 2; i++) {
      expect(open(await ana.sync())).toEqual([id]);
      expect(await ana.db.sourceGrades.get('Example Wire')).toEqual(held);
    }
  });
});

describe('a record made again as it was after its deletion', () => {
  it('reaches the server again (undo of a creation, then redo)', async () => {
    const { name, ana, bo, article } = await syncedPair();
    const id = '00000000-0000-4000-8000-0000000000f1';
    await createAnnotations(ana.db, [
      makeAnnotation(id, article, ...range('exports rose'), { id: 'a', name: 'Ana' }),
    ]);
    await ana.sync();
    const live = async () => (await allDocs(couch, name)).some((d) => d._id === `annotation:${id}`);
    expect(await live()).toBe(true);
    expect((await undo(ana.db))?.label).toBe('Create annotation');
    await ana.sync();
    expect(await live()).toBe(false);
    // The same record again: its first revision would be the document's own first one, which the
    // server holds (under the deletion) — it must build on the deletion instead.
    expect((await redo(ana.db))?.label).toBe('Create annotation');
    const back = await ana.sync();
    expect(back.report.pushed).toBe(1);
    expect(await live()).toBe(true);
    await bo.sync();
    expect((await bo.db.annotations.get(id))?.articleId).toBe(article.id);
    const onServer = await allDocs(couch, name);
    expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
  });
});

describe('a first sync cut off in the middle of its pull', () => {
  it('takes in, next time, what the replicator wrote and checkpointed before the cut', async () => {
    // More than one replication batch (DEFAULT_BATCH_SIZE, 2,000 documents).
    const { url, project, docs } = await seededDatabase('cut', {
      articles: 2,
      annotations: 2100,
      seed: 9,
    });

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
    const held = () => storeSize(ana.db);
    const taken = await held();
    expect(taken).toBeLessThan(docs.length);

    // The app starts again with the network back: the pull has nothing new (its checkpoint),
    // and yet every document arrives.
    cut = false;
    await ana.restart();
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

/**
 * The app dies (a crash, the power) once `pages` pages of a first sync are in: the next page is
 * never taken in and nothing runs after it — no `keepCutFirstSync`, no end of the cycle. The
 * cycle is left hanging, as a dead process's would be. Resolves once it has died.
 */
async function crashAfter(
  ana: Awaited<ReturnType<typeof profile>>,
  pages: number,
  extra: Partial<CycleOptions>,
): Promise<void> {
  let n = 0;
  let died!: () => void;
  const dead = new Promise<void>((resolve) => (died = resolve));
  const crashing = ana.around(
    (apply) => (page, progress) => {
      if (++n <= pages) return apply(page, progress);
      died();
      return new Promise<never>(() => undefined);
    },
    extra,
  );
  void ana.sync(crashing);
  await dead;
}

/** A `fetch` that counts the documents each `_bulk_get` asks the server for. */
function bulkGetCounter() {
  const seen = { asked: 0 };
  const net: typeof fetch = async (input, init) => {
    if (String(input instanceof Request ? input.url : input).includes('/_bulk_get'))
      seen.asked += (JSON.parse(String(init?.body ?? '{}')) as { docs: unknown[] }).docs.length;
    return fetch(input, init);
  };
  return { seen, net };
}

describe('a server that acknowledges a write and does not keep it', () => {
  it('what a push sends again is checked too: an edit a restored server drops is reported, not counted as sent', async () => {
    // PouchDB Server 4.2 as published: once a validate_doc_update is installed, it acknowledges
    // replicated updates and drops them (docs/team-server.md).
    const lossy = await startCouch({ unfixed: true });
    try {
      await createUser(lossy, 'ana', 'ana-pw', ['gloss-writer']);
      const name = `lossy-${Date.now()}`;
      const url = await createDatabase(lossy, name, ['ana']);
      const project = await makeProject({ articles: 1, annotations: 3, seed: 41 });
      await putBulk(
        lossy,
        name,
        projectRecords(project).map((r) => toDocument(r, 'admin')),
      );
      const ana = await profile(url, 'ana', 'ana-pw');
      await ana.sync();
      const admin = asAdmin(lossy, name);
      // A snapshot of the server now; then Ana's edit, which the server (no design document yet)
      // keeps.
      const snapshot = (await admin('/_changes?include_docs=true&style=all_docs')) as unknown as {
        results: { doc: { _id: string } }[];
      };
      const id = project.annotations[0]!.id;
      await updateAnnotations(ana.db, [id], { note: 'Ana: checked against the source' });
      expect((await ana.sync()).report.pushed).toBe(1);

      // The admin restores the database from the snapshot and installs Gloss's design document.
      await deleteDatabase(lossy, name);
      await createDatabase(lossy, name, ['ana']);
      await putRaw(lossy, name, designDocument());
      await admin('/_bulk_docs', 'POST', { docs: snapshot.results.map((r) => r.doc), new_edits: false });

      // Ana's next sync compares her library with it and sends her edit again: an update of the
      // revision the snapshot holds, which this server acknowledges and drops. Reported, not
      // counted as sent.
      const after = await ana.sync();
      expect(after.report.rejected).toContainEqual({
        id: `annotation:${id}`,
        reason: 'the server acknowledged this change but did not store it',
      });
      expect(after.report.pushed).toBe(0);
      const onServer = (await allDocs(lossy, name)).find((d) => d._id === `annotation:${id}`);
      expect((onServer as unknown as { record: Annotation }).record.note).not.toBe(
        'Ana: checked against the source',
      );
      // Still in her library, to go up once the server keeps it.
      expect((await ana.db.annotations.get(id))?.note).toBe('Ana: checked against the source');
    } finally {
      await lossy.stop();
    }
  });
});

describe('a first sync cut off by a crash', () => {
  it('continues from what it kept as it went: only what lies past that is fetched again, nothing lost', async () => {
    const { name, url, project, docs } = await seededDatabase('crash', {
      articles: 3,
      annotations: 8100,
      seed: 31,
    });
    const article = project.articles[0]!;
    const { seen, net } = bulkGetCounter();
    const ana = await profile(url, 'ana', 'ana-pw', net);
    // Kept every 2,000 documents (the app: every 10,000); dead once six pages (of 1,000) are in.
    await crashAfter(ana, 6, { keepEvery: 2000 });
    const taken = await storeSize(ana.db);
    expect(taken).toBe(6000);
    const early = (await ana.db.annotations.limit(1).primaryKeys())[0]!;

    // Gloss starts again.
    await ana.restart();
    const before = seen.asked;
    await ana.sync();
    // Kept at 6,000 (or, had the last keep not been reached, 4,000): not fetched again.
    expect(seen.asked - before).toBeLessThanOrEqual(docs.length - 4000);
    await expectWholeAndLean(ana, project, docs);
    // What was kept as it went is gone from the replica.
    expect(
      await ana.replica
        .get('_local/gloss-first-sync-known:0')
        .catch((err: { status?: number }) => err.status),
    ).toBe(404);
    // Every record taken in is remembered: the next edit goes up alone, with no conflict.
    const mine = makeAnnotation('00000000-0000-4000-8000-0000000000ab', article, 0, 12, {
      id: 'a',
      name: 'Ana',
    });
    await createAnnotations(ana.db, [mine]);
    // And one taken in before the crash builds on the revision it came at.
    await updateAnnotations(ana.db, [String(early)], { note: 'checked after the crash' });
    const after = await ana.sync();
    expect(after.report.pushed).toBe(2);
    const onServer = await allDocs(couch, name);
    expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
    expect(onServer.filter((d) => !d._id.startsWith('_design/'))).toHaveLength(docs.length + 1);
    expect(onServer.find((d) => d._id === `annotation:${String(early)}`)?._rev).toMatch(/^2-/);
  });

  it('what the store had left when it last kept (annotations before their article) is fetched again', async () => {
    const name = `crash-left-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana'], { shards: 1 });
    const project = await makeProject({ articles: 2, annotations: 10_000, seed: 32 });
    const docs = projectRecords(project).map((r) => toDocument(r, 'admin'));
    const [a, b] = project.articles;
    const on = (article: Article) =>
      docs.filter((d) => d.type === 'annotation' && (d.record as Annotation).articleId === article!.id);
    const rest = docs.filter((d) => d.type !== 'annotation' && d._id !== `article:${b!.id}`);
    // The server's order: some of B's annotations, then A and its annotations, then B itself.
    const early = on(b!).slice(0, 1000);
    for (const group of [
      early,
      rest,
      on(a!),
      on(b!).slice(1000),
      docs.filter((d) => d._id === `article:${b!.id}`),
    ])
      await putBulk(couch, name, group);
    const { seen, net } = bulkGetCounter();
    const ana = await profile(url, 'ana', 'ana-pw', net);
    // Kept once two batches are in (4,000 documents, 3,000 of them taken in); dead before the
    // pull reaches B (it runs at most 4,000 documents and a batch ahead of the taking in).
    await crashAfter(ana, 4, { keepEvery: 2000 });
    // B's first annotations were held back (no article yet): not in the store when it died.
    const early1 = early[0]!.record as Annotation;
    expect(await ana.db.annotations.get(early1.id)).toBeUndefined();
    expect(await ana.db.articles.count()).toBe(1);

    await ana.restart();
    const before = seen.asked;
    await ana.sync();
    // From the checkpoint kept (4,000), and the 1,000 left fetched again: not from the start.
    expect(seen.asked - before).toBeLessThanOrEqual(docs.length - 2000);
    expect(await ana.db.annotations.count()).toBe(10_000);
    expect(await storeSize(ana.db)).toBe(docs.length);
    await ana.sync();
    expect(ana.lastTouched()).toEqual([]);
  });
});

describe('a first sync cut off by the network', () => {
  it('continues from the pull’s checkpoint once the network is back, not from the start', async () => {
    // Three replication batches (DEFAULT_BATCH_SIZE, 2,000 documents) and a bit.
    const { name, url, project, docs } = await seededDatabase('resume', {
      articles: 3,
      annotations: 6100,
      seed: 11,
    });
    const article = project.articles[0]!;
    // The network goes once the pull has written its second checkpoint on the server; each
    // `_bulk_get` is noted with the number of documents it asks for.
    let cut = true;
    let checkpoints = 0;
    let asked = 0;
    const net: typeof fetch = async (input, init) => {
      if (cut && checkpoints >= 2) throw new TypeError('fetch failed');
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/_bulk_get'))
        asked += (JSON.parse(String(init?.body ?? '{}')) as { docs: unknown[] }).docs.length;
      const answer = await fetch(input, init);
      if (init?.method === 'PUT' && url.includes('/_local/')) checkpoints++;
      return answer;
    };
    const ana = await profile(url, 'ana', 'ana-pw', net);
    await expect(ana.sync()).rejects.toThrow();
    const taken = await storeSize(ana.db);
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(docs.length);

    // The network is back (the app still running: its next cycle, as the back-off retries).
    cut = false;
    const before = asked;
    const next = await ana.sync();
    // Only what lies past the checkpoint is fetched again: without the resumption, every document.
    expect(asked - before).toBeLessThanOrEqual(docs.length - 2 * 2000);
    expect(next.report.pushed).toBe(0);
    await expectWholeAndLean(ana, project, docs);
    // The next edit goes up alone, with no conflict.
    const mine = makeAnnotation('00000000-0000-4000-8000-0000000000aa', article, 0, 12, {
      id: 'a',
      name: 'Ana',
    });
    await createAnnotations(ana.db, [mine]);
    const after = await ana.sync();
    expect(after.report.pushed).toBe(1);
    const onServer = await allDocs(couch, name);
    expect(onServer.find((d) => d._id === `annotation:${mine.id}`)).toBeTruthy();
    expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
  });

  it('cut between the two halves of a checkpoint (the replica’s written, the server’s lost): continued from the checkpoint kept once the network is back', async () => {
    const { url, docs } = await seededDatabase('cut-mid-checkpoint', {
      articles: 2,
      annotations: 8100,
      seed: 26,
    });
    // The network goes as the server's copy of the second checkpoint is on its way: the server
    // cannot be asked when the sync stops, and the kept log stays one checkpoint ahead of it.
    const { net, seen, back } = secondCheckpointLost({ down: true });
    const ana = await profile(url, 'ana', 'ana-pw', net);
    await expect(ana.sync()).rejects.toThrow();
    expect(await storeSize(ana.db)).toBeLessThan(docs.length);
    back();
    await expectContinuedFromKeptCheckpoint(ana, docs, seen);
  });

  it('cut between the two halves of a checkpoint, then the server restored from an older snapshot: not continued; what it lost and the library took in goes up again', async () => {
    const { name, url, docs } = await seededDatabase('cut-restored', {
      articles: 2,
      annotations: 8100,
      seed: 27,
    });
    const admin = asAdmin(couch, name);
    // As above: the network goes as the server's copy of the second checkpoint is on its way.
    const { net, seen, back } = secondCheckpointLost({ down: true });
    const ana = await profile(url, 'ana', 'ana-pw', net);
    await expect(ana.sync()).rejects.toThrow();
    const takenIn = await storeSize(ana.db);
    expect(takenIn).toBeGreaterThan(3000);

    // The admin restores the database from a snapshot that holds the first 3,000 documents and the
    // pull's first checkpoint (the session's log, behind Ana's): its sequence is behind hers.
    const kept = (await admin('/_changes?limit=3000&include_docs=true&style=all_docs')) as unknown as {
      results: { doc: { _id: string } }[];
    };
    await deleteDatabase(couch, name);
    await createDatabase(couch, name, ['ana']);
    await admin('/_bulk_docs', 'POST', { docs: kept.results.map((r) => r.doc), new_edits: false });
    const { _rev: _r, ...log } = seen.serverLog!.body;
    await admin(seen.serverLog!.path, 'PUT', log);

    back();
    await ana.sync();
    // Compared whole, not continued from the server's checkpoint: every record the library took
    // in before the cut is on the server again, not only the 3,000 the snapshot kept.
    const onServer = new Set((await allDocs(couch, name)).map((d) => d._id));
    const held = new Set(
      [...(await ana.db.articles.toCollection().primaryKeys())].map((k) => `article:${String(k)}`),
    );
    for (const k of await ana.db.annotations.toCollection().primaryKeys())
      held.add(`annotation:${String(k)}`);
    expect(held.size).toBeGreaterThan(kept.results.length);
    expect([...held].filter((id) => !onServer.has(id))).toEqual([]);
    expect(docs.length).toBeGreaterThan(held.size);
  });
});

describe('a first sync stopped (the app quits)', () => {
  it('stops at once with the reason given, and the next cycle continues from the checkpoint', async () => {
    const { url, docs } = await seededDatabase('stop', { articles: 2, annotations: 6100, seed: 18 });
    let asked = 0;
    const net: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/_bulk_get'))
        asked += (JSON.parse(String(init?.body ?? '{}')) as { docs: unknown[] }).docs.length;
      return fetch(input, init);
    };
    const ana = await profile(url, 'ana', 'ana-pw', net);
    await quitMidFirstSync(ana);
    const taken = await storeSize(ana.db);
    // Nothing is taken in once it has stopped.
    expect(taken).toBe(3000);

    const before = asked;
    await ana.restart();
    await ana.sync();
    expect(asked - before).toBeLessThanOrEqual(docs.length - 2000);
    expect(await storeSize(ana.db)).toBe(docs.length);
    await ana.sync();
    expect(ana.lastTouched()).toEqual([]);
  });
});

describe('a first sync continued after a quit', () => {
  it('into a library empty when it began: compares what the analyst changed meanwhile, not the whole library again', async () => {
    const { name, url, project, docs } = await seededDatabase('quit-journal', {
      articles: 2,
      annotations: 6100,
      seed: 23,
    });
    const ana = await profile(url, 'ana', 'ana-pw');
    await quitMidFirstSync(ana);
    // Before the restart, on what the cut-off sync took in: an edit, a deletion, a new annotation.
    const [edited, deleted] = (await ana.db.annotations.limit(2).toArray()).map((a) => a.id);
    await updateAnnotations(ana.db, [edited!], { note: 'Ana: checked before the restart' });
    await deleteAnnotations(ana.db, [deleted!]);
    const held = new Set(await ana.db.articles.toCollection().primaryKeys());
    const article = project.articles.find((a) => held.has(a.id))!;
    const made = makeAnnotation('00000000-0000-4000-8000-0000000000ab', article, 0, 12, {
      id: 'ana',
      name: 'Analyst ana',
    });
    await createAnnotations(ana.db, [made]);

    await ana.restart();
    const before = ana.cycles.length;
    await ana.sync();
    const cycles = ana.cycles.slice(before).map((c) => ids(c.changes));
    // The continued first sync (given the whole library: the connection's request), then the
    // three records the journal noted — not a second reading of all 6,102.
    expect(cycles).toEqual([
      'full',
      [`annotation:${deleted}`, `annotation:${edited}`, `annotation:${made.id}`].sort(),
    ]);
    expect(await storeSize(ana.db)).toBe(docs.length + 1);
    const onServer = new Map((await allDocs(couch, name)).map((d) => [d._id, d]));
    const record = (id: string) =>
      (onServer.get(`annotation:${id}`) as unknown as { record: Annotation }).record;
    expect(record(edited!).note).toBe('Ana: checked before the restart');
    expect(record(deleted!).deletedAt).not.toBeNull();
    expect(record(made.id).author.id).toBe('ana');
    expect([...onServer.values()].filter((d) => d._conflicts?.length)).toEqual([]);
    expect([...onServer.keys()].filter((id) => !id.startsWith('_design/')).length).toBe(docs.length + 1);
    // Nothing is left: the next cycle is incremental and empty.
    await ana.sync();
    expect(ids(ana.cycles.at(-1)!.changes)).toEqual([]);
  });

  it('stopped between the two halves of a checkpoint (the replica’s written, the server’s not): still continued from a checkpoint', async () => {
    const { url, docs } = await seededDatabase('quit-mid-checkpoint', {
      articles: 2,
      annotations: 8100,
      seed: 25,
    });
    // The app stops as the server's copy of the second checkpoint is on its way.
    const quit = new AbortController();
    const { net, seen } = secondCheckpointLost({ stop: () => quit.abort(new Error('Gloss is closing')) });
    const ana = await profile(url, 'ana', 'ana-pw', net);
    await expect(ana.sync(ana.around(undefined, { signal: quit.signal }))).rejects.toThrow(
      'Gloss is closing',
    );
    expect(await storeSize(ana.db)).toBeLessThan(docs.length);
    await ana.restart();
    await expectContinuedFromKeptCheckpoint(ana, docs, seen);
  });

  it('into a library that held the analyst’s own work: compares the whole library once it ends', async () => {
    const { name, url } = await seededDatabase('quit-owed', { articles: 2, annotations: 6100, seed: 24 });
    const ana = await profile(url, 'ana', 'ana-pw');
    // Ana's own article and annotation, made before she connected (nothing journalled them).
    await stopJournal(ana.db);
    const own = await makeArticle('own-article', TEXT, { title: 'Ana’s own' });
    await addArticles(ana.db, [own]);
    const mine = makeAnnotation('00000000-0000-4000-8000-0000000000ac', own, ...range('exports rose'), {
      id: 'ana',
      name: 'Analyst ana',
    });
    await createAnnotations(ana.db, [mine]);
    await ana.changes.open(url, 'connect');
    await quitMidFirstSync(ana);

    await ana.restart();
    const before = ana.cycles.length;
    await ana.sync();
    expect(ana.cycles.slice(before).map((c) => ids(c.changes))).toEqual(['full', 'full']);
    const onServer = new Set((await allDocs(couch, name)).map((d) => d._id));
    expect(onServer.has('article:own-article')).toBe(true);
    expect(onServer.has(`annotation:${mine.id}`)).toBe(true);
    await ana.sync();
    expect(ids(ana.cycles.at(-1)!.changes)).toEqual([]);
  });
});

describe('a first sync cut off after its pull', () => {
  it('sends next time the settlement it made of a conflict and could not send', async () => {
    const { name, url, docs } = await seededDatabase('resume-push', {
      articles: 1,
      annotations: 300,
      seed: 17,
    });
    // Two colleagues changed different fields of one annotation apart: two leaves on the server.
    const id = docs.find((d) => d._id.startsWith('annotation:'))!._id;
    await twoLeaves(name, id, {
      ['e'.repeat(32)]: { note: 'from one side' },
      ['f'.repeat(32)]: { tags: ['ports'] },
    });

    // The network goes when the push (of the settlement) begins: the pull has ended.
    let cut = true;
    const net: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (cut && (url.includes('/_revs_diff') || url.includes('/_bulk_docs')))
        throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const ana = await profile(url, 'ana', 'ana-pw', net);
    await expect(ana.sync()).rejects.toThrow();
    expect((await allDocs(couch, name)).find((d) => d._id === id)?._conflicts).toHaveLength(1);

    cut = false;
    await ana.sync();
    // The settlement went up: one leaf on the server, with both sides' changes; the store has it.
    const after = (await allDocs(couch, name)).find((d) => d._id === id)!;
    expect(after._conflicts ?? []).toEqual([]);
    expect(after['record']).toMatchObject({ note: 'from one side', tags: ['ports'] });
    expect(await ana.db.annotations.get(id.slice('annotation:'.length))).toMatchObject({
      note: 'from one side',
      tags: ['ports'],
    });
    expect(await storeSize(ana.db)).toBe(docs.length);
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
    for (const batch of [ordered.slice(0, -1), ordered.slice(-1)]) await putBulk(couch, name, batch);
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
  /*
   * Two analysts import the same corpus article separately (two ids, one text) and annotate it.
   * Sync settles the twins onto one article — the earlier import — on every side, by core/merge's
   * match by text: all annotations on it, the other article a tombstone on the server. (Before,
   * the colleague's twin was refused with its annotations, "the same text as … here", and each
   * analyst kept their own article: the team never saw each other's annotations.)
   */
  const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/text');
  const isw = () => ({
    name: 'isw-2025-06-25.txt',
    bytes: new Uint8Array(readFileSync(join(CORPUS, 'isw-2025-06-25.txt'))),
  });
  const importAt = async (db: GlossDB, at: string): Promise<Article> => {
    const report = await importFiles(db, [isw()], { now: () => at });
    const id = report.added[0]!.id;
    return joinArticle((await db.articles.get(id))!, await db.bodies.get(id));
  };
  const annotate = async (db: GlossDB, article: Article, id: string, quote: string, who: Analyst) => {
    const start = article.text.indexOf(quote);
    expect(start).toBeGreaterThan(-1);
    await createAnnotations(db, [makeAnnotation(id, article, start, start + quote.length, who)]);
  };
  /**
   * Ana and Bo on a new database, each with the ISW article imported (Ana's a day earlier: kept).
   * `connected`: both connected with empty libraries before they imported, so that each one's
   * next sync sends the import before it takes the other's in (a first sync takes in before it
   * sends, and so settles before the twin ever reaches the server).
   */
  const twinsApart = async (prefix: string, connected = false) => {
    const name = `${prefix}-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana', 'bo']);
    await putRaw(couch, name, designDocument());
    const ana = await profile(url, 'ana', 'ana-pw');
    const bo = await profile(url, 'bo', 'bo-pw');
    if (connected) {
      await ana.sync();
      await bo.sync();
    }
    const kept = await importAt(ana.db, '2026-05-01T09:00:00.000Z');
    const gone = await importAt(bo.db, '2026-05-02T09:00:00.000Z');
    return { name, url, ana, bo, kept, gone };
  };
  const liveArticles = async (dbName: string) =>
    (await allDocs(couch, dbName)).filter((d) => d._id.startsWith('article:')).map((d) => d._id);

  for (const order of ['the first to sync imported first', 'the second to sync imported first'] as const) {
    it(`settles onto one article with every annotation on both sides, no conflict (${order})`, async () => {
      const name = `twins-${Date.now()}-${order.length}`;
      const url = await createDatabase(couch, name, ['ana', 'bo']);
      await putRaw(couch, name, designDocument());
      const ana = await profile(url, 'ana', 'ana-pw');
      const bo = await profile(url, 'bo', 'bo-pw');
      const anaFirst = order === 'the first to sync imported first';
      const mine = await importAt(ana.db, anaFirst ? '2026-05-01T09:00:00.000Z' : '2026-05-02T09:00:00.000Z');
      const theirs = await importAt(
        bo.db,
        anaFirst ? '2026-05-02T09:00:00.000Z' : '2026-05-01T09:00:00.000Z',
      );
      expect(mine.id).not.toBe(theirs.id);
      expect(mine.contentHash).toBe(theirs.contentHash);
      const [kept, gone] = anaFirst ? [mine, theirs] : [theirs, mine];
      // Bo's copy keeps its imported bytes (never synced): they stay with the text on Bo's computer.
      const bytes = new Uint8Array([1, 2, 3]);
      await bo.db.bodies.update(theirs.id, { original: bytes });
      const anaNote = '00000000-0000-4000-8000-0000000000a1';
      const boNote = '00000000-0000-4000-8000-0000000000b1';
      await annotate(ana.db, mine, anaNote, 'Marco Rubio', { id: 'a', name: 'Ana' });
      await annotate(bo.db, theirs, boNote, 'Kremlin', { id: 'b', name: 'Bo' });
      const boBefore = (await bo.db.annotations.get(boNote))!;
      // The analyst whose copy gives way has a saved set of the passages on it.
      const loser = anaFirst ? bo : ana;
      const set = await saveSet(loser.db, {
        type: 'filter',
        name: 'This article',
        filter: { articleIds: [gone.id] },
      });

      await ana.sync();
      const b1 = await bo.sync();
      // Bo's library: one article, both annotations on it; nothing refused.
      expect(b1.report.refused).toEqual([]);
      expect(b1.settled.size).toBeGreaterThan(0);
      expect((await bo.db.articles.toArray()).map((a) => a.id)).toEqual([kept.id]);
      expect((await bo.db.annotations.toArray()).map((a) => [a.id, a.articleId]).sort()).toEqual([
        [anaNote, kept.id],
        [boNote, kept.id],
      ]);
      expect((await bo.db.bodies.get(kept.id))?.original).toEqual(bytes);
      // The next cycle sends the settlement (the app runs it at once: team-sync.ts).
      const b2 = await bo.sync();
      expect(b2.report.rejected).toEqual([]);
      const a1 = await ana.sync();
      expect(a1.report.refused).toEqual([]);
      await ana.sync();
      await bo.sync();

      for (const side of [ana, bo]) {
        expect((await side.db.articles.toArray()).map((a) => a.id)).toEqual([kept.id]);
        const held = await side.db.annotations.orderBy('id').toArray();
        expect(held.map((a) => [a.id, a.articleId])).toEqual([
          [anaNote, kept.id],
          [boNote, kept.id],
        ]);
      }
      // The saved set names the article kept, on both sides.
      for (const side of [ana, bo]) {
        const held = await side.db.sets.get(set.id);
        expect(held?.type === 'filter' ? held.filter.articleIds : null).toEqual([kept.id]);
      }
      // Moved, nothing else changed: id, author, times, provenance, selectors as Bo made them.
      expect(await ana.db.annotations.get(boNote)).toEqual({ ...boBefore, articleId: kept.id });
      // The server: one live article for the text; no conflicts.
      const onServer = await allDocs(couch, name);
      expect(await liveArticles(name)).toEqual([`article:${kept.id}`]);
      expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
      // The twin that gave way: sent by the first to sync, it is a tombstone there now (every leaf
      // a deletion, which travels to everyone); held by the second, it was settled before it went.
      const answer = await fetch(`${url}/${encodeURIComponent(`article:${gone.id}`)}?open_revs=all`, {
        headers: {
          accept: 'application/json',
          authorization: `Basic ${Buffer.from('ana:ana-pw').toString('base64')}`,
        },
      });
      if (anaFirst) expect(answer.status).toBe(404);
      else {
        const leaves = (await answer.json()) as { ok?: { _deleted?: boolean } }[];
        expect(leaves.length).toBeGreaterThan(0);
        expect(leaves.every((l) => l.ok?._deleted === true)).toBe(true);
      }
      expect(
        onServer
          .filter((d) => d._id.startsWith('annotation:'))
          .map((d) => (d['record'] as Annotation).articleId),
      ).toEqual([kept.id, kept.id]);
    });
  }

  it('a settlement made by a cycle whose window closed before it landed is sent after the restart (journalled)', async () => {
    const { name, ana, bo, kept, gone } = await twinsApart('twins-closed', true);
    const boNote = '00000000-0000-4000-8000-0000000000c1';
    await annotate(bo.db, gone, boNote, 'Kremlin', { id: 'b', name: 'Bo' });
    await bo.sync();
    await ana.sync();
    // Bo's next cycle takes Ana's copy in and settles the twins; the window closes before it lands.
    const closing: CycleRunner = {
      cycle: async (options) => {
        await bo.runner.cycle(options);
        throw new Error('the window was closed');
      },
    };
    await expect(bo.sync(closing)).rejects.toThrow('the window was closed');
    expect((await bo.db.articles.toArray()).map((a) => a.id)).toEqual([kept.id]);
    expect((await bo.db.annotations.get(boNote))?.articleId).toBe(kept.id);
    // Started again: the settlement is in the journal, and its first cycle sends it.
    await bo.restart();
    await bo.sync();
    expect(given(bo.cycles.at(-1)!.changes)).toEqual(
      expect.arrayContaining([`annotation:${boNote}`, `article:${gone.id}`]),
    );
    expect(
      (await allDocs(couch, name)).find((d) => d._id === `annotation:${boNote}`)?.['record'],
    ).toMatchObject({ articleId: kept.id });
  });

  it('both sides settling at once make the same revisions: no conflict anywhere', async () => {
    const name = `twins-both-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana', 'bo']);
    const ana = await profile(url, 'ana', 'ana-pw');
    const bo = await profile(url, 'bo', 'bo-pw');
    const mine = await importAt(ana.db, '2026-05-01T09:00:00.000Z');
    const theirs = await importAt(bo.db, '2026-05-02T09:00:00.000Z');
    await annotate(ana.db, mine, '00000000-0000-4000-8000-0000000000a2', 'Marco Rubio', {
      id: 'a',
      name: 'Ana',
    });
    await annotate(bo.db, theirs, '00000000-0000-4000-8000-0000000000b2', 'Kremlin', { id: 'b', name: 'Bo' });
    await ana.sync();
    await bo.sync(); // pushes Bo's twin, settles it here, sends nothing of the settlement yet
    await ana.sync(); // Ana pulls Bo's twin and settles it too, the same way
    const a2 = await ana.sync(); // Ana sends her settlement first
    const b2 = await bo.sync(); // then Bo sends the same one
    expect([...a2.report.rejected, ...b2.report.rejected]).toEqual([]);
    expect([...a2.report.conflicts, ...b2.report.conflicts]).toEqual([]);
    await ana.sync();
    const onServer = await allDocs(couch, name);
    expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
    expect(await liveArticles(name)).toEqual([`article:${mine.id}`]);
    expect(await ana.db.annotations.count()).toBe(2);
    expect(await bo.db.annotations.count()).toBe(2);
  });

  it('an annotation made on the twin before its analyst heard of the settlement still ends on the article kept', async () => {
    const name = `twins-late-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana', 'bo']);
    const ana = await profile(url, 'ana', 'ana-pw');
    const bo = await profile(url, 'bo', 'bo-pw');
    const theirs = await importAt(bo.db, '2026-05-01T09:00:00.000Z');
    const mine = await importAt(ana.db, '2026-05-02T09:00:00.000Z'); // Ana's gives way
    await annotate(ana.db, mine, '00000000-0000-4000-8000-0000000000a5', 'Marco Rubio', {
      id: 'a',
      name: 'Ana',
    });
    await ana.sync();
    await bo.sync();
    await bo.sync(); // Bo's side settled and sent: Ana's article a tombstone
    // Ana, not yet knowing, annotates her twin; her next sync sends it before it takes the settlement in.
    const late = '00000000-0000-4000-8000-0000000000a6';
    await annotate(ana.db, mine, late, 'Kremlin', { id: 'a', name: 'Ana' });
    await ana.sync();
    expect((await ana.db.annotations.get(late))?.articleId).toBe(theirs.id);
    // Bo receives it on Ana's twin (gone here for a cycle already) and moves it, remembered from then.
    const b = await bo.sync();
    expect(b.report.refused).toEqual([]);
    expect([...b.settled]).toContain(`annotation:${late}`);
    expect((await bo.db.annotations.get(late))?.articleId).toBe(theirs.id);
    await bo.sync();
    await ana.sync();
    const onServer = await allDocs(couch, name);
    expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
    expect(
      onServer
        .filter((d) => d._id.startsWith('annotation:'))
        .map((d) => (d['record'] as Annotation).articleId),
    ).toEqual([theirs.id, theirs.id]);
    expect(await liveArticles(name)).toEqual([`article:${theirs.id}`]);
  });

  /** A sync page that removes `article` (a colleague's Gloss settled it onto its twin). */
  const removedByPage = async (db: GlossDB, article: Article) => {
    const doc = `article:${article.id}`;
    const was = await recordDigest(travellingRecord({ kind: 'article', record: article }));
    await applySyncPage(db, {
      records: [],
      removed: [doc],
      docs: { [doc]: null },
      keep: [],
      was: { [doc]: was },
    });
  };
  /** A sync page that brings `article`, new here. */
  const arrivesInPage = (db: GlossDB, article: Article) =>
    applySyncPage(db, {
      records: [{ kind: 'article', record: article }],
      removed: [],
      docs: { [`article:${article.id}`]: ['1-abc', 'x'] },
      keep: [],
      was: { [`article:${article.id}`]: null },
    });

  it('an article removed in one page whose twin comes in a later page: the annotations here wait for it, then move', async () => {
    const db = new GlossDB(`gloss-twins-pages-${Date.now()}`);
    await saveAnalystName(db, 'Bo');
    const gone = await importAt(db, '2026-05-02T09:00:00.000Z');
    const id = '00000000-0000-4000-8000-0000000000d1';
    await annotate(db, gone, id, 'Kremlin', { id: 'b', name: 'Bo' });
    const kept: Article = { ...gone, id: 'art-kept', importedAt: '2026-05-01T09:00:00.000Z' };
    // Page 1: a colleague's settlement removes Bo's copy; the article kept is not in this page.
    await removedByPage(db, gone);
    expect(await db.articles.count()).toBe(0);
    expect((await db.annotations.get(id))?.articleId).toBe(gone.id);
    // Page 2: the article kept arrives; Bo's annotation moves onto it, to go up with the next sync.
    const taken = await arrivesInPage(db, kept);
    expect((await db.annotations.get(id))?.articleId).toBe('art-kept');
    expect(taken.settled).toEqual([`annotation:${id}`]);
    expect(taken.moved).toEqual([[gone.id, 'art-kept']]);
    expect(await getMeta(db, 'twinsAwaiting')).toEqual([]);
  });

  it('annotations waiting for their article’s twin can be edited and deleted meanwhile, and move onto it as they are then', async () => {
    const db = new GlossDB(`gloss-twins-waiting-edits-${Date.now()}`);
    await saveAnalystName(db, 'Bo');
    const gone = await importAt(db, '2026-05-02T09:00:00.000Z');
    const bo = { id: 'b', name: 'Bo' };
    const [edited, deleted, theirs] = ['e1', 'e2', 'e3'].map((d) => `00000000-0000-4000-8000-0000000000${d}`);
    await annotate(db, gone, edited!, 'Kremlin', bo);
    await annotate(db, gone, deleted!, 'possible', bo);
    await annotate(db, gone, theirs!, 'summit', bo);
    const kept: Article = { ...gone, id: 'art-kept', importedAt: '2026-05-01T09:00:00.000Z' };
    await removedByPage(db, gone);
    expect(await db.articles.count()).toBe(0);

    // While they wait: Bo's edit (the bulk edit's path) and deletion go through.
    await updateAnnotations(db, [edited!], { note: 'Bo: while it waited', kind: 'assessment' });
    await deleteAnnotations(db, [deleted!]);
    expect((await db.annotations.get(edited!))?.note).toBe('Bo: while it waited');
    expect((await db.annotations.get(deleted!))?.deletedAt).not.toBeNull();
    // A colleague's edit of one of them (same passage) is taken in, not held back.
    const stored = (await db.annotations.get(theirs!))!;
    const colleague: Annotation = {
      ...stored,
      note: 'Ana: see the summit.',
      updatedAt: '2026-05-03T09:00:00.000Z',
    };
    const theirsDoc = `annotation:${theirs}`;
    const came = await applySyncPage(db, {
      records: [{ kind: 'annotation', record: colleague }],
      removed: [],
      docs: { [theirsDoc]: ['2-abc', 'x'] },
      keep: [],
      was: { [theirsDoc]: await recordDigest(travellingRecord({ kind: 'annotation', record: stored })) },
    });
    expect(came.heldBack).toEqual([]);
    expect((await db.annotations.get(theirs!))?.note).toBe('Ana: see the summit.');
    // Nothing new on the absent article, and nothing moved within it: refused as before.
    const fresh = makeAnnotation('00000000-0000-4000-8000-0000000000e4', gone, 0, 5, bo);
    await expect(createAnnotations(db, [fresh])).rejects.toMatchObject({ reason: 'missing-article' });
    const moved = { ...(await db.annotations.get(edited!))!, selectors: fresh.selectors };
    await expect(
      db.transaction('rw', db.articles, db.annotations, () => db.annotations.put(moved)),
    ).rejects.toMatchObject({
      reason: 'missing-article',
    });

    // The article kept arrives: each moves onto it as it is now.
    await arrivesInPage(db, kept);
    const now = await db.annotations.bulkGet([edited!, deleted!, theirs!]);
    expect(now.map((a) => a?.articleId)).toEqual(['art-kept', 'art-kept', 'art-kept']);
    expect(now[0]).toMatchObject({ note: 'Bo: while it waited', kind: 'assessment' });
    expect(now[1]?.deletedAt).not.toBeNull();
    expect(now[2]?.note).toBe('Ana: see the summit.');
    expect(await getMeta(db, 'twinsAwaiting')).toEqual([]);
  });

  it('annotations waiting for their article’s twin are listed with its title while they wait, and its original goes to the twin', async () => {
    // Bo's copy of the article (with its imported bytes, never synced) and his claim on it, on the server.
    const name = `twins-awaiting-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana', 'bo']);
    await putRaw(couch, name, designDocument());
    const bo = await profile(url, 'bo', 'bo-pw');
    const gone = await importAt(bo.db, '2026-05-02T09:00:00.000Z');
    const bytes = new Uint8Array(readFileSync(join(CORPUS, 'isw-2025-06-25.txt')));
    await bo.db.bodies.update(gone.id, { original: bytes });
    const [claim, note] = ['00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000f2'];
    await annotate(bo.db, gone, claim, 'Kremlin', { id: 'b', name: 'Bo' });
    await annotate(bo.db, gone, note, 'Marco Rubio', { id: 'b', name: 'Bo' });
    await bo.sync();
    expect(await listAwaiting(bo.db)).toEqual([]);

    // Ana's Gloss settled Bo's copy onto hers and sent the deletion first (hers is not up yet).
    const doc = (await allDocs(couch, name)).find((d) => d._id === `article:${gone.id}`)!;
    await putRaw(couch, name, { _id: doc._id, _rev: doc._rev, _deleted: true });
    await bo.sync();
    expect(await bo.db.articles.count()).toBe(0);
    // What Team Sync shows while they wait: the article by its title, and how many wait on it.
    expect(await listAwaiting(bo.db)).toEqual([{ articleId: gone.id, title: gone.title, annotations: 2 }]);
    expect(await getMeta(bo.db, 'twinsAwaitingOriginals')).toEqual([[gone.id, bytes]]);
    // Bo edits one while it waits: the edit goes up as it is, and nothing else changes.
    await updateAnnotations(bo.db, [note], { note: 'Bo: edited while it waited' });
    const sent = await bo.sync();
    expect(sent.report.pushed).toBe(1);
    expect(await listAwaiting(bo.db)).toEqual([{ articleId: gone.id, title: gone.title, annotations: 2 }]);
    // Ana's copy arrives: both move onto it, the list is empty, and Bo's imported original
    // stays with the text (hers came without one: originals are never synced).
    const kept: Article = {
      ...gone,
      id: 'art-ana',
      importedAt: '2026-05-01T09:00:00.000Z',
      title: 'Ana’s copy',
    };
    delete kept.original;
    await putRaw(couch, name, { ...toDocument({ kind: 'article', record: kept }, 'ana') });
    await bo.sync();
    expect((await bo.db.annotations.get(claim))?.articleId).toBe('art-ana');
    expect((await bo.db.annotations.get(note))?.articleId).toBe('art-ana');
    expect(await listAwaiting(bo.db)).toEqual([]);
    expect(await getMeta(bo.db, 'twinsAwaiting')).toEqual([]);
    expect(await getMeta(bo.db, 'twinsAwaitingOriginals')).toEqual([]);
    expect((await bo.db.bodies.get('art-ana'))?.original).toEqual(bytes);
    // The move went up; the original did not.
    await bo.sync();
    const onServer = await allDocs(couch, name);
    expect(onServer.find((d) => d._id === `annotation:${claim}`)?.['record']).toMatchObject({
      articleId: 'art-ana',
    });
    expect(onServer.find((d) => d._id === `annotation:${note}`)?.['record']).toMatchObject({
      articleId: 'art-ana',
      note: 'Bo: edited while it waited',
    });
    expect(JSON.stringify(onServer.find((d) => d._id === 'article:art-ana'))).not.toContain('original');
  });

  it('a read-only analyst sees one article with every annotation; what it cannot send is reported', async () => {
    const name = `twins-reader-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana', 'bo', 'cy']);
    await putRaw(couch, name, designDocument());
    const ana = await profile(url, 'ana', 'ana-pw');
    const bo = await profile(url, 'bo', 'bo-pw');
    const cy = await profile(url, 'cy', 'cy-pw');
    // Connected before they import: each sends the import before taking the other's in.
    await ana.sync();
    await bo.sync();
    const mine = await importAt(ana.db, '2026-05-01T09:00:00.000Z');
    const theirs = await importAt(bo.db, '2026-05-02T09:00:00.000Z');
    await annotate(ana.db, mine, '00000000-0000-4000-8000-0000000000a3', 'Marco Rubio', {
      id: 'a',
      name: 'Ana',
    });
    await annotate(bo.db, theirs, '00000000-0000-4000-8000-0000000000b3', 'Kremlin', { id: 'b', name: 'Bo' });
    await ana.sync();
    await bo.sync(); // both twins on the server; Bo's settlement not sent yet
    const c1 = await cy.sync();
    expect(c1.report.refused).toEqual([]);
    expect((await cy.db.articles.toArray()).map((a) => a.id)).toEqual([mine.id]);
    expect((await cy.db.annotations.toArray()).map((a) => a.articleId)).toEqual([mine.id, mine.id]);
    const c2 = await cy.sync();
    expect(c2.report.rejected.map((r) => r.id).sort()).toEqual([
      'annotation:00000000-0000-4000-8000-0000000000b3',
      `article:${theirs.id}`,
    ]);
    expect(c2.report.rejected[0]?.reason).toMatch(/read-only/);
    // Nothing lost here, and the server still holds both twins for a writer to settle.
    expect(await cy.db.annotations.count()).toBe(2);
    expect((await cy.db.articles.toArray()).map((a) => a.id)).toEqual([mine.id]);
    expect((await liveArticles(name)).sort()).toEqual([`article:${mine.id}`, `article:${theirs.id}`].sort());
  });

  it('`gloss sync` settles the same way as the app: one article, both annotations, one live article on the server', async () => {
    const name = `twins-cli-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana', 'bo']);
    await putRaw(couch, name, designDocument());
    const dir = await mkdtemp(join(tmpdir(), 'gloss-twins-cli-'));
    try {
      // Ana in the app, early; Bo with the command line: imports the same file (with its bytes), annotates.
      const ana = await profile(url, 'ana', 'ana-pw');
      const mine = await importAt(ana.db, '2026-05-01T09:00:00.000Z');
      const anaNote = '00000000-0000-4000-8000-0000000000a4';
      await annotate(ana.db, mine, anaNote, 'Marco Rubio', { id: 'a', name: 'Ana' });
      const file = join(dir, 'bo.gloss');
      const imported = await runCommand('import', [
        join(CORPUS, 'isw-2025-06-25.txt'),
        '--project',
        file,
        '--analyst',
        'Bo',
        '--keep-originals',
      ]);
      expect(imported.code).toBe(0);
      const boArticle = (await readProjectFile(await readFile(file))).articles[0]!;
      expect(boArticle.id).not.toBe(mine.id);
      expect(boArticle.original?.length).toBeGreaterThan(0);
      const noted = await runCommand('annotate', [
        file,
        '--article',
        boArticle.id,
        '--quote',
        'Kremlin',
        '--occurrence',
        '1',
        '--kind',
        'claim',
        '--author',
        'Bo',
      ]);
      expect(noted.stderr).toBe('');
      expect(noted.code).toBe(0);
      const cli = () => runSync(file, url, 'bo', 'bo-pw', ['--json']);

      await ana.sync();
      const run = await cli();
      expect(run.code).toBe(0);
      const project = await readProjectFile(await readFile(file));
      // The file: Ana's article (the earlier import) with Bo's imported bytes, both annotations on it.
      expect(project.articles.map((a) => a.id)).toEqual([mine.id]);
      expect(project.articles[0]!.original).toEqual(boArticle.original);
      expect(project.annotations.map((a) => a.articleId)).toEqual([mine.id, mine.id]);
      expect(await liveArticles(name)).toEqual([`article:${mine.id}`]);
      // The app takes in Bo's annotation, already moved by the command line: nothing to settle.
      const a = await ana.sync();
      expect(a.settled.size).toBe(0);
      expect(a.report.refused).toEqual([]);
      const held = await ana.db.annotations.orderBy('id').toArray();
      expect(held.map((x) => x.articleId)).toEqual([mine.id, mine.id]);
      expect(held.map((x) => x.id).sort()).toEqual(project.annotations.map((x) => x.id).sort());
      const onServer = await allDocs(couch, name);
      expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
      // And a second run has nothing left to settle.
      const again = await cli();
      expect(again.code).toBe(0);
      expect((await readProjectFile(await readFile(file))).articles.map((x) => x.id)).toEqual([mine.id]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('`gloss sync` moves an annotation it made on its twin after a colleague settled the twin away', async () => {
    const name = `twins-cli-late-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana', 'bo']);
    const dir = await mkdtemp(join(tmpdir(), 'gloss-twins-cli-late-'));
    try {
      const ana = await profile(url, 'ana', 'ana-pw');
      const mine = await importAt(ana.db, '2026-05-01T09:00:00.000Z');
      const file = join(dir, 'bo.gloss');
      expect((await runCommand('import', [join(CORPUS, 'isw-2025-06-25.txt'), '--project', file])).code).toBe(
        0,
      );
      const theirs = (await readProjectFile(await readFile(file))).articles[0]!;
      const note = (quote: string) =>
        runCommand('annotate', [
          file,
          '--article',
          theirs.id,
          '--quote',
          quote,
          '--occurrence',
          '1',
          '--kind',
          'claim',
        ]);
      const cli = () => runSync(file, url, 'bo', 'bo-pw', ['--json']);
      expect((await note('Kremlin')).code).toBe(0);
      expect((await cli()).code).toBe(0); // Bo's twin and note go up; no twin on the server yet
      await ana.sync();
      await ana.sync(); // Ana settles Bo's twin onto her article and sends it
      // Bo, not knowing yet, annotates his copy; his next run sends it, then hears of the settlement.
      expect((await note('Marco Rubio')).code).toBe(0);
      const run = await cli();
      expect(run.code).toBe(0);
      const project = await readProjectFile(await readFile(file));
      expect(project.articles.map((a) => a.id)).toEqual([mine.id]);
      expect(project.annotations.map((a) => a.articleId)).toEqual([mine.id, mine.id]);
      await ana.sync();
      expect((await ana.db.annotations.toArray()).map((a) => a.articleId)).toEqual([mine.id, mine.id]);
      const onServer = await allDocs(couch, name);
      expect(onServer.filter((d) => d._conflicts?.length)).toEqual([]);
      expect(
        onServer
          .filter((d) => d._id.startsWith('annotation:'))
          .map((d) => (d['record'] as Annotation).articleId),
      ).toEqual([mine.id, mine.id]);
      expect(await liveArticles(name)).toEqual([`article:${mine.id}`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('undo and redo of steps Bo made on his copy before it gave way apply to the article kept, and sync', async () => {
    const { name, ana, bo, kept, gone } = await twinsApart('twins-undo');
    const made = '00000000-0000-4000-8000-0000000000e1';
    const edited = '00000000-0000-4000-8000-0000000000e2';
    // Bo annotates his copy (two steps: one annotation made, then another made and edited).
    await annotate(bo.db, gone, edited, 'Marco Rubio', { id: 'b', name: 'Bo' });
    await updateAnnotations(bo.db, [edited], { stance: 'opinion' });
    await annotate(bo.db, gone, made, 'Kremlin', { id: 'b', name: 'Bo' });
    await ana.sync();
    await bo.sync(); // takes Ana's copy in and settles his onto it
    await bo.sync(); // sends the settlement
    expect((await bo.db.articles.toArray()).map((a) => a.id)).toEqual([kept.id]);
    expect((await bo.db.annotations.get(made))?.articleId).toBe(kept.id);
    const onServer = async (id: string) =>
      (await allDocs(couch, name)).find((d) => d._id === `annotation:${id}`)?.['record'] as
        Annotation | undefined;

    // Undo (Ctrl+Z) of the creation: the annotation goes, from the article kept, and from the server.
    expect((await undo(bo.db))?.label).toBe('Create annotation');
    expect(await bo.db.annotations.get(made)).toBeUndefined();
    expect((await bo.db.annotations.get(edited))?.articleId).toBe(kept.id);
    await bo.sync();
    expect(await onServer(made)).toBeUndefined();
    await ana.sync();
    expect(await ana.db.annotations.get(made)).toBeUndefined();
    expect((await ana.db.annotations.get(edited))?.stance).toBe('opinion');

    // Redo: back on the article kept (its step still names Bo's copy, which is gone), and synced.
    expect((await redo(bo.db))?.label).toBe('Create annotation');
    expect((await bo.db.annotations.get(made))?.articleId).toBe(kept.id);
    await bo.sync();
    expect((await onServer(made))?.articleId).toBe(kept.id);

    // Undo twice more: the creation again, then the edit made before the move — the stance
    // returns on the article kept.
    await undo(bo.db);
    expect((await undo(bo.db))?.label).toBe('Edit annotation');
    expect(await bo.db.annotations.get(edited)).toMatchObject({ articleId: kept.id, stance: 'reporting' });
    await bo.sync();
    await ana.sync();
    expect(await ana.db.annotations.get(edited)).toMatchObject({ articleId: kept.id, stance: 'reporting' });
    expect(await ana.db.annotations.get(made)).toBeUndefined();
    // Nothing else disturbed: one live article, no conflict, nothing refused on either side.
    const docs = await allDocs(couch, name);
    expect(docs.filter((d) => d._conflicts?.length)).toEqual([]);
    expect(await liveArticles(name)).toEqual([`article:${kept.id}`]);
    expect((await bo.sync()).report.refused).toEqual([]);
    expect((await ana.sync()).report.refused).toEqual([]);
    expect((await bo.db.articles.toArray()).map((a) => a.id)).toEqual([kept.id]);
  });
});
