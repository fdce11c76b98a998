import { copyId, deepEqual, mergeAnnotation, mergeRecord } from '../merge';
import type { Annotation, AnnotationSet, Article, SourceGrade, Tag } from '../model';
import type { ProjectDocument } from '../project';
import {
  SYNC_DOC_VERSION,
  documentId,
  fromDocument,
  kindOfId,
  projectRecords,
  recordDigest,
  revisionId,
  toDocument,
  travellingRecord,
  type GlossDocument,
  type SyncKind,
  type SyncRecord,
} from './documents';
import { isRetryable } from './errors';
import type { ReplicaDatabase, ReplicationInfo } from './pouch';
import type { SyncState } from './state';

/** How true conflicts are settled: left open on the server (the default), or mine, theirs, both. */
export type ConflictPolicy = 'open' | 'mine' | 'theirs' | 'both';
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['open', 'mine', 'theirs', 'both'];

/** Progress of a sync, for a status line: documents written so far in each phase. */
export interface SyncProgress {
  phase: 'pull' | 'push';
  docs: number;
}

/** A record both sides changed apart ("a true conflict"). */
export interface OpenConflict {
  id: string;
  kind: SyncKind;
  /** The fields changed apart (`deletedAt` when one side deleted what the other edited). */
  fields: string[];
  mine: unknown;
  theirs: unknown;
  /** The server user who wrote their revision. */
  theirsBy: string | null;
  /** How it was settled, or `open` when it stays on the server for someone to decide. */
  resolution: ConflictPolicy;
}

/** What a sync did. */
export interface SyncReport {
  pulled: { added: number; updated: number; removed: number };
  /** My revisions the server accepted (records changed here, settled conflicts, deletions). */
  pushed: number;
  /** Documents on the server that Gloss refused to take in, with the reason. */
  refused: { id: string; reason: string }[];
  /** My changes the server refused (rights, its validate_doc_update), with its reason. */
  rejected: { id: string; reason: string }[];
  /** Conflicting revisions settled by the merge rules (only one side changed each field). */
  settled: number;
  conflicts: OpenConflict[];
  /** Times the connection dropped and replication resumed. */
  retries: number;
}

/** The result of {@link syncProject}. */
export interface SyncResult {
  project: ProjectDocument;
  /** The sync state to store with the project for this remote. */
  docs: SyncState['remotes'][string]['docs'];
  report: SyncReport;
}

/** Thrown when a sync cannot go on (the server is gone for good, or refuses the user). */
export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Options of {@link syncProject}. */
export interface SyncOptions {
  project: ProjectDocument;
  /** What this project remembers of the remote (document id → [revision, digest]). */
  known: SyncState['remotes'][string]['docs'];
  /** An empty local database (any adapter): the replica the replicator works against. */
  local: ReplicaDatabase;
  /** The team database. */
  remote: ReplicaDatabase;
  /** The server user that this client writes as (`by` in every document). */
  user: string | null;
  conflicts?: ConflictPolicy;
  /** Documents per replication batch (default 200). */
  batchSize?: number;
  /** Times in a row a dropped connection is retried before the sync gives up (default 8). */
  retries?: number;
  /** Milliseconds before retry `n` (1-based); default 250 ms doubling to 8 s. */
  backoff?: (attempt: number) => number;
  onProgress?: (p: SyncProgress) => void;
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

type Doc = GlossDocument & {
  _rev: string;
  _conflicts?: string[];
  _revisions?: { start: number; ids: string[] };
};

const revNumber = (rev: string): number => Number.parseInt(rev, 10);
const revHash = (rev: string): string => rev.slice(rev.indexOf('-') + 1);

const defaultBackoff = (attempt: number): number => Math.min(8000, 250 * 2 ** (attempt - 1));

/** A revision of `id` written as a child of `parent` (deterministic id, see {@link revisionId}). */
async function childRevision(
  parent: string | undefined,
  body: Omit<GlossDocument, '_rev'>,
  deleted = false,
): Promise<Doc> {
  const n = parent ? revNumber(parent) + 1 : 1;
  const id = await revisionId(parent, body.record, deleted);
  const doc: Doc = {
    ...body,
    _rev: `${n}-${id}`,
    _revisions: { start: n, ids: parent ? [id, revHash(parent)] : [id] },
  };
  if (deleted) doc._deleted = true;
  return doc;
}

function revList(d: Doc): string[] {
  const r = d._revisions;
  return r ? r.ids.map((h, i) => `${r.start - i}-${h}`) : [d._rev];
}

/** The newest revision two leaves share, if their histories reach that far. */
function commonAncestor(a: Doc, b: Doc): string | undefined {
  const mine = new Set(revList(a));
  return revList(b).find((r) => mine.has(r));
}

async function bulkWrite(db: ReplicaDatabase, docs: Doc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 2000) {
    const res = await db.bulkDocs(docs.slice(i, i + 2000), { new_edits: false });
    const failed = res.find((r) => r.error);
    if (failed)
      throw new SyncError(`could not stage ${failed.id ?? 'a document'} locally: ${failed.reason ?? ''}`);
  }
}

/**
 * Runs one replication (PouchDB's replicator, one-shot) with PouchDB's own retry: a dropped
 * connection pauses it and it resumes from its checkpoint after a back-off, at most `retries`
 * times in a row; a refusal of the user (401/403) stops it at once.
 */
function replicate(
  from: ReplicaDatabase,
  to: ReplicaDatabase,
  phase: SyncProgress['phase'],
  opts: SyncOptions,
  report: SyncReport,
): Promise<ReplicationInfo> {
  const retries = opts.retries ?? 8;
  const backoff = opts.backoff ?? defaultBackoff;
  let attempt = 0;
  let lastError: unknown;
  let giveUp = false;
  return new Promise((resolve, reject) => {
    const rep = from.replicate.to(to, {
      batch_size: opts.batchSize ?? 200,
      batches_limit: 4,
      retry: true,
      back_off_function: () => {
        attempt++;
        const delay = backoff(attempt);
        if (attempt > retries || !isRetryable(lastError)) {
          giveUp = true;
          queueMicrotask(() => rep.cancel());
          return delay;
        }
        report.retries++;
        opts.onRetry?.(attempt, lastError, delay);
        return delay;
      },
    });
    rep.on('change', (info) => {
      attempt = 0;
      opts.onProgress?.({ phase, docs: info.docs_written });
    });
    rep.on('requestError', (err) => {
      lastError = err;
    });
    rep.on('error', (err) => reject(err));
    rep.on('complete', (info) => {
      if (giveUp) {
        reject(
          isRetryable(lastError)
            ? new SyncError('the connection to the server was lost', lastError)
            : lastError,
        );
      } else resolve(info);
    });
  });
}

/**
 * Syncs a project with a team database through a local replica: stages the project's records
 * in `local` (unchanged ones at the revision `known` remembers, changed ones as child
 * revisions, removed ones as deletions), pulls the remote with PouchDB's replicator, settles
 * conflicting revisions by the core merge rules ({@link mergeAnnotation}, {@link mergeRecord}),
 * pushes, and reads back the project: what the server holds, minus what Gloss refuses.
 * Nothing is written to disk here; the caller stores `project` and `docs` together.
 */
export async function syncProject(opts: SyncOptions): Promise<SyncResult> {
  const { project, known, local, remote, user } = opts;
  const policy = opts.conflicts ?? 'open';
  const report: SyncReport = {
    pulled: { added: 0, updated: 0, removed: 0 },
    pushed: 0,
    refused: [],
    rejected: [],
    settled: 0,
    conflicts: [],
    retries: 0,
  };

  // 1. Stage the project in the local replica.
  const inFile = new Map<string, { record: SyncRecord; digest: string }>();
  const staged: Doc[] = [];
  /** Revisions made here in this sync: the ones the server must accept. */
  const made = new Map<string, string>();
  for (const r of projectRecords(project)) {
    const body = toDocument(r, user);
    if (inFile.has(body._id)) continue;
    const digest = await recordDigest(body.record);
    inFile.set(body._id, { record: r, digest });
    const prev = known[body._id];
    if (prev && prev[1] === digest) staged.push({ ...body, _rev: prev[0] });
    else {
      const doc = await childRevision(prev?.[0], body);
      staged.push(doc);
      made.set(doc._id, doc._rev);
    }
  }
  for (const [id, [rev]] of Object.entries(known)) {
    const kind = kindOfId(id);
    if (inFile.has(id) || !kind) continue;
    const doc = await childRevision(
      rev,
      { _id: id, type: kind, v: SYNC_DOC_VERSION, by: user, record: null },
      true,
    );
    staged.push(doc);
    made.set(id, doc._rev);
  }
  await bulkWrite(local, staged);

  // 2. Pull.
  await replicate(remote, local, 'pull', opts, report);

  // 3. Settle conflicts and read back every document.
  const outcome = new Map<string, { doc: Doc; rev: string }>();
  const settledWrites: Doc[] = [];
  const bodyAt = async (id: string, rev: string): Promise<SyncRecord | undefined> => {
    for (const db of [local, remote]) {
      try {
        const read = await fromDocument(await db.get(id, { rev }));
        if (read.ok) return read.value;
      } catch {
        // Not held there (never staged, or compacted away): try the next, else merge without a base.
      }
    }
    return undefined;
  };
  const settle = async (winner: Doc): Promise<void> => {
    const id = winner._id;
    const leaves = [winner._rev, ...(winner._conflicts ?? [])];
    const opened = (await local.get(id, { open_revs: leaves, revs: true })) as unknown as { ok?: Doc }[];
    const valid: { doc: Doc; record: SyncRecord }[] = [];
    for (const o of opened) {
      if (!o.ok) continue;
      const read = await fromDocument(o.ok);
      if (read.ok) valid.push({ doc: o.ok, record: read.value });
      else report.refused.push({ id: `${id} (revision ${o.ok._rev})`, reason: read.reason });
    }
    // Mine is the revision this file stands for: made here now, or the one it last synced.
    const mineRev = made.get(id) ?? known[id]?.[0];
    const mineIndex = Math.max(
      0,
      valid.findIndex((v) => v.doc._rev === mineRev),
    );
    const mine = valid[mineIndex];
    if (!mine) return;
    const others = valid.filter((_, i) => i !== mineIndex);
    let merged = mine.record.record as Record<string, unknown>;
    const open: OpenConflict[] = [];
    const copies: Doc[] = [];
    for (const theirs of others) {
      const baseRev = commonAncestor(mine.doc, theirs.doc);
      const base = baseRev ? (await bodyAt(id, baseRev))?.record : undefined;
      const t = theirs.record.record as Record<string, unknown>;
      const r =
        mine.record.kind === 'annotation'
          ? mergeAnnotation(
              base as Annotation | undefined,
              merged as unknown as Annotation,
              t as unknown as Annotation,
            )
          : mergeRecord(base as Record<string, unknown> | undefined, merged, t);
      merged = r.merged as Record<string, unknown>;
      if (r.conflicts.length === 0) continue;
      if (mine.record.kind === 'grade') {
        // Source grades follow the merge of project files: the later grade wins.
        if (Date.parse(String(t['updatedAt'])) > Date.parse(String(merged['updatedAt']))) merged = t;
        continue;
      }
      const resolution: ConflictPolicy =
        policy === 'both' && mine.record.kind !== 'annotation' ? 'open' : policy;
      open.push({
        id,
        kind: mine.record.kind,
        fields: r.conflicts,
        mine: mine.record.record,
        theirs: t,
        theirsBy: theirs.doc.by,
        resolution,
      });
      if (resolution === 'theirs')
        merged = { ...merged, ...Object.fromEntries(r.conflicts.map((f) => [f, t[f]])) };
      if (resolution === 'both') {
        const copy = { ...(t as unknown as Annotation), id: copyId(t as unknown as Annotation) };
        copies.push(await childRevision(undefined, toDocument({ kind: 'annotation', record: copy }, user)));
      }
    }
    report.conflicts.push(...open);
    if (open.some((c) => c.resolution === 'open')) {
      outcome.set(id, { doc: mine.doc, rev: mine.doc._rev });
      return;
    }
    report.settled++;
    const win = valid.find((v) => v.doc._rev === winner._rev) ?? mine;
    const writes: Doc[] = [...copies];
    let result: Doc = win.doc;
    if (!deepEqual(merged, win.record.record)) {
      result = await childRevision(
        win.doc._rev,
        toDocument({ kind: mine.record.kind, record: merged } as SyncRecord, user),
      );
      writes.push(result);
    }
    for (const v of valid) {
      if (v.doc._rev === win.doc._rev) continue;
      writes.push(
        await childRevision(
          v.doc._rev,
          { _id: id, type: v.doc.type, v: SYNC_DOC_VERSION, by: user, record: null },
          true,
        ),
      );
    }
    for (const w of writes) made.set(w._id, w._rev);
    settledWrites.push(...writes);
    outcome.set(id, { doc: result, rev: result._rev });
    for (const c of copies) outcome.set(c._id, { doc: c, rev: c._rev });
  };

  const PAGE = 5000;
  let startkey: string | undefined;
  for (;;) {
    const page = await local.allDocs({
      include_docs: true,
      conflicts: true,
      limit: PAGE + (startkey === undefined ? 0 : 1),
      ...(startkey === undefined ? {} : { startkey }),
    });
    const rows = startkey === undefined ? page.rows : page.rows.slice(1);
    for (const row of rows) {
      const doc = row.doc as unknown as Doc | undefined;
      if (!doc || doc._id.startsWith('_design/')) continue;
      if (doc._conflicts?.length) await settle(doc);
      else outcome.set(doc._id, { doc, rev: doc._rev });
    }
    if (rows.length === 0 || page.rows.length < PAGE) break;
    startkey = page.rows[page.rows.length - 1]!.id;
  }
  await bulkWrite(local, settledWrites);

  // 4. Push.
  const pushed = await replicate(local, remote, 'push', opts, report);
  const rejected = new Set<string>();
  for (const e of pushed.errors) {
    if (!e.id) continue;
    rejected.add(e.id);
    report.rejected.push({ id: e.id, reason: e.reason ?? e.message ?? 'refused' });
  }
  // A server may acknowledge a write and not keep it (PouchDB Server 4.2 does so for updates
  // once a validate_doc_update is installed); ask it what it lacks, so nothing is lost silently.
  const sent = [...made].filter(([id]) => !rejected.has(id));
  for (let i = 0; i < sent.length; i += 1000) {
    const missing = await remote.revsDiff(
      Object.fromEntries(sent.slice(i, i + 1000).map(([id, rev]) => [id, [rev]])),
    );
    for (const [id, m] of Object.entries(missing)) {
      if (!m.missing?.length || rejected.has(id)) continue;
      rejected.add(id);
      report.rejected.push({ id, reason: 'the server acknowledged this change but did not store it' });
    }
  }
  report.pushed = [...made.keys()].filter((id) => !rejected.has(id)).length;

  // 5. Read the project back.
  const records: SyncRecord[] = [];
  const docs: SyncResult['docs'] = {};
  for (const [id, { doc, rev }] of outcome) {
    const read = await fromDocument(doc);
    if (!read.ok) {
      report.refused.push({ id, reason: read.reason });
      const mineStill = inFile.get(id);
      if (mineStill) {
        records.push(mineStill.record);
        if (known[id]) docs[id] = known[id];
      }
      continue;
    }
    const before = inFile.get(id);
    const digest = await recordDigest(travellingRecord(read.value));
    if (rejected.has(id) && before) {
      // The server refused my change: keep it here, unsent, so that it goes up once allowed.
      records.push(before.record);
      if (known[id]) docs[id] = known[id];
      continue;
    }
    if (!before) report.pulled.added++;
    else if (before.digest !== digest) report.pulled.updated++;
    records.push(read.value);
    docs[id] = [rev, digest];
  }
  for (const [id, before] of inFile) {
    if (outcome.has(id)) continue;
    if (made.has(id) && rejected.has(id)) {
      records.push(before.record);
      if (known[id]) docs[id] = known[id];
    } else report.pulled.removed++;
  }
  const assembled = assemble(project, records, report);
  for (const id of assembled.heldBack) delete docs[id];
  return { project: assembled.project, docs, report };
}

/** Builds the project from its synced records; annotations whose article is missing are held back. */
function assemble(
  project: ProjectDocument,
  records: SyncRecord[],
  report: SyncReport,
): { project: ProjectDocument; heldBack: string[] } {
  const originals = new Map(
    project.articles.flatMap((a) => (a.original ? [[a.id, a.original] as const] : [])),
  );
  const articles: Article[] = [];
  const annotations: Annotation[] = [];
  const sourceGrades: SourceGrade[] = [];
  const tags: Tag[] = [];
  const sets: AnnotationSet[] = [];
  for (const r of records) {
    if (r.kind === 'article') {
      const original = originals.get(r.record.id);
      articles.push(original ? { ...r.record, original } : r.record);
    } else if (r.kind === 'annotation') annotations.push(r.record);
    else if (r.kind === 'grade') sourceGrades.push(r.record);
    else if (r.kind === 'tag') tags.push(r.record);
    else sets.push(r.record);
  }
  const ids = new Set(articles.map((a) => a.id));
  const heldBack: string[] = [];
  const kept = annotations.filter((a) => {
    if (ids.has(a.articleId)) return true;
    const id = documentId({ kind: 'annotation', record: a });
    heldBack.push(id);
    report.refused.push({
      id,
      reason: `its article ${a.articleId} is not in the project (not on the server, or refused)`,
    });
    return false;
  });
  return { project: { ...project, articles, annotations: kept, sourceGrades, tags, sets }, heldBack };
}
