import {
  annotationOffsetProblem,
  type Annotation,
  type AnnotationSet,
  type Article,
  type SourceGrade,
  type Tag,
} from '../model';
import type { ProjectDocument } from '../project';
import {
  SYNC_DOC_VERSION,
  documentId,
  fromDocument,
  kindOfId,
  projectRecords,
  recordDigest,
  toDocument,
  travellingRecord,
  type SyncRecord,
} from './documents';
import { replicate } from './replicate';
import { bulkWrite, childRevision, type Doc } from './revisions';
import { settleConflict } from './settle';
import type { SyncOptions, SyncReport, SyncResult } from './types';

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
  const given = opts.conflicts ?? 'open';
  const policyOf = typeof given === 'function' ? given : () => given;
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
  const madeDigests = new Map<string, string>();
  const pending = opts.pending ?? {};
  for (const r of projectRecords(project)) {
    const body = toDocument(r, user);
    if (inFile.has(body._id)) continue;
    const digest = await recordDigest(body.record);
    inFile.set(body._id, { record: r, digest });
    const prev = known[body._id];
    const mineBefore = pending[body._id];
    if (mineBefore && mineBefore[1] === digest) {
      // Made by a sync that did not finish, and not changed since: already in the replica.
      made.set(body._id, mineBefore[0]);
      madeDigests.set(body._id, digest);
    } else if (prev && prev[1] === digest) staged.push({ ...body, _rev: prev[0] });
    else {
      const doc = await childRevision(mineBefore?.[0] ?? prev?.[0], body);
      staged.push(doc);
      made.set(doc._id, doc._rev);
      madeDigests.set(doc._id, digest);
    }
  }
  const removed = new Set([...Object.keys(known), ...Object.keys(pending)]);
  for (const id of removed) {
    const kind = kindOfId(id);
    if (inFile.has(id) || !kind) continue;
    const mineBefore = pending[id];
    if (mineBefore && mineBefore[1] === '') {
      // Removed by a sync that did not finish: the deletion is already in the replica.
      made.set(id, mineBefore[0]);
      madeDigests.set(id, '');
      continue;
    }
    const doc = await childRevision(
      mineBefore?.[0] ?? known[id]![0],
      { _id: id, type: kind, v: SYNC_DOC_VERSION, by: user, record: null },
      true,
    );
    staged.push(doc);
    made.set(id, doc._rev);
    madeDigests.set(id, '');
  }
  await bulkWrite(local, staged);
  await opts.onStaged?.(
    Object.fromEntries([...made].map(([id, rev]) => [id, [rev, madeDigests.get(id) ?? '']])),
  );

  // 2. Pull.
  await replicate(remote, local, 'pull', opts, report);

  // 3. Settle conflicts and read back every document.
  const outcome = new Map<string, { doc: Doc; rev: string }>();
  const settledWrites: Doc[] = [];
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
      if (!doc._conflicts?.length) {
        outcome.set(doc._id, { doc, rev: doc._rev });
        continue;
      }
      const mineRev = made.get(doc._id) ?? known[doc._id]?.[0];
      const s = await settleConflict(doc, {
        local,
        remote,
        user,
        policy: policyOf(doc._id),
        mineRev,
        report,
      });
      if (!s) continue;
      outcome.set(doc._id, { doc: s.keep, rev: s.keep._rev });
      for (const w of s.writes) {
        made.set(w._id, w._rev);
        if (w._id !== doc._id) outcome.set(w._id, { doc: w, rev: w._rev });
      }
      settledWrites.push(...s.writes);
    }
    if (rows.length === 0 || page.rows.length < PAGE) break;
    startkey = page.rows[page.rows.length - 1]!.id;
  }
  await bulkWrite(local, settledWrites);

  // 4. Push.
  // Nothing made here means nothing to send: skip the push's pass over every document.
  const pushed =
    made.size || settledWrites.length
      ? await replicate(local, remote, 'push', opts, report)
      : { docs_read: 0, docs_written: 0, doc_write_failures: 0, errors: [] };
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
  // A removal the server refused: the record is still there, so it comes back here as it is there.
  for (const id of rejected) {
    if (inFile.has(id) || outcome.has(id) || !known[id]) continue;
    const current = (await remote.get(id).catch(() => undefined)) as { _rev?: string } | undefined;
    const read = await fromDocument(current);
    if (!read.ok || !current?._rev) continue;
    records.push(read.value);
    docs[id] = [current._rev, await recordDigest(travellingRecord(read.value))];
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
  const lengths = new Map(articles.map((a) => [a.id, a.text.length]));
  const heldBack: string[] = [];
  const kept = annotations.filter((a) => {
    const length = lengths.get(a.articleId);
    // Its article must be here, and its position inside that article's text (the project
    // format, and the app's store, refuse anything else).
    const problem =
      length === undefined
        ? `its article ${a.articleId} is not in the project (not on the server, or refused)`
        : annotationOffsetProblem(a, length);
    if (!problem) return true;
    const id = documentId({ kind: 'annotation', record: a });
    heldBack.push(id);
    report.refused.push({ id, reason: problem });
    return false;
  });
  return { project: { ...project, articles, annotations: kept, sourceGrades, tags, sets }, heldBack };
}
