import { planMerge, type MergePlan, type MergeResolutions } from '../../../../core/merge';
import type { Analyst } from '../../../../core/model';
import {
  ProjectFileError,
  readProjectFile,
  writeProjectFile,
  type ProjectDocument,
  type ProjectFileErrorCode,
} from '../../../../core/project';
import { setWriter } from '../../db/changes';
import { GlossDB, type MergeBackup } from '../../db/db';
import {
  STORE_CHANGED_MESSAGE,
  StoreChangedError,
  applyMergeToStore,
  mergeFingerprint,
  projectCounts,
  readProjectDocument,
  readSetProjectDocument,
  replaceStore,
  type MergeWritten,
} from '../../db/project-data';

/**
 * The heavy project work: reading the whole library, the zip codec (fflate), validating a file,
 * planning a merge and writing a project or a merge into the library. Plain data in and out, so
 * that it runs in the project worker (project.worker.ts) and, where there are no workers, on
 * this thread. The worker writes through its own connection made by the same `GlossDB` factory,
 * so every write passes the store's guard (validated), and the change feed's BroadcastChannel
 * tells the window's views what changed.
 */

/** A project to read: a project file's bytes, or a document already built (an import, an empty library). */
export type ProjectSource = { bytes: Uint8Array } | { doc: ProjectDocument };
/** The other side of a merge. */
export type TheirsSource = ProjectSource;

export type ProjectJob =
  /** The whole library as the bytes of a `.gloss` file owned by `analyst`. */
  | { type: 'save'; dbName: string; analyst: Analyst; savedAt: string }
  /** One set (its live annotations among `annotationIds`) as a partial project file. */
  | {
      type: 'save-set';
      dbName: string;
      analyst: Analyst;
      setId: string;
      annotationIds: string[];
      savedAt: string;
    }
  /** Reads and validates a project file, and says what it holds. */
  | { type: 'read'; bytes: Uint8Array }
  /**
   * Reads and validates a project, then replaces the library with it (one transaction); with
   * `keepHistoryBefore`, the undo steps taken before that moment stay (undoing a merge).
   */
  | {
      type: 'open';
      dbName: string;
      analyst: Analyst | null;
      source: ProjectSource;
      keepHistoryBefore?: string;
    }
  /** Plans merging `theirs` into the library as it is now. */
  | { type: 'plan'; dbName: string; analyst: Analyst; theirs: TheirsSource }
  /**
   * Applies a previewed merge: refused, writing nothing, when the library's {@link mergeFingerprint}
   * is no longer `expected` (the one the preview was planned against).
   */
  | {
      type: 'merge';
      dbName: string;
      analyst: Analyst;
      theirs: TheirsSource;
      resolutions: MergeResolutions;
      expected: string;
      /** The backup written before the merge, recorded with it for Edit › Undo. */
      undo?: MergeBackup;
    };

export interface ProjectSummary {
  counts: { articles: number; annotations: number };
  name: string;
  savedAt: string;
  analyst: Analyst;
}

export type ProjectJobResult =
  /** `empty`: the library holds no article and no annotation, not even a deleted one. */
  | { type: 'save'; bytes: Uint8Array<ArrayBuffer>; summary: ProjectSummary; empty: boolean }
  /** `bytes` null: the set holds no live annotation now, so nothing was written. */
  | { type: 'save-set'; bytes: Uint8Array<ArrayBuffer> | null; summary: ProjectSummary }
  | { type: 'read'; summary: ProjectSummary }
  | { type: 'open'; summary: ProjectSummary }
  /**
   * The plan, the titles of the library's articles the plan mentions (the preview names them),
   * and the fingerprint of the library it was planned against.
   */
  | { type: 'plan'; plan: MergePlan; titles: [string, string][]; expected: string }
  | { type: 'merge'; written: MergeWritten };

/** The steps of a job, for the toolbar's busy label. */
export type ProjectPhase =
  'reading-library' | 'compressing' | 'reading-file' | 'writing-library' | 'comparing' | 'merging';

/** How far a step has come, for steps that know (writing a project into the library). */
export interface ProjectProgress {
  done: number;
  total: number;
}

/** A job's failure as it crosses from the worker: a project-file error keeps its code. */
export interface ProjectJobFailure {
  message: string;
  code?: ProjectFileErrorCode;
  storeChanged?: boolean;
}

function summary(doc: ProjectDocument): ProjectSummary {
  const { name, savedAt, analyst } = doc.envelope;
  return { counts: projectCounts(doc), name, savedAt, analyst };
}

async function withDb<T>(dbName: string, analyst: Analyst | null, work: (db: GlossDB) => Promise<T>) {
  const db = new GlossDB(dbName);
  // The change feed names who wrote (the window's analyst), as the window's own writes do.
  setWriter(db, analyst);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

const theirsOf = (source: TheirsSource) => ('doc' in source ? source.doc : readProjectFile(source.bytes));

/** The titles of the library's articles the plan's preview names (by id). */
function titlesFor(mine: ProjectDocument, plan: MergePlan): [string, string][] {
  const wanted = new Set<string>();
  for (const g of plan.newAnnotations) for (const a of g.annotations) wanted.add(a.articleId);
  for (const c of plan.conflicts) wanted.add(c.mine.articleId);
  for (const u of plan.updated) wanted.add(u.mine.articleId);
  for (const d of plan.deleted) wanted.add(d.mine.articleId);
  for (const c of plan.articleDetails.conflicts) wanted.add(c.articleId);
  return mine.articles.filter((a) => wanted.has(a.id)).map((a) => [a.id, a.title]);
}

/** Runs one job; `onPhase` hears each step as it starts, and how far it has come when known. */
export async function runProjectJob(
  job: ProjectJob,
  onPhase: (phase: ProjectPhase, progress?: ProjectProgress) => void = () => undefined,
): Promise<ProjectJobResult> {
  switch (job.type) {
    case 'save':
      return withDb(job.dbName, job.analyst, async (db) => {
        onPhase('reading-library');
        const doc = await readProjectDocument(db, job.analyst, job.savedAt);
        onPhase('compressing');
        const bytes = (await writeProjectFile(doc)) as Uint8Array<ArrayBuffer>;
        const empty = doc.articles.length === 0 && doc.annotations.length === 0;
        return { type: 'save', bytes, summary: summary(doc), empty };
      });
    case 'save-set':
      return withDb(job.dbName, job.analyst, async (db) => {
        onPhase('reading-library');
        const set = await db.sets.get(job.setId);
        if (!set) throw new Error('This set no longer exists.');
        const doc = await readSetProjectDocument(db, job.analyst, set, job.annotationIds, job.savedAt);
        if (doc.annotations.length === 0) return { type: 'save-set', bytes: null, summary: summary(doc) };
        onPhase('compressing');
        const bytes = (await writeProjectFile(doc)) as Uint8Array<ArrayBuffer>;
        return { type: 'save-set', bytes, summary: summary(doc) };
      });
    case 'read':
      onPhase('reading-file');
      return { type: 'read', summary: summary(await readProjectFile(job.bytes)) };
    case 'open':
      return withDb(job.dbName, job.analyst, async (db) => {
        if ('bytes' in job.source) onPhase('reading-file');
        const doc = await theirsOf(job.source);
        onPhase('writing-library', { done: 0, total: 1 });
        // Progress at each whole per cent: each report is a message and a label for the window.
        let shown = 0;
        await replaceStore(db, doc, {
          ...(job.keepHistoryBefore !== undefined ? { keepHistoryBefore: job.keepHistoryBefore } : {}),
          onProgress: (done, total) => {
            const percent = Math.floor((100 * done) / total);
            if (percent === shown) return;
            shown = percent;
            onPhase('writing-library', { done, total });
          },
        });
        return { type: 'open', summary: summary(doc) };
      });
    case 'plan':
      return withDb(job.dbName, job.analyst, async (db) => {
        if ('bytes' in job.theirs) onPhase('reading-file');
        const theirs = await theirsOf(job.theirs);
        onPhase('reading-library');
        const mine = await readProjectDocument(db, job.analyst);
        onPhase('comparing');
        const plan = planMerge(mine, theirs);
        return { type: 'plan', plan, titles: titlesFor(mine, plan), expected: await mergeFingerprint(mine) };
      });
    case 'merge':
      return withDb(job.dbName, job.analyst, async (db) => {
        if ('bytes' in job.theirs) onPhase('reading-file');
        const theirs = await theirsOf(job.theirs);
        onPhase('reading-library');
        const mine = await readProjectDocument(db, job.analyst);
        if ((await mergeFingerprint(mine)) !== job.expected)
          throw new StoreChangedError(STORE_CHANGED_MESSAGE);
        onPhase('merging');
        // The same plan as the preview's: the same two sides (the fingerprint says so) planned again.
        const plan = planMerge(mine, theirs);
        const written = await applyMergeToStore(db, mine, theirs, plan, job.resolutions, job.undo);
        return { type: 'merge', written };
      });
  }
}

/** The failure of a job as plain data. */
export function jobFailure(err: unknown): ProjectJobFailure {
  if (err instanceof ProjectFileError) return { message: err.message, code: err.code };
  if (err instanceof StoreChangedError) return { message: err.message, storeChanged: true };
  return { message: err instanceof Error ? err.message : String(err) };
}

/** The failure back as an error: a {@link ProjectFileError} or {@link StoreChangedError} when it was one. */
export function failureError(failure: ProjectJobFailure): Error {
  if (failure.code) return new ProjectFileError(failure.code, failure.message);
  if (failure.storeChanged) return new StoreChangedError(failure.message);
  return new Error(failure.message);
}
