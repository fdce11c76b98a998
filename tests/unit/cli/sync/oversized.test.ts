import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emptyProject, readProjectFile, writeProjectFile } from '../../../../core/project';
import { ALICE, makeAnnotation, makeArticle } from '../../core/project/make-project';
import { allDocs, createDatabase, createUser, limitDocumentSize, startCouch, type TestCouch } from './couch';
import { runSync } from './run-sync';
import { at, ID, TEXT } from './sample';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let couch: TestCouch;
let dir = '';
let db = '';

beforeAll(async () => {
  couch = await startCouch();
  dir = await mkdtemp(join(tmpdir(), 'gloss-oversized-'));
  await createUser(couch, 'alice', 'alice-pw', ['gloss-writer']);
  db = await createDatabase(couch, `gloss-oversized-${Date.now()}`, ['alice']);
});

afterAll(async () => {
  await couch?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a document too large for the server', () => {
  it('is left out and named, the rest is sent, and it goes once the server takes it', async () => {
    // Some 240 KB of text: over the limit set below, alone; the other documents are far under it.
    const long = Array.from(
      { length: 3000 },
      (_, i) => `Paragraph ${i} of a long report on the corridor.`,
    ).join('\n\n');
    const small = await makeArticle('art-small', TEXT);
    const big = await makeArticle('art-big', long);
    const project = emptyProject('Team', ALICE, '2025-07-02T09:00:00.000Z');
    project.articles.push(small, big);
    project.annotations.push(
      makeAnnotation(ID(1), small, ...at('exports rose by 12 percent'), ALICE, { kind: 'figure' }),
      makeAnnotation(ID(2), big, 0, 11, ALICE, { kind: 'claim' }),
    );
    project.tags.push({ name: 'energy', color: '#3b82f6' });
    const path = join(dir, 'alice.gloss');
    await writeFile(path, await writeProjectFile(project));
    const name = db.split('/').pop()!;

    const restoreLimit = await limitDocumentSize(couch, '100000');
    try {
      const r = await runSync(path, db, 'alice', 'alice-pw', ['--quiet']);
      // Refused changes make the run end with 3; the line says which and what to do.
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(
        /the server refused article:art-big: too large for the server \(HTTP 413\): the rest was sent; ask the server's admin to raise CouchDB's \[couchdb\] max_document_size/,
      );
      const onServer = (await allDocs(couch, name)).map((d) => d._id).sort();
      expect(onServer).toEqual(
        ['annotation:' + ID(1), 'annotation:' + ID(2), 'article:art-small', 'tag:energy'].sort(),
      );
      // The article stays in the file, to go up later.
      const kept = await readProjectFile(await readFile(path));
      expect(kept.articles.map((a) => a.id).sort()).toEqual(['art-big', 'art-small']);

      // Tried again by the next run, refused again, nothing else sent twice.
      const again = await runSync(path, db, 'alice', 'alice-pw', ['--quiet']);
      expect(again.code).toBe(3);
      expect(again.stdout).toMatch(/the server refused article:art-big: too large/);
      expect((await allDocs(couch, name)).map((d) => d._id).sort()).toEqual(onServer);
    } finally {
      await restoreLimit();
    }

    const later = await runSync(path, db, 'alice', 'alice-pw', ['--quiet']);
    expect(later.stderr).toBe('');
    expect(later.code).toBe(0);
    const docs = await allDocs(couch, name);
    expect(docs.map((d) => d._id).sort()).toContain('article:art-big');
    expect((docs.find((d) => d._id === 'article:art-big')?.['record'] as { text: string }).text).toBe(long);
  });

  it('a batch too large as a whole is sent in smaller batches, nothing left out', async () => {
    // 300 annotations of about 1 KB each: one batch of them is some 300 KB, each far under the limit.
    const article = await makeArticle('art-many', TEXT);
    const project = emptyProject('Team', ALICE, '2025-07-02T09:00:00.000Z');
    project.articles.push(article);
    for (let i = 0; i < 300; i++)
      project.annotations.push(
        makeAnnotation(ID(1000 + i), article, ...at('Officials denied a fuel shortage.'), ALICE, {
          kind: 'claim',
          note: `${i} `.padEnd(600, 'n'),
        }),
      );
    const path = join(dir, 'many.gloss');
    await writeFile(path, await writeProjectFile(project));
    const name = `gloss-oversized-many-${Date.now()}`;
    const many = await createDatabase(couch, name, ['alice']);

    const restoreLimit = await limitDocumentSize(couch, '100000');
    try {
      const r = await runSync(path, many, 'alice', 'alice-pw', ['--quiet']);
      expect(r.stderr).toBe('');
      expect(r.stdout).not.toMatch(/refused/);
      expect(r.code).toBe(0);
      expect(await allDocs(couch, name)).toHaveLength(301);
    } finally {
      await restoreLimit();
    }
  });
});
