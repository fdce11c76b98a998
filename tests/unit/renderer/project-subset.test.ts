import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../core/hash';
import { planMerge } from '../../../core/merge';
import type { Analyst, Annotation, AnnotationSet } from '../../../core/model';
import { readProjectFile, writeProjectFile } from '../../../core/project';
import { GlossDB } from '../../../renderer/src/db/db';
import {
  applyMergeToStore,
  partialOf,
  PROJECT_META_KEY,
  readProjectDocument,
  readSetProjectDocument,
  replaceStore,
  SETS_META_KEY,
  type ProjectMeta,
} from '../../../renderer/src/db/project-data';
import { fromProjectSet, saveSet, toProjectSet, type AnnotatedSet } from '../../../renderer/src/db/sets';
import { makeAnnotation, makeArticle, seqId, storeAnnotations } from './records';

const ME: Analyst = { id: 'me-0001', name: 'Me' };
const BOB: Analyst = { id: 'bob-0002', name: 'Bob' };
const SAVED = '2026-11-23T12:00:00.000Z';
const TEXT = 'The ministry said exports rose by 4 percent in June, and imports fell.';

const dbs: GlossDB[] = [];
const open = (label: string) => {
  const d = new GlossDB(`gloss-subset-${label}-${Date.now()}-${Math.random()}`);
  dbs.push(d);
  return d;
};
let db: GlossDB;
beforeEach(() => {
  db = open('mine');
});
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await Dexie.delete(d.name);
  }
});

const article = async (id: string, text: string, source: string) =>
  makeArticle(id, text, { source, contentHash: await sha256Hex(text) });
const articles = {
  a1: await article('a1', TEXT, 'Reuters'),
  a2: await article('a2', `${TEXT} Again.`, 'AP'),
  a3: await article('a3', `${TEXT} Third.`, 'Xinhua'),
};
const ann = (n: number, articleId: string, over: Partial<Annotation> = {}) =>
  makeAnnotation(TEXT, 4, 12, {
    id: seqId(n),
    articleId,
    author: ME,
    createdAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-01T00:00:00.000Z',
    ...over,
  });
const n1 = ann(1, 'a1', { kind: 'figure', tags: ['economy'] });
const n2 = ann(2, 'a1', { deletedAt: '2026-11-23T11:00:00.000Z', updatedAt: '2026-11-23T11:00:00.000Z' });
const n3 = ann(3, 'a2');
const n4 = ann(4, 'a3', { kind: 'figure' });

/** A library of three articles (three graded sources), four annotations, two tags and a set. */
async function seed(target: GlossDB): Promise<void> {
  await replaceStore(target, {
    envelope: {
      type: 'gloss-project',
      version: 1,
      app: { name: 'Gloss', version: 'test' },
      savedAt: '2026-11-01T00:00:00.000Z',
      analyst: ME,
      name: 'Ukraine desk',
      syncs: [{ analyst: BOB, savedAt: '2026-11-10T00:00:00.000Z' }],
    },
    articles: Object.values(articles),
    annotations: [n1, n2, n3, n4],
    sourceGrades: ['Reuters', 'AP', 'Xinhua'].map((source) => ({
      source,
      reliability: 'B' as const,
      note: '',
      updatedAt: '2026-11-01',
      updatedBy: ME,
    })),
    tags: [
      { name: 'economy', color: '#2563eb' },
      { name: 'unused', color: '#dc2626' },
    ],
    sets: [],
  });
  await target.meta.put({ key: 'analyst', value: ME });
}

const pinned = (ids: string[], name = 'Briefing'): AnnotatedSet => ({
  id: 'set-pinned',
  type: 'pinned',
  name,
  createdAt: '2026-11-20T00:00:00.000Z',
  annotationIds: ids,
});

describe('readSetProjectDocument', () => {
  it('holds the live annotations of the set, their articles and grades, every tag, and the set', async () => {
    await seed(db);
    await db.sets.add(pinned([seqId(1), seqId(2), seqId(3), 'gone']));
    await saveSet(db, { type: 'filter', name: 'Other', filter: { kinds: ['claim'] } });
    const set = (await db.sets.get('set-pinned'))!;
    const doc = await readSetProjectDocument(
      db,
      ME,
      set,
      set.type === 'pinned' ? set.annotationIds : [],
      SAVED,
    );

    // In: the live members; out: the tombstone n2, the unknown id, and n4 (not in the set).
    expect(doc.annotations.map((a) => a.id)).toEqual([seqId(1), seqId(3)]);
    expect(doc.annotations[0]).toEqual(n1);
    // Only the articles those are on, whole (text and blocks joined back), not a3.
    expect(doc.articles.map((a) => a.id).sort()).toEqual(['a1', 'a2']);
    expect(doc.articles.find((a) => a.id === 'a1')).toEqual(articles.a1);
    expect(doc.sourceGrades.map((g) => g.source).sort()).toEqual(['AP', 'Reuters']);
    expect(doc.tags.map((t) => t.name)).toEqual(['economy', 'unused']);
    // That one set, listing what the file holds; the other set stays behind.
    expect(doc.sets).toEqual([
      {
        id: 'set-pinned',
        type: 'static',
        name: 'Briefing',
        createdAt: '2026-11-20T00:00:00.000Z',
        annotationIds: [seqId(1), seqId(3)],
      },
    ]);
    expect(doc.envelope).toMatchObject({
      type: 'gloss-project',
      savedAt: SAVED,
      analyst: ME,
      name: 'Briefing',
      syncs: [{ analyst: BOB, savedAt: '2026-11-10T00:00:00.000Z' }],
    });
    expect(partialOf(doc)).toEqual({ set: { id: 'set-pinned', name: 'Briefing' } });

    // A valid project file, partial mark included.
    const reread = await readProjectFile(await writeProjectFile(doc));
    expect(reread.annotations).toEqual(doc.annotations);
    expect(partialOf(reread)).toEqual({ set: { id: 'set-pinned', name: 'Briefing' } });
    expect(partialOf(await readProjectDocument(db, ME))).toBeNull();
  });

  it('writes a filter set as a dynamic set with the whole filter, which reads back as the same set', async () => {
    const set = await saveSet(db, {
      type: 'filter',
      name: 'Opinion figures',
      filter: {
        kinds: ['figure'],
        stances: ['opinion', 'none'],
        credibility: [2, 'none'],
        reliability: ['none'],
        contains: { quote: 'rose', author: 'ana' },
        sources: [''],
        publishedFrom: '2026-01-01',
      },
    });
    if (set.type !== 'filter') throw new Error('a filter set was expected');
    const written = toProjectSet(set);
    expect(written).toEqual({
      id: set.id,
      type: 'dynamic',
      name: 'Opinion figures',
      createdAt: set.createdAt,
      filter: set.filter,
    });
    // Nothing is lost on the way through a project file: “no stance”, “no source” included.
    const doc = { ...(await readProjectDocument(db, ME)), sets: [written] };
    const reread = await readProjectFile(await writeProjectFile(doc));
    expect(fromProjectSet(reread.sets[0]!)).toEqual(set);
  });

  it('reads a Gloss 1 dynamic set from the table filter it kept under filter.table', () => {
    const old: AnnotationSet = {
      id: 'old',
      type: 'dynamic',
      name: 'Old',
      createdAt: '2026-11-20T00:00:00.000Z',
      // What Gloss 1 wrote: approximate format fields, and the table's filter under `table`.
      filter: {
        kinds: ['figure'],
        table: { kind: 'figure', stance: '—', quote: 'rose', source: '—', reliability: 'B' },
      } as AnnotationSet extends { filter: infer F } ? F : never,
    };
    expect(fromProjectSet(old)).toEqual({
      id: 'old',
      type: 'filter',
      name: 'Old',
      createdAt: '2026-11-20T00:00:00.000Z',
      filter: {
        kinds: ['figure'],
        stances: ['none'],
        contains: { quote: 'rose' },
        sources: [''],
        reliability: ['B'],
      },
    });
    // A dynamic set whose filter this Gloss cannot read is not listed in the sidebar (it is kept).
    const foreign = { ...old, filter: { kinds: ['rumour'] } } as unknown as AnnotationSet;
    expect(fromProjectSet(foreign)).toBeNull();
  });
});

describe('a partial project in another profile', () => {
  it('opens into a fresh profile with its set in the sidebar', async () => {
    await seed(db);
    const doc = await readSetProjectDocument(
      db,
      ME,
      pinned([seqId(1), seqId(3)]),
      [seqId(1), seqId(3)],
      SAVED,
    );
    const fresh = open('fresh');
    await replaceStore(fresh, await readProjectFile(await writeProjectFile(doc)));
    expect((await fresh.annotations.toArray()).map((a) => a.id).sort()).toEqual([seqId(1), seqId(3)]);
    expect(await fresh.articles.count()).toBe(2);
    expect(await fresh.sets.toArray()).toEqual([pinned([seqId(1), seqId(3)])]);
    expect((await fresh.meta.get(SETS_META_KEY))?.value).toEqual([]);
    // Saved again whole, the set is in the file.
    expect((await readProjectDocument(fresh, ME)).sets).toEqual(doc.sets);
  });

  it('merges into a profile: new records and the set added (renamed on a clash), no sync advanced', async () => {
    await seed(db);
    await storeAnnotations(db, [{ ...n1, note: 'my newer note', updatedAt: '2026-11-22T00:00:00.000Z' }]);
    const doc = await readSetProjectDocument(db, ME, pinned([seqId(1)]), [seqId(1)], SAVED);

    // Bob's profile: he holds a1 and an older n1 from an earlier exchange, and a set of the same name.
    const bob = open('bob');
    await replaceStore(bob, {
      ...(await readProjectDocument(db, ME)),
      envelope: {
        type: 'gloss-project',
        version: 1,
        app: { name: 'Gloss', version: 'test' },
        savedAt: '2026-11-05T00:00:00.000Z',
        analyst: BOB,
        name: 'Bob desk',
        syncs: [{ analyst: ME, savedAt: '2026-11-01T00:00:00.000Z' }],
      },
      articles: [articles.a1],
      annotations: [n1],
      sets: [{ ...toProjectSet(pinned([seqId(1)])), id: 'bobs-own' }],
    });
    await bob.meta.put({ key: 'analyst', value: BOB });
    const mine = await readProjectDocument(bob, BOB);
    const theirs = await readProjectFile(await writeProjectFile(doc));
    const plan = planMerge(mine, theirs);
    expect(plan.conflicts).toEqual([]);
    expect(plan.updated).toHaveLength(1);
    await applyMergeToStore(bob, mine, theirs, plan, {});

    expect((await bob.annotations.get(seqId(1)))?.note).toBe('my newer note');
    expect((await bob.sets.toArray()).map((s) => s.name).sort()).toEqual(['Briefing', 'Briefing (2)']);
    const project = (await bob.meta.get(PROJECT_META_KEY))?.value as ProjectMeta;
    expect(project.syncs).toEqual([{ analyst: ME, savedAt: '2026-11-01T00:00:00.000Z' }]);

    // Merging the same file again changes nothing.
    const again = await readProjectDocument(bob, BOB);
    const plan2 = planMerge(again, theirs);
    expect(plan2.updated).toEqual([]);
    expect(plan2.newAnnotations).toEqual([]);
    expect(plan2.newArticles).toEqual([]);
    expect(plan2.sets.added).toEqual([]);
  });
});
