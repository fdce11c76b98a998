import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyId } from '../../../../core/merge';
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
import { runSync } from './run-sync';
import { at, ID, TEXT } from './sample';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let couch: TestCouch;
let dir = '';
let db = '';
let alicePath = '';
let bobPath = '';

const read = async (path: string): Promise<ProjectDocument> => readProjectFile(await readFile(path));
const write = async (path: string, doc: ProjectDocument) => writeFile(path, await writeProjectFile(doc));

/** Runs `gloss sync` in this process as server user `user` (credentials in the environment only). */
const sync = (path: string, user: string, password: string, ...extra: string[]) =>
  runSync(path, db, user, password, ['--quiet', ...extra]);
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
    updatedBy: ALICE,
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

const dbName = () => db.split('/').pop()!;
const edit = async (path: string, change: (p: ProjectDocument) => void) => {
  const p = await read(path);
  change(p);
  await write(path, p);
};
const annotation = (p: ProjectDocument, id: string): Annotation => {
  const a = p.annotations.find((x) => x.id === id);
  if (!a) throw new Error(`no annotation ${id}`);
  return a;
};

describe('deletions, settled and true conflicts', () => {
  it('a tombstone and a removed record propagate', async () => {
    await edit(alicePath, (p) => {
      const a = annotation(p, ID(2));
      a.deletedAt = '2025-07-03T10:00:00.000Z';
      p.tags = p.tags.filter((t) => t.name !== 'trade');
    });
    expect((await asAlice()).code).toBe(0);
    expect((await asBob()).stdout).toMatch(/received: 0 new, 1 updated, 1 removed/);
    const b = await read(bobPath);
    expect(annotation(b, ID(2)).deletedAt).toBe('2025-07-03T10:00:00.000Z');
    expect(b.tags.map((t) => t.name)).toEqual(['energy']);
    const server = await allDocs(couch, dbName());
    expect(server.find((d) => d._id === 'tag:trade')).toBeUndefined();
  });

  it('edits of different fields on both sides are settled field by field, with no conflict left', async () => {
    await edit(alicePath, (p) => {
      const a = annotation(p, ID(1));
      a.note = 'cross-check with customs data';
      a.updatedAt = '2025-07-04T10:00:00.000Z';
    });
    await edit(bobPath, (p) => {
      const a = annotation(p, ID(1));
      a.credibility = 4;
      a.updatedAt = '2025-07-04T11:00:00.000Z';
    });
    expect((await asAlice()).code).toBe(0);
    const bob = await asBob();
    expect(bob.stdout).toMatch(/settled by the merge rules: 1/);
    expect((await asAlice()).code).toBe(0);
    for (const path of [alicePath, bobPath]) {
      const a = annotation(await read(path), ID(1));
      expect(a).toMatchObject({ note: 'cross-check with customs data', credibility: 4, author: ALICE });
      expect(a.updatedAt).toBe('2025-07-04T11:00:00.000Z');
    }
    const server = await allDocs(couch, dbName());
    expect(server.filter((d) => d._conflicts)).toEqual([]);
  });

  it('a true conflict is reported and left open, then settled with --conflicts', async () => {
    await edit(alicePath, (p) => {
      annotation(p, ID(11)).kind = 'claim';
      annotation(p, ID(11)).updatedAt = '2025-07-05T10:00:00.000Z';
    });
    await edit(bobPath, (p) => {
      annotation(p, ID(11)).kind = 'figure';
      annotation(p, ID(11)).updatedAt = '2025-07-05T11:00:00.000Z';
    });
    expect((await asAlice()).code).toBe(0);
    const bob = await asBob('--json');
    expect(bob.code).toBe(0);
    const report = JSON.parse(bob.stdout) as {
      conflicts: { id: string; fields: string[]; resolution: string; theirsBy: string }[];
    };
    expect(report.conflicts).toEqual([
      expect.objectContaining({
        id: `annotation:${ID(11)}`,
        fields: ['kind'],
        resolution: 'open',
        theirsBy: 'alice',
      }),
    ]);
    expect(annotation(await read(bobPath), ID(11)).kind).toBe('figure');
    let server = await allDocs(couch, dbName());
    expect(server.find((d) => d._id === `annotation:${ID(11)}`)?._conflicts).toHaveLength(1);
    // Alice sees it too, and keeps her side until someone decides.
    expect((await asAlice()).stdout).toMatch(
      /conflict annotation:\S+: kind changed on both sides \(theirs by bob\), left open/,
    );
    expect(annotation(await read(alicePath), ID(11)).kind).toBe('claim');

    const settle = await asBob('--conflicts', 'theirs');
    expect(settle.stdout).toMatch(/kept theirs/);
    server = await allDocs(couch, dbName());
    expect(server.filter((d) => d._conflicts)).toEqual([]);
    expect((await asAlice()).code).toBe(0);
    expect(annotation(await read(bobPath), ID(11)).kind).toBe(annotation(await read(alicePath), ID(11)).kind);
  });

  it('--conflicts both keeps mine and adds theirs as a copy, on every side', async () => {
    await edit(alicePath, (p) => {
      annotation(p, ID(1)).note = 'Alice: customs data disagree';
      annotation(p, ID(1)).updatedAt = '2025-07-06T10:00:00.000Z';
    });
    await edit(bobPath, (p) => {
      annotation(p, ID(1)).note = 'Bob: figure confirmed by ministry';
      annotation(p, ID(1)).updatedAt = '2025-07-06T11:00:00.000Z';
    });
    expect((await asAlice()).code).toBe(0);
    expect((await asBob('--conflicts', 'both')).stdout).toMatch(
      /note changed on both sides \(theirs by alice\), kept both/,
    );
    expect((await asAlice()).code).toBe(0);
    // Alice's version as she sent it: the copy's id comes from its id and times (copyId).
    const alices = {
      ...annotation(await read(alicePath), ID(1)),
      updatedAt: '2025-07-06T10:00:00.000Z',
      deletedAt: null,
    };
    for (const path of [alicePath, bobPath]) {
      const p = await read(path);
      expect(annotation(p, ID(1)).note).toBe('Bob: figure confirmed by ministry');
      expect(annotation(p, copyId(alices))).toMatchObject({
        note: 'Alice: customs data disagree',
        author: ALICE,
        articleId: 'art-1',
      });
    }
    expect((await allDocs(couch, dbName())).filter((d) => d._conflicts)).toEqual([]);
  });
});

describe('refusals', () => {
  it('refuses and reports documents that fail the schema; the file stays valid', async () => {
    const article = (await read(alicePath)).articles[0]!;
    // Written as the admin, which the design document lets through: a broken or hostile client.
    await putRaw(couch, dbName(), {
      _id: `annotation:${ID(99)}`,
      type: 'annotation',
      v: 1,
      by: 'admin',
      record: { ...annotation(await read(alicePath), ID(1)), id: ID(99), credibility: 9 },
    });
    await putRaw(couch, dbName(), {
      _id: 'article:forged',
      type: 'article',
      v: 1,
      by: 'admin',
      // The same length, other words: only the contentHash can tell.
      record: { ...article, id: 'forged', text: article.text.replace('ministry', 'Ministry') },
    });
    const bob = await asBob('--json');
    expect(bob.code).toBe(3);
    const report = JSON.parse(bob.stdout) as { refused: { id: string; reason: string }[] };
    expect(report.refused).toEqual(
      expect.arrayContaining([
        { id: `annotation:${ID(99)}`, reason: expect.stringMatching(/credibility/) as unknown },
        { id: 'article:forged', reason: expect.stringMatching(/contentHash/) as unknown },
      ]),
    );
    const b = await read(bobPath);
    expect(b.annotations.some((a) => a.id === ID(99))).toBe(false);
    expect(b.articles.some((a) => a.id === 'forged')).toBe(false);
  });

  it('the design document makes the server refuse a malformed or forged write by a writer', async () => {
    const put = (doc: object) =>
      fetch(`${db}/${encodeURIComponent((doc as { _id: string })._id)}`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from('alice:alice-pw').toString('base64')}`,
        },
        body: JSON.stringify(doc),
      });
    const noKind = await put({
      _id: `annotation:${ID(98)}`,
      type: 'annotation',
      v: 1,
      by: 'alice',
      record: { id: ID(98) },
    });
    expect(noKind.status).toBe(403);
    expect(((await noKind.json()) as { reason: string }).reason).toMatch(
      /record\.articleId must be a string/,
    );
    const forged = await put({
      _id: 'tag:x',
      type: 'tag',
      v: 1,
      by: 'bob',
      record: { name: 'x', color: '#000000' },
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { reason: string }).reason).toMatch(/must be written as alice, not bob/);
  });

  it('a read-only user gets a clear refusal, keeps the change, and still receives', async () => {
    const path = join(dir, 'reader.gloss');
    await write(path, emptyProject('Team', { id: 'carol', name: 'Carol' }, '2025-07-06T00:00:00.000Z'));
    expect((await sync(path, 'reader', 'reader-pw')).code).toBe(3); // the hostile documents above
    await edit(path, (p) => {
      p.tags.push({ name: 'carol-tag', color: '#ff0000' });
    });
    const r = await sync(path, 'reader', 'reader-pw');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(
      /the server refused tag:carol-tag: read-only: reader may read this project but not change it/,
    );
    const p = await read(path);
    expect(p.tags.map((t) => t.name)).toContain('carol-tag');
    expect(p.articles.map((a) => a.id).sort()).toEqual(['art-1', 'art-2']);
    expect((await allDocs(couch, dbName())).some((d) => d._id === 'tag:carol-tag')).toBe(false);

    // A removal is refused too, and the record comes back rather than vanishing here only.
    await edit(path, (q) => {
      q.tags = q.tags.filter((t) => t.name !== 'energy');
    });
    const removal = await sync(path, 'reader', 'reader-pw');
    expect(removal.stdout).toMatch(/the server refused tag:energy: read-only/);
    expect((await read(path)).tags.map((t) => t.name)).toContain('energy');
    expect((await sync(path, 'reader', 'reader-pw')).stdout).toMatch(/sent: 0 changes/);
  });

  it('a wrong password, an unknown database and an unreachable host give one clear line each', async () => {
    const wrong = await sync(alicePath, 'alice', 'not-her-password');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(
      /refused the user name or password.*Check GLOSS_SYNC_USER and GLOSS_SYNC_PASSWORD/,
    );

    const saved = db;
    try {
      db = `${couch.url}/no-such-project`;
      const missing = await asAlice();
      expect(missing.stderr).toMatch(/has no database named no-such-project/);
      db = 'http://127.0.0.1:9/team';
      const gone = await asAlice();
      expect(gone.code).toBe(1);
      expect(gone.stderr.trim().split('\n')).toHaveLength(1);
      expect(gone.stderr).toMatch(/cannot reach 127\.0\.0\.1:9: the connection was refused/);
    } finally {
      db = saved;
    }
  });

  it('a user who is not a member of the database gets one clear line with the server’s reason', async () => {
    await createUser(couch, 'outsider', 'outsider-pw', ['gloss-writer']);
    const r = await sync(alicePath, 'outsider', 'outsider-pw');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // CouchDB 3 answers 403 (“You are not allowed to access this db.”), PouchDB Server 401 (“You are
    // not authorized …”): either way the user name and password were right, and the reason is said once.
    expect(r.stderr).toMatch(
      /refused access to the database gloss-test-\d+: You are not (?:allowed|authorized) to access this db\.(?!\.)/,
    );
    expect(r.stderr).not.toMatch(/user name or password/);
  });

  it('refuses credentials on the command line', async () => {
    const r = await runCommand('sync', [alicePath, db.replace('http://', 'http://alice:alice-pw@')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/set GLOSS_SYNC_USER and GLOSS_SYNC_PASSWORD instead/);
  });
});
