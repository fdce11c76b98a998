import type { Analyst } from '../../../../core/model';
import {
  ProjectFileError,
  readProjectFile,
  writeProjectFile,
  type ProjectDocument,
  type ProjectFileErrorCode,
} from '../../../../core/project';
import { GlossDB } from '../../db/db';
import { projectCounts, readProjectDocument } from '../../db/project-data';

/**
 * The heavy project work: reading the whole library, the zip codec (fflate) and validating a
 * file. Plain data in and out, so that it runs in the project worker (project.worker.ts) and,
 * where there are no workers, on this thread. Writing a project into the library stays on the
 * page (`replaceStore`, `applyMergeToStore`): the views and the search index hear of changes
 * through the page's own database connection.
 */
export type ProjectJob =
  /** The whole library as the bytes of a `.gloss` file owned by `analyst`. */
  | { type: 'save'; dbName: string; analyst: Analyst; savedAt: string }
  /** Reads and validates a project file. */
  | { type: 'read'; bytes: Uint8Array };

export interface ProjectSummary {
  counts: { articles: number; annotations: number };
  name: string;
  savedAt: string;
  analyst: Analyst;
}

export type ProjectJobResult =
  /** `empty`: the library holds no article and no annotation, not even a deleted one. */
  | { type: 'save'; bytes: Uint8Array<ArrayBuffer>; summary: ProjectSummary; empty: boolean }
  | { type: 'read'; doc: ProjectDocument };

/** The steps of a job, for the toolbar's busy label. */
export type ProjectPhase = 'reading-library' | 'compressing' | 'reading-file';

/** A job's failure as it crosses from the worker: a project-file error keeps its code. */
export interface ProjectJobFailure {
  message: string;
  code?: ProjectFileErrorCode;
}

function summary(doc: ProjectDocument): ProjectSummary {
  const { name, savedAt, analyst } = doc.envelope;
  return { counts: projectCounts(doc), name, savedAt, analyst };
}

async function withDb<T>(dbName: string, work: (db: GlossDB) => Promise<T>): Promise<T> {
  const db = new GlossDB(dbName);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/** Runs one job; `onPhase` hears each step as it starts. */
export async function runProjectJob(
  job: ProjectJob,
  onPhase: (phase: ProjectPhase) => void = () => undefined,
): Promise<ProjectJobResult> {
  switch (job.type) {
    case 'save':
      return withDb(job.dbName, async (db) => {
        onPhase('reading-library');
        const doc = await readProjectDocument(db, job.analyst, job.savedAt);
        onPhase('compressing');
        const bytes = (await writeProjectFile(doc)) as Uint8Array<ArrayBuffer>;
        const empty = doc.articles.length === 0 && doc.annotations.length === 0;
        return { type: 'save', bytes, summary: summary(doc), empty };
      });
    case 'read':
      onPhase('reading-file');
      return { type: 'read', doc: await readProjectFile(job.bytes) };
  }
}

/** The failure of a job as plain data. */
export function jobFailure(err: unknown): ProjectJobFailure {
  if (err instanceof ProjectFileError) return { message: err.message, code: err.code };
  return { message: err instanceof Error ? err.message : String(err) };
}

/** The failure back as an error: a {@link ProjectFileError} when it was one. */
export function failureError(failure: ProjectJobFailure): Error {
  return failure.code ? new ProjectFileError(failure.code, failure.message) : new Error(failure.message);
}
