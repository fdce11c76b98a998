import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planMerge, resolveAll } from '../../../core/merge';
import type { Analyst, Annotation } from '../../../core/model';
import { readProjectFile, writeProjectFile, type ProjectDocument } from '../../../core/project';
import { GlossDB } from '../../../renderer/src/db/db';
import {
  applyMergeToStore,
  readProjectDocument,
  replaceStore,
  StoreChangedError,
  storeIsEmpty,
} from '../../../renderer/src/db/project-data';
import { addArticles } from '../../../renderer/src/db/articles';
import { makeAnnotation, makeArticle, storeAnnotations } from './records';
import { analystNameProblem, saveAnalystName } from '../../../renderer/src/features/analyst/analyst';

const SAMPLE = join(import.meta.dirname, '..', '..', 'fixtures', 'project', 'v1-sample.gloss');
const ME: Analyst = { id: 'me-0001', name: 'Me' };
const BOB: Analyst = { id: 'bob-0002', name: 'Bob' };
let db: GlossDB;
let counter = 0;

beforeEach(() => {
  db = new GlossDB(`gloss-project-data-${++counter}-${Date.now()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const sample = async () => readProjectFile(new Uint8Array(readFileSync(SAMPLE)));
const sorted = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

/** Bob's version of `doc`: one of its annotations re-noted, one new annotation of his. */
function bobsVersion(doc: ProjectDocument): ProjectDocument {
  const later = '2025-08-01T10:00:00.000Z';
  const theirs = structuredClone(doc);
  theirs.envelope = { ...theirs.envelope, analyst: BOB, savedAt: later };
  const live = theirs.annotations.find((a) => a.deletedAt === null)!;
  Object.assign(live, { note: 'Bob disagrees', updatedAt: later });
  theirs.annotations.push({ ...live, id: 'b0b00000-0000-4000-8000-000000000001', author: BOB, note: '' });
  return theirs;
}

describe('replaceStore and readProjectDocument', () => {
  it('round-trip every record of a project file through the store', async () => {
    const doc = await sample();
    await replaceStore(db, doc);
    const back = await readProjectDocument(db, ME, '2025-08-02T00:00:00.000Z');
    expect(sorted(back.articles)).toEqual(sorted(doc.articles));
    expect(sorted(back.annotations)).toEqual(sorted(doc.annotations));
    expect(back.sourceGrades).toEqual(doc.sourceGrades);
    expect(back.tags).toEqual(doc.tags);
    expect(back.sets).toEqual(doc.sets);
    expect(back.envelope.name).toBe(doc.envelope.name);
    // And through a file again, byte-level valid.
    const reread = await readProjectFile(await writeProjectFile(back));
    expect(sorted(reread.annotations)).toEqual(sorted(doc.annotations));
  });

  it('adopts the owner as analyst only in a store without one, and records a sync for someone else', async () => {
    const doc = await sample();
    await replaceStore(db, doc);
    expect((await db.meta.get('analyst'))?.value).toEqual(doc.envelope.analyst);

    const other = new GlossDB(`${db.name}-b`);
    try {
      await saveAnalystName(other, 'Carol');
      const carol = (await other.meta.get('analyst'))?.value as Analyst;
      await replaceStore(other, doc);
      expect((await other.meta.get('analyst'))?.value).toEqual(carol);
      const project = (await other.meta.get('project'))?.value as { syncs: { analyst: Analyst }[] };
      expect(project.syncs.map((s) => s.analyst.id)).toEqual([doc.envelope.analyst.id]);
    } finally {
      other.close();
      await Dexie.delete(`${db.name}-b`);
    }
  });

  it('clears what was there before, undo history included', async () => {
    await replaceStore(db, await sample());
    await db.history.add({ label: 'x', at: '2025-01-01', changes: [], undone: false });
    const empty = {
      ...(await sample()),
      articles: [],
      annotations: [],
      tags: [],
      sourceGrades: [],
      sets: [],
    };
    await replaceStore(db, empty);
    expect(await db.articles.count()).toBe(0);
    expect(await db.bodies.count()).toBe(0);
    expect(await db.annotations.count()).toBe(0);
    expect(await db.history.count()).toBe(0);
  });
});

describe('storeIsEmpty', () => {
  it('is true only while the store holds neither an article nor an annotation', async () => {
    expect(await storeIsEmpty(db)).toBe(true);
    await db.meta.put({ key: 'analyst', value: ME });
    expect(await storeIsEmpty(db)).toBe(true);
    const text = 'Officials said 80,000 were killed.';
    await addArticles(db, [makeArticle('a', text)]);
    expect(await storeIsEmpty(db)).toBe(false);
    // A tombstone still counts as content, also once its article is gone.
    await storeAnnotations(db, [makeAnnotation(text, 0, 9, { deletedAt: '2026-01-02T00:00:00.000Z' })]);
    await db.articles.clear();
    await db.bodies.clear();
    expect(await storeIsEmpty(db)).toBe(false);
    await db.annotations.clear();
    expect(await storeIsEmpty(db)).toBe(true);
    // The store refuses an annotation whose article it does not hold.
    await expect(storeAnnotations(db, [makeAnnotation(text, 0, 9)])).rejects.toThrow(
      /its article a is not in the library/,
    );
    expect(await storeIsEmpty(db)).toBe(true);
  });
});

describe('applyMergeToStore', () => {
  it.each(['both', 'mine', 'theirs'] as const)(
    'writes the merge in one go, and merging the same file again changes nothing (conflict: %s)',
    async (resolution) => {
      await replaceStore(db, await sample());
      const mine = await readProjectDocument(db, ME);
      const theirs = bobsVersion(mine);
      const plan = planMerge(mine, theirs);
      expect(plan.conflicts).toHaveLength(1);
      expect(plan.newAnnotations.flatMap((g) => g.annotations)).toHaveLength(1);
      const written = await applyMergeToStore(db, mine, theirs, plan, resolveAll(plan, resolution));
      expect(written).toMatchObject({ articles: 0, annotations: resolution === 'both' ? 3 : 2 });
      const after = await db.annotations.toArray();
      expect(after.filter((a) => a.note === 'Bob disagrees')).toHaveLength(resolution === 'mine' ? 0 : 1);
      expect(after.filter((a) => a.author.id === BOB.id)).toHaveLength(1);

      const again = await readProjectDocument(db, ME);
      const plan2 = planMerge(again, theirs);
      expect(plan2.conflicts).toEqual([]);
      expect(plan2.newAnnotations).toEqual([]);
      expect(plan2.updated).toEqual([]);
      await applyMergeToStore(db, again, theirs, plan2, {});
      expect(sorted(await db.annotations.toArray())).toEqual(sorted(after));
    },
  );

  it('refuses, writing nothing, when the store changed after the preview', async () => {
    await replaceStore(db, await sample());
    const mine = await readProjectDocument(db, ME);
    const theirs = bobsVersion(mine);
    const plan = planMerge(mine, theirs);
    const first = (await db.annotations.toArray())[0] as Annotation;
    await storeAnnotations(db, [
      { ...first, note: 'edited meanwhile', updatedAt: '2025-09-01T00:00:00.000Z' },
    ]);
    const before = await db.annotations.toArray();
    await expect(
      applyMergeToStore(db, mine, theirs, plan, resolveAll(plan, 'theirs')),
    ).rejects.toBeInstanceOf(StoreChangedError);
    expect(await db.annotations.toArray()).toEqual(before);
  });
});

describe('analyst', () => {
  it('requires a name, keeps the id when renamed, and draws a UUID at first', async () => {
    expect(analystNameProblem('   ')).toMatch(/Enter your name/);
    expect(analystNameProblem('x'.repeat(81))).toMatch(/at most 80/);
    await expect(saveAnalystName(db, '')).rejects.toThrow(/Enter your name/);
    const first = await saveAnalystName(db, '  Ann  ');
    expect(first.name).toBe('Ann');
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    const renamed = await saveAnalystName(db, 'Ann B.');
    expect(renamed).toEqual({ id: first.id, name: 'Ann B.' });
  });
});
