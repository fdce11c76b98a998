import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Annotation } from '../../../../core/model';
import {
  emptyProject,
  readProjectFile,
  writeProjectFile,
  type ProjectDocument,
} from '../../../../core/project';
import { ALICE, BOB, makeAnnotation, makeArticle } from '../../core/project/make-project';
import { runCommand } from '../run-cli';
import { allDocs, createDatabase, createUser, putRaw, startCouch, type TestCouch } from './couch';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TEXT =
  'The ministry said exports rose by 12 percent in May. Officials denied a fuel shortage. Analysts expect the corridor to stay open.';
const at = (q: string): [number, number] => {
  const s = TEXT.indexOf(q);
  return [s, s + q.length];
};
const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let couch: TestCouch;
let dir = '';
let db = '';
let alicePath = '';
let bobPath = '';

const read = async (path: string): Promise<ProjectDocument> => readProjectFile(await readFile(path));
const write = async (path: string, doc: ProjectDocument) => writeFile(path, await writeProjectFile(doc));

/** Runs `gloss sync` in this process as server user `user` (credentials in the environment only). */
async function sync(path: string, user: string, password: string, ...extra: string[]) {
  const saved = { u: process.env['GLOSS_SYNC_USER'], p: process.env['GLOSS_SYNC_PASSWORD'] };
  process.env['GLOSS_SYNC_USER'] = user;
  process.env['GLOSS_SYNC_PASSWORD'] = password;
  try {
    return await runCommand('sync', [path, db, '--quiet', ...extra]);
  } finally {
    for (const [k, v] of [
      ['GLOSS_SYNC_USER', saved.u],
      ['GLOSS_SYNC_PASSWORD', saved.p],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
const asAlice = (...extra: string[]) => sync(alicePath, 'alice', 'alice-pw', ...extra);
const asBob = (...extra: string[]) => sync(bobPath, 'bob', 'bob-pw', ...extra);

const byId = (annotations: Annotation[]) => new Map(annotations.map((a) => [a.id, a]));

beforeAll(async () => {
  couch = await startCouch();
  dir = await mkdtemp(join(tmpdir(), 'gloss-sync-'));
  await createUser(couch, 'alice', 'alice-pw', ['gloss-writer']);
  await createUser(couch, 'bob', 'bob-pw', ['gloss-writer']);
  await createUser(couch, 'reader', 'reader-pw', ['gloss-reader']);
  db = await createDatabase(couch, `gloss-test-${Date.now()}`, ['alice', 'bob', 'reader']);
  const install = await sync(
    join(dir, 'none.gloss'),
    couch.admin.username,
    couch.admin.password,
    '--install',
  ).catch((e: unknown) => e);
  expect(install).toMatchObject({ code: 1 });

  const article = await makeArticle('art-1', TEXT);
  const alice = emptyProject('Team', ALICE, '2025-07-02T09:00:00.000Z');
  alice.articles.push(article);
  alice.annotations.push(
    makeAnnotation(ID(1), article, ...at('exports rose by 12 percent'), ALICE, {
      kind: 'figure',
      credibility: 2,
    }),
    makeAnnotation(ID(2), article, ...at('Officials denied a fuel shortage.'), ALICE, { kind: 'claim' }),
  );
  alice.sourceGrades.push({
    source: 'Example Wire',
    reliability: 'B',
    note: '',
    updatedAt: '2025-07-02T09:00:00.000Z',
  });
  alice.tags.push({ name: 'energy', color: '#3b82f6' }, { name: 'trade', color: '#22c55e' });
  const bobArticle = await makeArticle('art-2', 'A second report on the corridor and its traffic.');
  const bob = emptyProject('Team', BOB, '2025-07-02T09:00:00.000Z');
  bob.articles.push(bobArticle);
  bob.annotations.push(
    makeAnnotation(ID(11), bobArticle, 2, 15, BOB, { kind: 'assessment', stance: 'opinion' }),
  );
  alicePath = join(dir, 'alice.gloss');
  bobPath = join(dir, 'bob.gloss');
  await write(alicePath, alice);
  await write(bobPath, bob);
});

afterAll(async () => {
  await couch?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('gloss sync with a real CouchDB-protocol server', () => {
  it('installs its design document when asked by an admin', async () => {
    await write(join(dir, 'admin.gloss'), emptyProject('Admin', ALICE, '2025-07-01T00:00:00.000Z'));
    const r = await sync(join(dir, 'admin.gloss'), couch.admin.username, couch.admin.password, '--install');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('two project files synced through the server converge, authors kept', async () => {
    expect((await asAlice()).code).toBe(0);
    const bob = await asBob();
    expect(bob.code).toBe(0);
    expect(bob.stdout).toMatch(/received: 6 new/);
    expect((await asAlice()).stdout).toMatch(/received: 2 new/);
    const [a, b] = [await read(alicePath), await read(bobPath)];
    expect(a.articles.map((x) => x.id).sort()).toEqual(['art-1', 'art-2']);
    expect(b.articles.map((x) => x.id).sort()).toEqual(['art-1', 'art-2']);
    expect(byId(a.annotations)).toEqual(byId(b.annotations));
    expect(byId(b.annotations).get(ID(1))?.author).toEqual(ALICE);
    expect(byId(a.annotations).get(ID(11))?.author).toEqual(BOB);
    expect(b.sourceGrades).toEqual(a.sourceGrades);
    expect(new Set(b.tags.map((t) => t.name))).toEqual(new Set(['energy', 'trade']));
    const server = await allDocs(couch, db.split('/').pop()!);
    expect(server).toHaveLength(8);
    expect(server.find((d) => d._id === `annotation:${ID(1)}`)?.['by']).toBe('alice');
    expect(server.filter((d) => d._conflicts)).toEqual([]);
    // Syncing again changes nothing.
    const again = await asBob();
    expect(again.stdout).toMatch(/received: 0 new, 0 updated, 0 removed\n {2}sent: 0 changes/);
  });
});
