import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Analyst, Annotation, AnnotationSet } from '../../../../core/model';
import {
  emptyProject,
  readProjectFile,
  writeProjectFile,
  type ProjectDocument,
} from '../../../../core/project';
import {
  SYNC_DOC_VERSION,
  SYNC_STATE_ENTRY,
  designDocument,
  encodeSyncState,
  decodeOriginal,
  readSyncState,
  remoteKey,
  toDocument,
  type SyncReport,
} from '../../../../core/sync';
import { ALICE, BOB, makeAnnotation, makeArticle } from '../../core/project/make-project';
import { allDocs, createDatabase, createUser, putRaw, startCouch, type TestCouch } from './couch';
import { runSync } from './run-sync';
import { at, ID, TEXT } from './sample';

/*
 * `gloss sync` remembers the twins it settled (issue 14): one text imported separately by two
 * analysts is settled onto one article, the other deleted on the server; an annotation that a
 * colleague's client sends later on the twin that gave way (it still held it) reaches the next
 * run, whose project file no longer has that twin. Before, the run held it back as "its article …
 * is not in the project", at every run; now it moves onto the article kept and goes up. And an
 * article the pull removes before its twin reached the file: its annotations were held back the
 * same way (refused, exit 3, and gone from the file); now they wait in the file's sync state and
 * move onto the twin in the run that brings it. Against a real PouchDB Server on loopback (or
 * GLOSS_COUCHDB_URL).
 */

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const CY: Analyst = { id: 'cy', name: 'Cy Colleague' };

let couch: TestCouch;
let dir = '';

beforeAll(async () => {
  couch = await startCouch();
  dir = await mkdtemp(join(tmpdir(), 'gloss-sync-twins-'));
  await createUser(couch, 'ana', 'ana-pw', ['gloss-writer']);
  await createUser(couch, 'bo', 'bo-pw', ['gloss-writer']);
});

afterAll(async () => {
  await couch?.stop();
  await rm(dir, { recursive: true, force: true });
});

const read = async (path: string): Promise<ProjectDocument> => readProjectFile(await readFile(path));

/** Runs `gloss sync --json` in this process as `user`; its exit code and report. */
async function sync(path: string, url: string, user: string): Promise<{ code: number; report: SyncReport }> {
  const run = await runSync(path, url, user, `${user}-pw`, ['--json', '--quiet']);
  return { code: run.code, report: JSON.parse(run.stdout) as SyncReport };
}

describe('`gloss sync` remembers twin settlements between runs', () => {
  it('an annotation that arrives in a later run on the twin that gave way moves onto the article kept, on the server too', async () => {
    const name = `twins-remembered-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana', 'bo']);
    await putRaw(couch, name, designDocument());
    // Ana imported the text first (her copy is kept); Bo imported it the day after.
    const kept = await makeArticle('art-ana', TEXT, { importedAt: '2026-05-01T09:00:00.000Z' });
    const gone = await makeArticle('art-bo', TEXT, { importedAt: '2026-05-02T09:00:00.000Z' });
    const anaPath = join(dir, `${name}-ana.gloss`);
    const boPath = join(dir, `${name}-bo.gloss`);
    const ana = emptyProject('Team', ALICE, '2026-05-01T09:00:00.000Z');
    ana.articles.push(kept);
    ana.annotations.push(makeAnnotation(ID(1), kept, ...at('exports rose by 12 percent'), ALICE));
    const bo = emptyProject('Team', BOB, '2026-05-02T09:00:00.000Z');
    bo.articles.push(gone);
    bo.annotations.push(makeAnnotation(ID(2), gone, ...at('Officials denied a fuel shortage.'), BOB));
    await writeFile(anaPath, await writeProjectFile(ana));
    await writeFile(boPath, await writeProjectFile(bo));

    // Run 1 of each: Bo's twin goes up; Ana's run settles it onto her article (she settles it),
    // and Bo's next run hears of it (a colleague settled it).
    expect((await sync(boPath, url, 'bo')).code).toBe(0);
    expect((await sync(anaPath, url, 'ana')).code).toBe(0);
    expect((await sync(boPath, url, 'bo')).code).toBe(0);
    for (const path of [anaPath, boPath]) {
      const project = await read(path);
      expect(project.articles.map((a) => a.id)).toEqual([kept.id]);
      expect(readSyncState(project.extraEntries).remotes[remoteKey(url)]?.twins).toEqual({
        [gone.id]: kept.id,
      });
    }
    const live = async () => (await allDocs(couch, name)).filter((d) => d._id.startsWith('article:'));
    expect((await live()).map((d) => d._id)).toEqual([`article:${kept.id}`]);

    // Cy's client still held Bo's copy and sends an annotation on it, after the settlement.
    const late = async (n: number, quote: string) => {
      const a = makeAnnotation(ID(n), gone, ...at(quote), CY);
      await putRaw(couch, name, { ...toDocument({ kind: 'annotation', record: a }, 'cy') });
      return a;
    };
    const onServer = async (id: string) =>
      (await allDocs(couch, name)).find((d) => d._id === `annotation:${id}`)?.['record'] as
        Annotation | undefined;

    // Bo's run 2 (the settlement he heard of) moves it and sends it.
    const first = await late(3, 'Analysts expect the corridor');
    const b2 = await sync(boPath, url, 'bo');
    expect(b2.report.refused).toEqual([]);
    expect(b2.code).toBe(0);
    expect((await read(boPath)).annotations.find((a) => a.id === first.id)).toEqual({
      ...first,
      articleId: kept.id,
    });
    expect((await onServer(first.id))?.articleId).toBe(kept.id);

    // Ana's run 2 (the settlement she made) does the same with the next one, and with a saved
    // set that picks Bo's copy.
    const second = await late(4, 'to stay open');
    const set: AnnotationSet = {
      id: 'set-cy',
      type: 'dynamic',
      name: 'Bo’s copy',
      filter: { articleIds: [gone.id] },
      createdAt: '2026-05-03T09:00:00.000Z',
    };
    await putRaw(couch, name, { ...toDocument({ kind: 'set', record: set }, 'cy') });
    const a2 = await sync(anaPath, url, 'ana');
    expect(a2.report.refused).toEqual([]);
    expect(a2.code).toBe(0);
    const anaAfter = await read(anaPath);
    expect(anaAfter.annotations.map((a) => [a.id, a.articleId]).sort()).toEqual([
      [ID(1), kept.id],
      [ID(2), kept.id],
      [first.id, kept.id],
      [second.id, kept.id],
    ]);
    // Author and provenance as Cy made it; only the article changed.
    expect(anaAfter.annotations.find((a) => a.id === second.id)).toEqual({ ...second, articleId: kept.id });
    expect((await onServer(second.id))?.articleId).toBe(kept.id);
    const moved = { ...set, filter: { articleIds: [kept.id] } };
    expect(anaAfter.sets).toEqual([moved]);
    expect((await allDocs(couch, name)).find((d) => d._id === 'set:set-cy')?.['record']).toEqual(moved);

    // The server converged: one live article, every annotation on it, no conflict; Bo agrees.
    const b3 = await sync(boPath, url, 'bo');
    expect(b3.report.refused).toEqual([]);
    expect((await read(boPath)).annotations.map((a) => a.articleId)).toEqual(Array(4).fill(kept.id));
    const docs = await allDocs(couch, name);
    expect(docs.filter((d) => d._conflicts?.length)).toEqual([]);
    expect((await live()).map((d) => d._id)).toEqual([`article:${kept.id}`]);
    expect(
      docs.filter((d) => d._id.startsWith('annotation:')).map((d) => (d['record'] as Annotation).articleId),
    ).toEqual(Array(4).fill(kept.id));
  });
});

describe('`gloss sync`: an article removed by the pull before its twin reached the file', () => {
  /**
   * Bo's file holds his copy of the text, synced; he annotates it offline, while Cy's client
   * settles Bo's copy onto Cy's own (imported a day earlier) and the deletion of Bo's copy reaches
   * the server before Cy's copy does (his client sends it later). Returns what Bo's next run needs.
   */
  async function deletedBeforeItsTwin(tag: string) {
    const name = `twins-${tag}-${Date.now()}`;
    const url = await createDatabase(couch, name, ['ana', 'bo']);
    await putRaw(couch, name, designDocument());
    const kept = await makeArticle('art-cy', TEXT, { importedAt: '2026-05-01T09:00:00.000Z' });
    const gone = await makeArticle('art-bo', TEXT, { importedAt: '2026-05-02T09:00:00.000Z' });
    const boPath = join(dir, `${name}-bo.gloss`);
    const bo = emptyProject('Team', BOB, '2026-05-02T09:00:00.000Z');
    bo.articles.push(gone);
    await writeFile(boPath, await writeProjectFile(bo));
    expect((await sync(boPath, url, 'bo')).code).toBe(0);

    const mine = makeAnnotation(ID(5), gone, ...at('Officials denied a fuel shortage.'), BOB);
    const offline = await read(boPath);
    offline.annotations.push(mine);
    await writeFile(boPath, await writeProjectFile(offline));
    const bos = (await allDocs(couch, name)).find((d) => d._id === `article:${gone.id}`)!;
    await putRaw(couch, name, {
      _id: bos._id,
      _rev: bos._rev,
      _deleted: true,
      type: 'article',
      v: SYNC_DOC_VERSION,
      by: 'cy',
      record: null,
    });
    return { name, url, boPath, kept, gone, mine };
  }

  it('keeps its annotations waiting in the sync state, says so, and moves them onto the twin when it arrives in a later run', async () => {
    const { name, url, boPath, kept, gone, mine } = await deletedBeforeItsTwin('awaiting');

    // Bo's run 2: his copy is removed, no twin is here; the annotation waits, and he is told.
    const run2 = await runSync(boPath, url, 'bo', 'bo-pw', ['--quiet']);
    expect(run2.stderr).toBe('');
    expect(run2.code).toBe(0);
    expect(run2.stdout).toContain(
      '1 annotation waits for its article: “Article art-bo” was removed on the server (a colleague kept another copy of the same text, which has not reached this file yet); it moves onto that copy at a later sync, or onto the text imported again into this file (gloss import).',
    );
    expect(run2.stdout).not.toMatch(/refused/);
    const waiting = await read(boPath);
    expect(waiting.articles).toEqual([]);
    expect(waiting.annotations).toEqual([]);
    expect(readSyncState(waiting.extraEntries).remotes[remoteKey(url)]?.awaiting).toEqual({
      [gone.id]: { contentHash: gone.contentHash, title: gone.title, annotations: [mine] },
    });

    // Cy's copy reaches the server; Bo's run 3 moves the annotation onto it and sends it.
    await putRaw(couch, name, { ...toDocument({ kind: 'article', record: kept }, 'cy') });
    const run3 = await sync(boPath, url, 'bo');
    expect(run3.report.refused).toEqual([]);
    expect(run3.report.awaiting).toEqual([]);
    expect(run3.code).toBe(0);
    const after = await read(boPath);
    expect(after.articles.map((a) => a.id)).toEqual([kept.id]);
    expect(after.annotations).toEqual([{ ...mine, articleId: kept.id }]);
    const state = readSyncState(after.extraEntries).remotes[remoteKey(url)];
    expect(state?.awaiting).toBeUndefined();
    expect(state?.twins).toEqual({ [gone.id]: kept.id });
    const docs = await allDocs(couch, name);
    expect(docs.filter((d) => d._conflicts?.length)).toEqual([]);
    expect(docs.find((d) => d._id === `annotation:${mine.id}`)?.['record']).toEqual({
      ...mine,
      articleId: kept.id,
    });

    // A run with nothing new changes nothing and finds nothing waiting.
    const run4 = await sync(boPath, url, 'bo');
    expect(run4.report).toMatchObject({ pushed: 0, refused: [], awaiting: [] });
    expect((await read(boPath)).annotations).toEqual([{ ...mine, articleId: kept.id }]);
  });

  it('keeps the removed copy’s imported original while its annotations wait, and gives it to the twin, never to the server', async () => {
    const { name, url, boPath, kept, gone } = await deletedBeforeItsTwin('awaiting-original');
    // Bo's copy came from a file he imported: its bytes are kept in his project file.
    const original = new TextEncoder().encode(`<html><body><p>${TEXT}</p></body></html>`);
    const withOriginal = await read(boPath);
    withOriginal.articles = withOriginal.articles.map((a) => ({ ...a, original }));
    await writeFile(boPath, await writeProjectFile(withOriginal));

    expect((await sync(boPath, url, 'bo')).report.awaiting).toHaveLength(1);
    const waiting = readSyncState((await read(boPath)).extraEntries).remotes[remoteKey(url)]?.awaiting;
    expect(decodeOriginal(waiting![gone.id]!.original!)).toEqual(original);

    // Cy's copy (imported by Cy: no original in Bo's file) arrives and takes Bo's original.
    await putRaw(couch, name, { ...toDocument({ kind: 'article', record: kept }, 'cy') });
    expect((await sync(boPath, url, 'bo')).report).toMatchObject({ refused: [], awaiting: [] });
    const after = await read(boPath);
    expect(after.articles.map((a) => [a.id, a.original])).toEqual([[kept.id, original]]);
    expect(readSyncState(after.extraEntries).remotes[remoteKey(url)]?.awaiting).toBeUndefined();
    const docs = await allDocs(couch, name);
    expect(docs.find((d) => d._id === `article:${kept.id}`)?.['record']).not.toHaveProperty('original');
  });

  it('moves what waits onto the text imported again into the file, when the twin never comes', async () => {
    const { name, url, boPath, mine } = await deletedBeforeItsTwin('awaiting-reimported');
    expect((await sync(boPath, url, 'bo')).report.awaiting).toHaveLength(1);
    // The article Cy kept was deleted since: Bo imports the text again (a new article).
    const again = await makeArticle('art-bo-again', TEXT, { importedAt: '2026-05-04T09:00:00.000Z' });
    const project = await read(boPath);
    project.articles.push(again);
    await writeFile(boPath, await writeProjectFile(project));
    const run = await sync(boPath, url, 'bo');
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ refused: [], awaiting: [] });
    const after = await read(boPath);
    expect(after.annotations).toEqual([{ ...mine, articleId: again.id }]);
    expect(readSyncState(after.extraEntries).remotes[remoteKey(url)]?.awaiting).toBeUndefined();
    expect(
      ((await allDocs(couch, name)).find((d) => d._id === `annotation:${mine.id}`)?.['record'] as Annotation)
        .articleId,
    ).toBe(again.id);
  });

  it('takes in a colleague’s removal of a waiting annotation: nothing waits any longer, nothing comes back', async () => {
    const { name, url, boPath, kept, mine } = await deletedBeforeItsTwin('awaiting-removed');
    expect((await sync(boPath, url, 'bo')).report.awaiting).toEqual([
      { articleId: 'art-bo', title: 'Article art-bo', annotations: 1 },
    ]);
    const doc = (await allDocs(couch, name)).find((d) => d._id === `annotation:${mine.id}`)!;
    await putRaw(couch, name, { _id: doc._id, _rev: doc._rev, _deleted: true, by: 'cy' });
    const removed = await sync(boPath, url, 'bo');
    expect(removed.report).toMatchObject({ pushed: 0, refused: [], awaiting: [] });
    expect(
      readSyncState((await read(boPath)).extraEntries).remotes[remoteKey(url)]?.awaiting,
    ).toBeUndefined();

    await putRaw(couch, name, { ...toDocument({ kind: 'article', record: kept }, 'cy') });
    const later = await sync(boPath, url, 'bo');
    expect(later.code).toBe(0);
    const after = await read(boPath);
    expect(after.articles.map((a) => a.id)).toEqual([kept.id]);
    expect(after.annotations).toEqual([]);
    expect((await allDocs(couch, name)).some((d) => d._id === `annotation:${mine.id}`)).toBe(false);
  });
});

describe('the sync state with remembered twins', () => {
  const entry = (state: unknown) =>
    new Map([[SYNC_STATE_ENTRY, new TextEncoder().encode(JSON.stringify(state))]]);
  const older = {
    type: 'gloss-sync-state',
    version: 1,
    remotes: {
      'http://h/db': { syncedAt: '2026-05-01T09:00:00.000Z', docs: { 'article:a': ['1-ab', 'x'] } },
    },
  };

  it('reads a state written before twins were remembered (none settled), and keeps them once written', () => {
    expect(readSyncState(entry(older)).remotes['http://h/db']?.twins).toBeUndefined();
    const withTwins = {
      ...older,
      remotes: { 'http://h/db': { ...older.remotes['http://h/db'], twins: { b: 'a' } } },
    };
    const bytes = encodeSyncState(readSyncState(entry(withTwins)));
    expect(readSyncState(new Map([[SYNC_STATE_ENTRY, bytes]])).remotes['http://h/db']?.twins).toEqual({
      b: 'a',
    });
  });

  it('reads a state written before annotations waited for a twin, and keeps those that wait once written', async () => {
    expect(readSyncState(entry(older)).remotes['http://h/db']?.awaiting).toBeUndefined();
    const article = await makeArticle('art-bo', TEXT);
    const awaiting = {
      'art-bo': {
        contentHash: article.contentHash,
        title: article.title,
        annotations: [makeAnnotation(ID(9), article, ...at('to stay open'), BOB)],
      },
    };
    const state = { ...older, remotes: { 'http://h/db': { ...older.remotes['http://h/db'], awaiting } } };
    const bytes = encodeSyncState(readSyncState(entry(state)));
    expect(readSyncState(new Map([[SYNC_STATE_ENTRY, bytes]])).remotes['http://h/db']?.awaiting).toEqual(
      awaiting,
    );
    // A waiting annotation that is no annotation damages the state, as anything else would.
    const bad = structuredClone(state);
    (bad.remotes['http://h/db'].awaiting['art-bo'].annotations[0] as { kind: string }).kind = 'rumour';
    expect(() => readSyncState(entry(bad))).toThrow(/damaged/);
  });

  it('refuses a state whose twins are damaged, as any damaged state', () => {
    const damaged = structuredClone(older) as unknown as { remotes: Record<string, { twins: unknown }> };
    damaged.remotes['http://h/db']!.twins = { b: 7 };
    expect(() => readSyncState(entry(damaged))).toThrow(/damaged/);
  });
});
