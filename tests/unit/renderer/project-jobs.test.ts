import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAll } from '../../../core/merge';
import type { Analyst, Annotation } from '../../../core/model';
import {
  ProjectFileError,
  readProjectFile,
  writeProjectFile,
  type ProjectDocument,
} from '../../../core/project';
import { onStoreChange, type StoreChange } from '../../../renderer/src/db/changes';
import { GlossDB } from '../../../renderer/src/db/db';
import { saveSet } from '../../../renderer/src/db/sets';
import {
  StoreChangedError,
  projectCounts,
  readProjectDocument,
  replaceStore,
} from '../../../renderer/src/db/project-data';
import {
  failureError,
  jobFailure,
  runProjectJob,
  type ProjectPhase,
  type ProjectProgress,
} from '../../../renderer/src/features/project/project-jobs';
import { inProjectWorker } from '../../../renderer/src/features/project/project-worker';

const SAMPLE = join(import.meta.dirname, '..', '..', 'fixtures', 'project', 'v1-sample.gloss');
const ME: Analyst = { id: 'me-0001', name: 'Me' };
const BOB: Analyst = { id: 'bob-0002', name: 'Bob' };
let db: GlossDB;
let counter = 0;

beforeEach(() => {
  db = new GlossDB(`gloss-project-jobs-${++counter}-${Date.now()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const sampleBytes = () => new Uint8Array(readFileSync(SAMPLE));
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

describe('project jobs (what the project worker runs)', () => {
  it('save: reads the library through its own connection and zips it, with its steps', async () => {
    await replaceStore(db, await readProjectFile(sampleBytes()));
    const phases: ProjectPhase[] = [];
    const savedAt = '2026-12-06T12:00:00.000Z';
    const result = await runProjectJob({ type: 'save', dbName: db.name, analyst: ME, savedAt }, (p) =>
      phases.push(p),
    );
    expect(phases).toEqual(['reading-library', 'compressing']);
    expect(result.type).toBe('save');
    if (result.type !== 'save') return;
    expect(result.empty).toBe(false);
    const back = await readProjectFile(result.bytes);
    const expected = await readProjectDocument(db, ME, savedAt);
    expect(back.articles).toEqual(expected.articles);
    expect(back.annotations).toEqual(expected.annotations);
    expect(result.summary).toEqual({
      counts: {
        articles: expected.articles.length,
        annotations: expected.annotations.filter((a) => a.deletedAt === null).length,
      },
      name: expected.envelope.name,
      savedAt,
      analyst: ME,
    });
  });

  it('save: says when the library is empty (backups skip it)', async () => {
    const result = await inProjectWorker({
      type: 'save',
      dbName: db.name,
      analyst: ME,
      savedAt: '2026-12-06T12:00:00.000Z',
    });
    expect(result.empty).toBe(true);
    expect(result.summary.counts).toEqual({ articles: 0, annotations: 0 });
  });

  it('read: validates a file and says what it holds, and a refusal crosses from the worker with its code', async () => {
    const { summary } = await inProjectWorker({ type: 'read', bytes: sampleBytes() });
    const doc = await readProjectFile(sampleBytes());
    expect(summary).toEqual({
      counts: projectCounts(doc),
      name: doc.envelope.name,
      savedAt: doc.envelope.savedAt,
      analyst: doc.envelope.analyst,
    });

    const cut = sampleBytes().subarray(0, 200);
    const err = await inProjectWorker({ type: 'read', bytes: cut }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectFileError);
    const direct = await readProjectFile(cut).catch((e: unknown) => e as ProjectFileError);
    expect(err).toMatchObject({
      code: (direct as ProjectFileError).code,
      message: (direct as Error).message,
    });
    // The plain-data form a worker posts, and back.
    const back = failureError(jobFailure(direct));
    expect(back).toBeInstanceOf(ProjectFileError);
    expect(back).toMatchObject({ code: (direct as ProjectFileError).code });
    expect(failureError(jobFailure(new Error('disk full')))).not.toBeInstanceOf(ProjectFileError);
  });

  it('open: reads the file and replaces the library through its own connection, with progress, and the feed tells the window', async () => {
    // The window's connection holds something the file will replace.
    const other = await readProjectFile(sampleBytes());
    other.articles = other.articles.slice(0, 1).map((a) => ({ ...a, id: 'old-article' }));
    other.annotations = [];
    await replaceStore(db, other);
    const heard: StoreChange[] = [];
    const stop = onStoreChange(db, (c) => heard.push(c));
    const steps: [ProjectPhase, ProjectProgress | undefined][] = [];
    const result = await runProjectJob(
      { type: 'open', dbName: db.name, analyst: ME, source: { bytes: sampleBytes() } },
      (p, progress) => steps.push([p, progress]),
    );
    stop();
    const doc = await readProjectFile(sampleBytes());
    expect(result).toEqual({
      type: 'open',
      summary: {
        counts: projectCounts(doc),
        name: doc.envelope.name,
        savedAt: doc.envelope.savedAt,
        analyst: doc.envelope.analyst,
      },
    });
    // Read through the window's own connection: the worker's writes are there.
    const back = await readProjectDocument(db, ME);
    expect(sorted(back.articles)).toEqual(sorted(doc.articles));
    expect(sorted(back.annotations)).toEqual(sorted(doc.annotations));
    expect(steps[0]).toEqual(['reading-file', undefined]);
    const last = steps.at(-1)!;
    expect(last[0]).toBe('writing-library');
    expect(last[1]!.done).toBe(last[1]!.total);
    expect(last[1]!.total).toBe(doc.articles.length * 2 + doc.annotations.length);
    // One committed transaction, reported with every key it wrote and who wrote it.
    expect(heard).toHaveLength(1);
    expect(heard[0]!.by).toEqual(ME);
    expect(new Set(heard[0]!.keys.annotations)).toEqual(new Set(doc.annotations.map((a) => a.id)));
    expect(heard[0]!.keys.articles).toEqual(
      expect.arrayContaining(['old-article', ...doc.articles.map((a) => a.id)]),
    );
  });

  it('open: a damaged file writes nothing', async () => {
    await replaceStore(db, await readProjectFile(sampleBytes()));
    const before = await readProjectDocument(db, ME, '2026-01-01T00:00:00.000Z');
    const cut = sampleBytes().subarray(0, 200);
    await expect(
      runProjectJob({ type: 'open', dbName: db.name, analyst: ME, source: { bytes: cut } }),
    ).rejects.toBeInstanceOf(ProjectFileError);
    expect(await readProjectDocument(db, ME, '2026-01-01T00:00:00.000Z')).toEqual(before);
  });

  it('plan and merge: planned and applied in the worker against the library, only the plan comes back', async () => {
    await replaceStore(db, await readProjectFile(sampleBytes()));
    const mine = await readProjectDocument(db, ME);
    const theirs = bobsVersion(mine);
    const bytes = await writeProjectFile(theirs);
    const planned = await inProjectWorker({ type: 'plan', dbName: db.name, analyst: ME, theirs: { bytes } });
    expect(planned.plan.conflicts).toHaveLength(1);
    expect(planned.plan.newAnnotations.flatMap((g) => g.annotations)).toHaveLength(1);
    // The titles the preview needs, of the library's articles the plan mentions.
    const conflictArticle = planned.plan.conflicts[0]!.mine.articleId;
    expect(new Map(planned.titles).get(conflictArticle)).toBe(
      mine.articles.find((a) => a.id === conflictArticle)!.title,
    );
    const { written } = await inProjectWorker({
      type: 'merge',
      dbName: db.name,
      analyst: ME,
      theirs: { bytes },
      resolutions: resolveAll(planned.plan, 'theirs'),
      expected: planned.expected,
    });
    expect(written).toMatchObject({ articles: 0, annotations: 2 });
    const after = await db.annotations.toArray();
    expect(after.filter((a) => a.note === 'Bob disagrees')).toHaveLength(1);
    expect(after.filter((a) => a.author.id === BOB.id)).toHaveLength(1);
  });

  it('merge: refused, writing nothing, when the library changed after the preview (a document from an import too)', async () => {
    await replaceStore(db, await readProjectFile(sampleBytes()));
    const theirs = bobsVersion(await readProjectDocument(db, ME));
    const planned = await runProjectJob({
      type: 'plan',
      dbName: db.name,
      analyst: ME,
      theirs: { doc: theirs },
    });
    if (planned.type !== 'plan') throw new Error('not a plan');
    // Meanwhile, in the window: an annotation is deleted.
    const first = (await db.annotations.toArray()).find((a) => a.deletedAt === null) as Annotation;
    await db.transaction('rw', db.articles, db.annotations, () =>
      db.annotations.put({
        ...first,
        deletedAt: '2025-09-01T00:00:00.000Z',
        updatedAt: '2025-09-01T00:00:00.000Z',
      }),
    );
    const before = await db.annotations.toArray();
    const err = await inProjectWorker({
      type: 'merge',
      dbName: db.name,
      analyst: ME,
      theirs: { doc: theirs },
      resolutions: resolveAll(planned.plan, 'theirs'),
      expected: planned.expected,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreChangedError);
    expect(failureError(jobFailure(err))).toBeInstanceOf(StoreChangedError);
    expect(await db.annotations.toArray()).toEqual(before);
  });

  it('save-set: one set as a partial project, or nothing when it holds no live annotation', async () => {
    await replaceStore(db, await readProjectFile(sampleBytes()));
    const live = (await db.annotations.toArray()).filter((a) => a.deletedAt === null);
    const set = await saveSet(db, {
      type: 'pinned',
      name: 'The live ones',
      annotationIds: live.map((a) => a.id),
    });
    const savedAt = '2026-12-06T12:00:00.000Z';
    const job = { type: 'save-set', dbName: db.name, analyst: ME, setId: set.id, savedAt } as const;
    const result = await inProjectWorker({ ...job, annotationIds: live.map((a) => a.id) });
    const back = await readProjectFile(result.bytes!);
    expect(sorted(back.annotations)).toEqual(sorted(live));
    expect(back.envelope.name).toBe('The live ones');
    expect(result.summary.counts.annotations).toBe(live.length);
    expect(live.length).toBeGreaterThan(0);
    const none = await inProjectWorker({ ...job, annotationIds: [] });
    expect(none.bytes).toBeNull();
  });
});
