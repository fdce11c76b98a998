import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../run-cli';

/**
 * A real CouchDB-protocol server for the sync tests: PouchDB Server from npm, started on a free
 * loopback port (in memory, or over a folder when it must survive a restart), or the CouchDB at
 * GLOSS_COUCHDB_URL (`http://admin:password@host:5984`) when that is set — which the tests can
 * kill and start again only when GLOSS_COUCHDB_KILL and GLOSS_COUCHDB_START are shell commands
 * that do so (each returns once it is done: the server gone, or answering again).
 */
export interface TestCouch {
  /** The server's base URL, without credentials. */
  url: string;
  admin: { username: string; password: string };
  /** True when the server is GLOSS_COUCHDB_URL (then `stop` leaves it running, with its databases). */
  external: boolean;
  /** Whether `kill` and `restart` work: always for PouchDB Server; see {@link restartable}. */
  restartable: boolean;
  /** Kills the server process at once (SIGKILL), as a crash or a pulled cable would. */
  kill(): Promise<void>;
  /** Starts the server again on the same port (and folder). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const BIN = join(ROOT, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server');

const KILL = process.env['GLOSS_COUCHDB_KILL'];
const START = process.env['GLOSS_COUCHDB_START'];
/**
 * Whether the tests' server can be killed and started again: PouchDB Server, or the server at
 * GLOSS_COUCHDB_URL when GLOSS_COUCHDB_KILL and GLOSS_COUCHDB_START say how.
 */
export const restartable = !process.env['GLOSS_COUCHDB_URL'] || Boolean(KILL && START);

/** Runs a shell command given in the environment; rejects with its output if it fails. */
function shell(command: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('/bin/sh', ['-c', command], (error, stdout, stderr) =>
      error ? reject(new Error(`${command} failed: ${error.message}\n${stdout}${stderr}`)) : resolve(),
    ),
  );
}
const FIX = join(import.meta.dirname, 'fix-pouchdb-validation.cjs');

/**
 * A loopback port free at this moment: nothing listens on it, so a connection to it is refused
 * (as to a stopped server) until something takes it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves when the server prints that it listens; rejects if it exits first. */
function waitForStart(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('has started on')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('exit', (code) =>
      reject(new Error(`pouchdb-server exited (${code}) before it started:\n${out}`)),
    );
  });
}

async function request(
  url: string,
  method: string,
  auth: TestCouch['admin'] | null,
  body?: unknown,
): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth)
    headers['authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const res = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as unknown;
  if (!res.ok && res.status !== 412)
    throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function startCouch(opts: { persistent?: boolean; unfixed?: boolean } = {}): Promise<TestCouch> {
  const given = process.env['GLOSS_COUCHDB_URL'];
  if (given) {
    const u = new URL(given);
    const admin = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
    u.username = '';
    u.password = '';
    const url = u.href.replace(/\/+$/, '');
    const none = async () => {
      throw new Error(
        'the server at GLOSS_COUCHDB_URL cannot be killed or restarted by the tests: set GLOSS_COUCHDB_KILL and GLOSS_COUCHDB_START',
      );
    };
    return {
      url,
      admin,
      external: true,
      restartable,
      kill: KILL && START ? () => shell(KILL) : none,
      restart:
        KILL && START
          ? async () => {
              await shell(START);
              // Answers, or throws with what it said (as the admin: `require_valid_user` may be on).
              await request(`${url}/_up`, 'GET', admin);
            }
          : none,
      stop: async () => {},
    };
  }
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'gloss-couch-'));
  const admin = { username: 'admin', password: 'admin-secret' };
  const args = [
    ...(opts.unfixed ? [] : ['--require', FIX]),
    BIN,
    opts.persistent ? '--dir' : '--in-memory',
    ...(opts.persistent ? [dir] : []),
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
  ];
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForStart(child);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  const url = `http://127.0.0.1:${port}`;
  // A fresh server is an "admin party"; make it a real one with an admin, as CouchDB 3 requires.
  await request(`${url}/_config/admins/${admin.username}`, 'PUT', null, admin.password);
  return {
    url,
    admin,
    external: false,
    restartable: true,
    kill,
    restart: start,
    stop: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a user with `roles` (idempotent). */
export async function createUser(
  couch: TestCouch,
  name: string,
  password: string,
  roles: string[],
): Promise<void> {
  const id = `org.couchdb.user:${name}`;
  const url = `${couch.url}/_users/${encodeURIComponent(id)}`;
  const existing = (await fetch(url, {
    headers: {
      authorization: `Basic ${Buffer.from(`${couch.admin.username}:${couch.admin.password}`).toString('base64')}`,
    },
  }).then((r) => (r.ok ? r.json() : undefined))) as { _rev?: string } | undefined;
  await request(url, 'PUT', couch.admin, {
    _id: id,
    name,
    password,
    roles,
    type: 'user',
    ...(existing?._rev ? { _rev: existing._rev } : {}),
  });
}

/**
 * Creates database `db` whose members are `members` (readers and writers alike; roles decide).
 * CouchDB 3 splits a database into shards (`q`, 2 by default) and its changes feed interleaves
 * them, so documents do not come in the order they were written; `shards: 1` keeps that order,
 * as PouchDB Server's one sequence always does (it ignores `q`).
 */
export async function createDatabase(
  couch: TestCouch,
  db: string,
  members: string[],
  opts: { shards?: number } = {},
): Promise<string> {
  await request(`${couch.url}/${db}${opts.shards ? `?q=${opts.shards}` : ''}`, 'PUT', couch.admin);
  await request(`${couch.url}/${db}/_security`, 'PUT', couch.admin, {
    admins: { names: [], roles: [] },
    members: { names: members, roles: [] },
  });
  return `${couch.url}/${db}`;
}

/** Deletes `db` (to play a server database recreated, or lost and restored empty). */
export async function deleteDatabase(couch: TestCouch, db: string): Promise<void> {
  await request(`${couch.url}/${db}`, 'DELETE', couch.admin);
}

/** Every live document of `db`, read as the admin, with its conflicts. */
export async function allDocs(
  couch: TestCouch,
  db: string,
): Promise<{ _id: string; _rev: string; _conflicts?: string[]; [k: string]: unknown }[]> {
  const res = (await request(
    `${couch.url}/${db}/_all_docs?include_docs=true&conflicts=true`,
    'GET',
    couch.admin,
  )) as {
    rows: { doc: { _id: string; _rev: string; _conflicts?: string[] } }[];
  };
  return res.rows.map((r) => r.doc).filter((d) => !d._id.startsWith('_design/'));
}

/**
 * Compacts `db` and resolves once the compaction has ended: old revisions' bodies are gone, as
 * CouchDB 3's automatic compaction leaves them (PouchDB Server answers when done; CouchDB answers
 * at once and reports `compact_running` until it has finished).
 */
export async function compact(couch: TestCouch, db: string): Promise<void> {
  await request(`${couch.url}/${db}/_compact`, 'POST', couch.admin, {});
  for (;;) {
    const info = (await request(`${couch.url}/${db}`, 'GET', couch.admin)) as { compact_running?: boolean };
    if (!info.compact_running) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Whether the server still holds the body of revision `rev` of document `id` (read as the admin). */
export async function holdsRevision(couch: TestCouch, db: string, id: string, rev: string): Promise<boolean> {
  const { username, password } = couch.admin;
  const res = await fetch(`${couch.url}/${db}/${encodeURIComponent(id)}?rev=${encodeURIComponent(rev)}`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  await res.body?.cancel();
  if (res.status !== 200 && res.status !== 404) throw new Error(`GET ${id}?rev=${rev}: ${res.status}`);
  return res.status === 200;
}

/** Writes a document straight to the server as the admin (to play a broken or hostile client). */
export async function putRaw(
  couch: TestCouch,
  db: string,
  doc: { _id: string; [k: string]: unknown },
): Promise<void> {
  await request(`${couch.url}/${db}/${encodeURIComponent(doc._id)}`, 'PUT', couch.admin, doc);
}

/** Writes documents straight to the server as the admin, in one `_bulk_docs` (seeding a test's server). */
export async function putBulk(couch: TestCouch, db: string, docs: object[]): Promise<void> {
  const res = (await request(`${couch.url}/${db}/_bulk_docs`, 'POST', couch.admin, { docs })) as {
    error?: string;
  }[];
  const failed = res.filter((r) => r.error);
  if (failed.length)
    throw new Error(`seeding ${db}: ${failed.length} documents refused: ${JSON.stringify(failed[0])}`);
}

/**
 * Sets the server's `[couchdb] max_document_size` (bytes) and answers how to put it back as it
 * was (a server that had no value set gets its default). CouchDB refuses a document over it,
 * naming it; PouchDB Server applies it to a request's whole body and names nothing.
 */
export async function limitDocumentSize(couch: TestCouch, bytes: string): Promise<() => Promise<void>> {
  const url = couch.external
    ? `${couch.url}/_node/_local/_config/couchdb/max_document_size`
    : `${couch.url}/_config/couchdb/max_document_size`;
  const previous = String(await request(url, 'PUT', couch.admin, bytes));
  const restore = previous || (couch.external ? '8000000' : '4294967296');
  return async () => void (await request(url, 'PUT', couch.admin, restore));
}
