import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  emptyProject,
  readProjectFile,
  writeProjectFile,
  type ProjectDocument,
} from '../../../../core/project';
import {
  encodeSyncState,
  readSyncState,
  SYNC_STATE_ENTRY,
  toDocument,
  type SyncState,
} from '../../../../core/sync';
import { ALICE, BOB, makeAnnotation, makeArticle } from '../../core/project/make-project';
import { createDatabase, createUser, putRaw, startCouch, type TestCouch } from './couch';
import { runSync } from './run-sync';
import { at, ID, TEXT } from './sample';

/*
 * `gloss sync` keeps PouchDB's checkpoint of its pull in the project file, so that a second run
 * reads only what changed since — against a real server (PouchDB Server, or GLOSS_COUCHDB_URL),
 * seen through a loopback relay that counts what the server's changes feed hands over. A
 * checkpoint that does not fit (the database recreated, a damaged entry) is ignored: that run
 * reads everything, and nothing is missed.
 */

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

let couch: TestCouch;
let relay: Server;
let relayUrl = '';
let dir = '';
/** Each replication read of a changes feed through the relay: its `since`, and how many changes it listed. */
const reads: { since: string; results: number }[] = [];

/** A loopback HTTP relay to the server that notes what each `_changes` answer lists. */
function startRelay(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers.set(k, v);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      void fetch(`${target}${req.url}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
      }).then(async (r) => {
        const text = await r.text();
        const u = new URL(req.url ?? '/', 'http://relay');
        if (u.pathname.endsWith('/_changes') && r.ok) {
          const results = (JSON.parse(text) as { results?: unknown[] }).results?.length ?? 0;
          reads.push({ since: u.searchParams.get('since') ?? '0', results });
        }
        const out: Record<string, string> = {};
        r.headers.forEach((v, k) => {
          if (k !== 'content-encoding' && k !== 'content-length' && k !== 'transfer-encoding') out[k] = v;
        });
        res.writeHead(r.status, out);
        res.end(text);
      });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const read = async (path: string): Promise<ProjectDocument> => readProjectFile(await readFile(path));

const sync = (path: string, url: string) => runSync(path, url, 'alice', 'alice-pw', ['--json']);

/** What one run read from the changes feed. */
async function counted(path: string, url: string) {
  const from = reads.length;
  const result = await sync(path, url);
  const mine = reads.slice(from);
  return { result, since: mine.map((r) => r.since), listed: mine.reduce((n, r) => n + r.results, 0) };
}

beforeAll(async () => {
  couch = await startCouch();
  dir = await mkdtemp(join(tmpdir(), 'gloss-sync-checkpoint-'));
  await createUser(couch, 'alice', 'alice-pw', ['gloss-writer']);
  relay = await startRelay(couch.url);
  const port = (relay.address() as { port: number }).port;
  relayUrl = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  relay?.close();
  await couch?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A database holding one article and `n` annotations by Bob, written as the admin. */
async function seeded(n: number): Promise<{ name: string; url: string }> {
  const name = `gloss-checkpoint-${Date.now()}-${Math.round(Math.random() * 1e6)}`;
  await createDatabase(couch, name, ['alice']);
  const article = await makeArticle('art-1', TEXT);
  await putRaw(couch, name, { ...toDocument({ kind: 'article', record: article }, 'admin') });
  for (let i = 1; i <= n; i++) {
    const a = makeAnnotation(ID(i), article, ...at('Officials denied a fuel shortage'), BOB, {
      note: `seed ${i}`,
    });
    await putRaw(couch, name, { ...toDocument({ kind: 'annotation', record: a }, 'admin') });
  }
  return { name, url: `${relayUrl}/${name}` };
}

async function emptyFile(name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, await writeProjectFile(emptyProject('Team', ALICE, '2025-07-02T09:00:00.000Z')));
  return path;
}

describe('gloss sync keeps a replication checkpoint', () => {
  it('a second run reads only the changes since the first; the file records where it stopped', async () => {
    const db = await seeded(20);
    const path = await emptyFile('first.gloss');
    const first = await counted(path, db.url);
    expect(first.result.code).toBe(0);
    expect(first.since[0]).toBe('0');
    expect(first.listed).toBe(21);
    expect((await read(path)).annotations).toHaveLength(20);
    const state = readSyncState((await read(path)).extraEntries);
    const checkpoint = state.remotes[db.url]?.checkpoint;
    expect(checkpoint?.log._id).toMatch(/^_local\//);
    expect(checkpoint?.log.last_seq).toBeTruthy();

    // Two new documents on the server.
    const article = await makeArticle('art-1', TEXT);
    for (const i of [21, 22]) {
      const a = makeAnnotation(ID(i), article, ...at('Analysts expect the corridor'), BOB, { note: 'new' });
      await putRaw(couch, db.name, { ...toDocument({ kind: 'annotation', record: a }, 'admin') });
    }
    const second = await counted(path, db.url);
    expect(second.result.code).toBe(0);
    expect(second.since[0]).not.toBe('0');
    expect(second.listed).toBe(2);
    const report = JSON.parse(second.result.stdout) as { pulled: { added: number } };
    expect(report.pulled.added).toBe(2);
    expect((await read(path)).annotations).toHaveLength(22);

    // Nothing new: nothing listed.
    const third = await counted(path, db.url);
    expect(third.listed).toBe(0);
  });

  it('a checkpoint from a database since recreated under the same address is ignored: a full pull, nothing missed', async () => {
    const db = await seeded(5);
    const path = await emptyFile('recreated.gloss');
    expect((await sync(path, db.url)).code).toBe(0);
    // The admin deletes the database and makes it again, with other content.
    const admin = `Basic ${Buffer.from(`${couch.admin.username}:${couch.admin.password}`).toString('base64')}`;
    await fetch(`${couch.url}/${db.name}`, { method: 'DELETE', headers: { authorization: admin } });
    await createDatabase(couch, db.name, ['alice']);
    const article = await makeArticle('art-1', TEXT);
    await putRaw(couch, db.name, { ...toDocument({ kind: 'article', record: article }, 'admin') });
    for (const i of [31, 32, 33]) {
      const a = makeAnnotation(ID(i), article, ...at('exports rose by 12 percent'), BOB, { note: 'anew' });
      await putRaw(couch, db.name, { ...toDocument({ kind: 'annotation', record: a }, 'admin') });
    }
    const again = await counted(path, db.url);
    expect(again.since[0]).toBe('0');
    expect(again.listed).toBe(4);
    // The three new ones arrived, and the file lost nothing it held.
    const ids = (await read(path)).annotations.map((a) => a.id);
    for (const id of [ID(1), ID(2), ID(3), ID(4), ID(5), ID(31), ID(32), ID(33)]) expect(ids).toContain(id);
  });

  it('a damaged or foreign checkpoint in the file is ignored, not trusted', async () => {
    const db = await seeded(3);
    const path = await emptyFile('foreign.gloss');
    expect((await sync(path, db.url)).code).toBe(0);
    const doc = await read(path);
    const state = readSyncState(doc.extraEntries);
    const entry = state.remotes[db.url]!;
    // A checkpoint taken from another file's sync (another session), claiming to be far ahead.
    const foreign: SyncState = {
      ...state,
      remotes: {
        [db.url]: {
          ...entry,
          checkpoint: {
            replica: entry.checkpoint!.replica,
            log: { ...entry.checkpoint!.log, session_id: 'someone-else', last_seq: 999_999, history: [] },
          },
        },
      },
    };
    const article = await makeArticle('art-1', TEXT);
    const a = makeAnnotation(ID(41), article, ...at('fuel shortage'), BOB, { note: 'after' });
    await putRaw(couch, db.name, { ...toDocument({ kind: 'annotation', record: a }, 'admin') });
    const withForeign = new Map(doc.extraEntries ?? []);
    withForeign.set(SYNC_STATE_ENTRY, encodeSyncState(foreign));
    await writeFile(path, await writeProjectFile({ ...doc, extraEntries: withForeign }));
    const run = await counted(path, db.url);
    expect(run.result.code).toBe(0);
    expect(run.since[0]).toBe('0');
    expect((await read(path)).annotations.map((x) => x.id)).toContain(ID(41));

    // A damaged checkpoint entry: the run goes on with a full pull (the rest of the state holds).
    const now = await read(path);
    const raw = JSON.parse(new TextDecoder().decode(now.extraEntries!.get(SYNC_STATE_ENTRY))) as {
      remotes: Record<string, { checkpoint: unknown }>;
    };
    raw.remotes[db.url]!.checkpoint = { replica: 7, log: 'not a log' };
    const damaged = new Map(now.extraEntries ?? []);
    damaged.set(SYNC_STATE_ENTRY, new TextEncoder().encode(JSON.stringify(raw)));
    await writeFile(path, await writeProjectFile({ ...now, extraEntries: damaged }));
    const afterDamage = await counted(path, db.url);
    expect(afterDamage.result.code).toBe(0);
    expect(afterDamage.since[0]).toBe('0');
    expect(JSON.parse(afterDamage.result.stdout)).toMatchObject({ pushed: 0, pulled: { added: 0 } });
  });
});
