import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analyst } from '../../../core/model';
import { ProjectFileError, readProjectFile } from '../../../core/project';
import { GlossDB } from '../../../renderer/src/db/db';
import { readProjectDocument, replaceStore } from '../../../renderer/src/db/project-data';
import {
  failureError,
  jobFailure,
  runProjectJob,
  type ProjectPhase,
} from '../../../renderer/src/features/project/project-jobs';
import { inProjectWorker } from '../../../renderer/src/features/project/project-worker';

const SAMPLE = join(import.meta.dirname, '..', '..', 'fixtures', 'project', 'v1-sample.gloss');
const ME: Analyst = { id: 'me-0001', name: 'Me' };
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

  it('read: validates a file, and a refusal crosses from the worker with its code', async () => {
    const { doc } = await inProjectWorker({ type: 'read', bytes: sampleBytes() });
    expect(doc).toEqual(await readProjectFile(sampleBytes()));

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
});
