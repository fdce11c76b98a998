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
import type { ReplicaDatabase } from './pouch';
import { DEFAULT_BATCH_SIZE, pushAll, replicate } from './replicate';
import { bulkWrite, childRevision, revisionAt, type Doc } from './revisions';
import { settleConflict } from './settle';
import { settleTwinRecords } from './twins';
import { decodeOriginal, encodeOriginal } from './state';
import type { KnownEntry, SyncChangesOptions, SyncOptions, SyncPage, SyncReport, SyncResult } from './types';

/**
 * Records per page handed to `onPage` (one bounded store transaction each in the app, in the
 * sync worker: the window never waits on it). 1,000 rather than 250: a first sync of 210,000
 * documents is 210 transactions and change-feed messages instead of 840.
 */
export const SYNC_PAGE_SIZE = 1000;

/**
 * How far a pull whose documents are taken in while it goes on (`handOverWhilePulling`) may run
 * ahead of the taking in, in documents pulled and not yet handed over: two replication batches,
 * so that the taking in always has the next pages while the replicator fetches.
 */
export const PULL_AHEAD = 2 * DEFAULT_BATCH_SIZE;

/**
 * `db` whose `bulkDocs` first waits for `ready` (the replicator's writes of a paced pull); every
 * other method is the database's own.
 */
function paced(db: ReplicaDatabase, ready: () => Promise<void>): ReplicaDatabase {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'bulkDocs')
        return async (...args: Parameters<ReplicaDatabase['bulkDocs']>) => {
          await ready();
          return target.bulkDocs(...args);
        };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A report of a sync that did nothing (yet). */
export const emptySyncReport = (): SyncReport => ({
  pulled: { added: 0, updated: 0, removed: 0 },
  pushed: 0,
  refused: [],
  rejected: [],
  settled: 0,
  conflicts: [],
  retries: 0,
});

/** Why a document the server refused as too large was not sent (see `pushAll`). */
export const TOO_LARGE =
  "too large for the server (HTTP 413): the rest was sent; ask the server's admin to raise CouchDB's [couchdb] max_document_size (8 MB by default) above it (see docs/team-server.md)";

/** Kinds in the order their records are handed over: articles before what points into them. */
const KIND_ORDER: Record<string, number> = { article: 0, tag: 1, grade: 2, set: 3, annotation: 4 };
const byKind = (a: string, b: string): number =>
  (KIND_ORDER[kindOfId(a) ?? ''] ?? 9) - (KIND_ORDER[kindOfId(b) ?? ''] ?? 9) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * One sync with a team database through a local replica, touching only what changed: stages the
 * records changed here (`changed`, as child revisions of the revision `known` remembers; unchanged
 * ones at that revision) and the removals (`removed`, as deletions), pulls the remote with
 * PouchDB's replicator from its checkpoint, settles conflicting revisions of the documents this
 * sync touched by the core merge rules, pushes, asks the server what it did not keep, and reads
 * back every document it touched — staged here, pulled, or named in `also` (earlier pulls not
 * yet taken in, open conflicts) — handing them to `onPage` in pages of {@link SYNC_PAGE_SIZE},
 * articles first. Nothing else of the replica or the project is read: a cycle after the first
 * costs what changed, not the size of the library. Nothing is written to disk here.
 */
export async function syncChanges(opts: SyncChangesOptions): Promise<SyncReport> {
  const { local, remote, user } = opts;
  const given = opts.conflicts ?? 'open';
  const policyOf = typeof given === 'function' ? given : () => given;
  const report = emptySyncReport();

  // 1. Stage what changed here.
  const mine = new Map<string, { record: SyncRecord; digest: string }>();
  const removedIds = new Set(opts.removed);
  const knownBefore = await opts.known([...opts.changed.map(documentId), ...removedIds]);
  const staged: Doc[] = [];
  /** Revisions made here in this sync: the ones the server must accept. */
  const made = new Map<string, string>();
  const madeDigests = new Map<string, string>();
  const pending = opts.pending ?? {};
  // A record remembered nowhere may still be in the replica as it is (taken in by a cycle that
  // stopped before remembering it): then it stands for that revision, and is no new one.
  const held = await heldInReplica(
    local,
    opts.changed.map(documentId).filter((id) => !knownBefore.has(id) && !pending[id]),
  );
  /** The revisions the changes build on, where the store kept their records (`bases`). */
  const ancestors: Doc[] = [];
  const keepAncestor = async (id: string, prev: KnownEntry | undefined) => {
    const base = opts.bases?.get(id);
    if (!base || !prev?.[0]) return;
    const doc = toDocument(base, null);
    if (doc._id !== id || (await recordDigest(doc.record)) !== prev[1]) return;
    ancestors.push(revisionAt(doc, prev[0]));
  };
  for (const r of opts.changed) {
    const body = toDocument(r, user);
    if (mine.has(body._id)) continue;
    removedIds.delete(body._id);
    const digest = await recordDigest(body.record);
    mine.set(body._id, { record: r, digest });
    const prev = knownBefore.get(body._id) ?? held.get(body._id)?.(digest);
    // A record made again after its document was deleted (an undone deletion, say) builds on the
    // tombstone: a first revision equal to the document's own first one would be taken by the
    // server for what it already holds, and the record would stay deleted there.
    const tombstone = prev ? undefined : held.get(`${TOMBSTONE}${body._id}`)?.('');
    const mineBefore = pending[body._id];
    if (mineBefore && mineBefore[1] === digest) {
      // Made by a sync that did not finish, and not changed since: already in the replica.
      made.set(body._id, mineBefore[0]);
      madeDigests.set(body._id, digest);
    } else if (prev && prev[1] === digest) {
      if (opts.stageUnchanged !== false) staged.push({ ...body, _rev: prev[0] });
    } else {
      await keepAncestor(body._id, prev);
      // A record changed again after a sync that did not finish builds on what that sync made,
      // never a sibling of it (a conflict with oneself).
      const doc = await childRevision(mineBefore?.[0] ?? prev?.[0] ?? tombstone?.[0], body);
      staged.push(doc);
      made.set(doc._id, doc._rev);
      madeDigests.set(doc._id, digest);
    }
  }
  for (const id of removedIds) {
    const kind = kindOfId(id);
    const prev = knownBefore.get(id);
    const mineBefore = pending[id];
    if (!kind || (!prev && !mineBefore)) continue;
    if (mineBefore && mineBefore[1] === '') {
      // Removed by a sync that did not finish: the deletion is already in the replica.
      made.set(id, mineBefore[0]);
      madeDigests.set(id, '');
      continue;
    }
    await keepAncestor(id, prev);
    const doc = await childRevision(
      mineBefore?.[0] ?? prev![0],
      { _id: id, type: kind, v: SYNC_DOC_VERSION, by: user, record: null },
      true,
    );
    staged.push(doc);
    made.set(id, doc._rev);
    madeDigests.set(id, '');
  }
  // Ancestors first: a revision already held (with its body or not) is left as it is.
  await bulkWrite(local, ancestors);
  await bulkWrite(local, staged);
  await opts.onStaged?.(
    Object.fromEntries([...made].map(([id, rev]) => [id, [rev, madeDigests.get(id) ?? '']])),
  );

  // Hands a page over: checks and digests read at once (WebCrypto works off this thread); each
  // record's `was` is what the store held when the sync began — or, for one taken in earlier in
  // this sync (during the pull), what it took in then.
  const rejected = new Set<string>();
  /** Taken into the store during the pull: id → the digest it took (null: removed there). */
  const handed = new Map<string, string | null>();
  const buildPage = async (
    slice: readonly string[],
    outcome: ReadonlyMap<string, { doc: Doc; rev: string } | null>,
    known: ReadonlyMap<string, KnownEntry>,
    unreadable: ReadonlySet<string>,
  ): Promise<SyncPage> => {
    const page: SyncPage = { records: [], removed: [], docs: {}, keep: [], was: {} };
    const reads = await Promise.all(
      slice.map(async (id) => {
        const out = outcome.get(id);
        if (!out || unreadable.has(id) || (rejected.has(id) && mine.has(id))) return null;
        const read = await fromDocument(out.doc);
        return read.ok ? { read, digest: await recordDigest(travellingRecord(read.value)) } : { read };
      }),
    );
    for (const [n, id] of slice.entries()) {
      const out = outcome.get(id) ?? null;
      const ours = mine.get(id);
      const took = handed.get(id);
      // What the store held for it: taken in earlier in this sync, else remembered.
      const before: KnownEntry | undefined =
        took !== undefined ? (took === null ? undefined : ['', took]) : known.get(id);
      page.was[id] = ours?.digest ?? (removedIds.has(id) ? null : (before?.[1] ?? null));
      if (unreadable.has(id) || (rejected.has(id) && ours)) {
        // The server refused my change: keep it here, unsent, so that it goes up once allowed.
        page.keep.push(id);
        continue;
      }
      if (!out) {
        if (rejected.has(id) && before) {
          // A removal the server refused: the record comes back here as it is there.
          const current = (await remote.get(id).catch(() => undefined)) as { _rev?: string } | undefined;
          const read = await fromDocument(current);
          if (read.ok && current?._rev) {
            page.records.push(read.value);
            page.docs[id] = [current._rev, await recordDigest(travellingRecord(read.value))];
          }
          continue;
        }
        if (before || ours) report.pulled.removed++;
        page.removed.push(id);
        page.docs[id] = null;
        continue;
      }
      const { read, digest } = reads[n]!;
      if (!read.ok) {
        report.refused.push({ id, reason: read.reason });
        page.keep.push(id);
        continue;
      }
      if (!before && !ours) report.pulled.added++;
      else if ((ours?.digest ?? before?.[1]) !== digest) report.pulled.updated++;
      page.records.push(read.value);
      page.docs[id] = [out.rev, digest!];
    }
    return page;
  };
  /** Ids handed over during the pull and done with (taken in, or refused and kept out). */
  const done = new Set<string>();
  let handedCount = 0;
  /**
   * The pull's batches, in order (their checkpoint, and how many of the documents they brought
   * are not handed over yet), the batches waiting for each such document, and the first batch
   * not wholly handed over: what `onHandedOver` reports.
   */
  const batches: { checkpoint: string | number; open: number }[] = [];
  const waitingIn = new Map<string, number[]>();
  let firstOpen = 0;
  /** Handed over during the pull and not done with (left by the store, or in conflict). */
  const notTaken = new Set<string>();
  const handedOver = async (chunk: readonly string[]) => {
    for (const id of chunk) {
      for (const b of waitingIn.get(id) ?? []) batches[b]!.open--;
      waitingIn.delete(id);
      if (done.has(id)) notTaken.delete(id);
      else notTaken.add(id);
    }
    const from = firstOpen;
    while (firstOpen < batches.length && batches[firstOpen]!.open === 0) firstOpen++;
    if (firstOpen > from && opts.onHandedOver)
      await opts.onHandedOver(batches[firstOpen - 1]!.checkpoint, [...notTaken]);
  };

  // 2. Pull; the replicator's own change events name what arrived. What arrives is read back and
  // taken in page by page while the pull goes on — not what this sync staged or was asked to read
  // back, nor a document in conflict: those wait for the settling below, as does whatever
  // arrives again after it was taken in, and the last part of a page.
  const pulled = new Set<string>();
  const waits = new Set([...staged.map((d) => d._id), ...made.keys(), ...(opts.also ?? [])]);
  const queue = new Set<string>();
  const again = new Set<string>();
  let pulling = true;
  let draining: Promise<void> | null = null;
  let drainFailed: { error: unknown } | null = null;
  /**
   * In a replica that held nothing before this sync (`emptyReplica`), a document the pull
   * brought once, and that this sync did not stage, is what the replica now holds, leaf and
   * winner: it is handed over as it arrived, without reading it back.
   */
  const arrived = new Map<string, Doc>();
  const twice = new Set<string>();
  const ARRIVED_HELD = 20_000;
  const handEarly = async (chunk: string[]) => {
    opts.signal?.throwIfAborted();
    const ready = new Map<string, { doc: Doc; rev: string } | null>();
    const read: string[] = [];
    for (const id of chunk) {
      const doc = twice.has(id) ? undefined : arrived.get(id);
      arrived.delete(id);
      if (!doc) read.push(id);
      else ready.set(id, doc._deleted ? null : { doc, rev: doc._rev });
    }
    const rows = read.length
      ? (await local.allDocs({ keys: read, include_docs: true, conflicts: true })).rows
      : [];
    for (const row of rows) {
      const doc = row.doc as unknown as Doc | undefined;
      if (doc?._conflicts?.length) continue;
      ready.set(row.key, doc ? { doc, rev: doc._rev } : null);
    }
    const ids = [...ready.keys()].sort(byKind);
    const page = await buildPage(ids, ready, await opts.known(ids), new Set());
    handedCount += ids.length;
    const left = new Set((await opts.onPage(page, { done: handedCount, total: 0, pulling: true })) ?? []);
    // What the store did not take (changed meanwhile, or held back) is handed over again below.
    for (const id of ids) {
      if (left.has(id)) continue;
      done.add(id);
      if (id in page.docs) handed.set(id, page.docs[id]?.[1] ?? null);
    }
    await handedOver(chunk);
  };
  /** The pull's writes waiting for the taking in to catch up (see {@link paced}). */
  const waiting: (() => void)[] = [];
  /** A drain is taking pages in (it ends, failed or not, before the pull's writes are let go). */
  let takingIn = false;
  const catchUp = () => {
    for (const resume of waiting.splice(0)) resume();
  };
  const drain = async () => {
    takingIn = true;
    try {
      while (pulling && queue.size >= SYNC_PAGE_SIZE) {
        const chunk = [...queue].slice(0, SYNC_PAGE_SIZE);
        for (const id of chunk) queue.delete(id);
        await handEarly(chunk);
        catchUp();
      }
    } finally {
      takingIn = false;
      catchUp();
    }
  };
  // Taken in while it goes on, the pull runs at most PULL_AHEAD documents ahead of the taking in:
  // what a sync cut off has pulled and not taken in is what it must keep for later (the app
  // copies it to its durable replica), and a replica of a first sync held in memory would
  // otherwise hold most of the library before the store did.
  const into = opts.handOverWhilePulling
    ? paced(local, async () => {
        while (takingIn && !opts.signal?.aborted && queue.size >= PULL_AHEAD)
          await new Promise<void>((resume) => waiting.push(resume));
      })
    : local;
  try {
    await replicate(
      remote,
      into,
      'pull',
      opts,
      report,
      (docs, checkpoint) => {
        let open = 0;
        for (const doc of docs) {
          const id = doc._id;
          if (opts.handOverWhilePulling && opts.emptyReplica && !waits.has(id)) {
            if (pulled.has(id)) twice.add(id);
            else if (arrived.size < ARRIVED_HELD) arrived.set(id, doc as Doc);
          }
          pulled.add(id);
          if (done.has(id)) again.add(id);
          if (opts.handOverWhilePulling && !waits.has(id) && kindOfId(id)) {
            queue.add(id);
            const inBatches = waitingIn.get(id) ?? [];
            if (inBatches.at(-1) !== batches.length) {
              inBatches.push(batches.length);
              open++;
            }
            waitingIn.set(id, inBatches);
          }
        }
        batches.push({ checkpoint, open });
        if (!draining && !drainFailed && queue.size >= SYNC_PAGE_SIZE) {
          draining = drain()
            .catch((error: unknown) => void (drainFailed = { error }))
            .finally(() => void (draining = null));
        }
      },
      opts.pullFrom,
    );
  } finally {
    pulling = false;
    // Nothing is written to the store after the sync has ended, failed or not.
    if (draining) await draining;
  }
  if (drainFailed) throw (drainFailed as { error: unknown }).error;
  opts.signal?.throwIfAborted();
  // A replica that held nothing and was given nothing to stage holds, up to here, only what came
  // from the server: a push (of settled conflicts) starts here, not at every pulled document.
  const pulledOnly =
    opts.emptyReplica && staged.length === 0 && made.size === 0 ? (await local.info()).update_seq : undefined;
  await opts.onPulled?.([...pulled]);

  // 3. Settle conflicts among the documents this sync touched.
  // A record staged unchanged (at the revision remembered) is read back only if the pull brought
  // something for it: a full comparison of a large store costs digests, not a rewrite of it.
  const touched = [
    ...new Set([
      ...made.keys(),
      ...[...pulled].filter((id) => !done.has(id) || again.has(id) || queue.has(id)),
      ...(opts.also ?? []),
    ]),
  ]
    .filter((id) => kindOfId(id))
    .sort(byKind);
  const known = await opts.known(touched);
  const outcome = new Map<string, { doc: Doc; rev: string } | null>();
  const settledWrites: Doc[] = [];
  const unreadable = new Set<string>();
  const READ = 2000;
  for (let i = 0; i < touched.length; i += READ) {
    const keys = touched.slice(i, i + READ);
    const page = await local.allDocs({ keys, include_docs: true, conflicts: true });
    for (const row of page.rows) {
      const doc = row.doc as unknown as Doc | undefined;
      if (!doc) {
        // Deleted (a tombstone) or never here.
        outcome.set(row.key, null);
        continue;
      }
      if (!doc._conflicts?.length) {
        outcome.set(doc._id, { doc, rev: doc._rev });
        continue;
      }
      const mineRev = made.get(doc._id) ?? known.get(doc._id)?.[0];
      const s = await settleConflict(doc, {
        local,
        remote,
        user,
        policy: policyOf(doc._id),
        mineRev,
        report,
      });
      if (!s) {
        // Every leaf refused (reported by the settle): what this side holds stays as it is.
        unreadable.add(doc._id);
        outcome.set(doc._id, null);
        continue;
      }
      outcome.set(doc._id, { doc: s.keep, rev: s.keep._rev });
      for (const w of s.writes) {
        made.set(w._id, w._rev);
        if (w._id !== doc._id) outcome.set(w._id, { doc: w, rev: w._rev });
      }
      settledWrites.push(...s.writes);
    }
  }
  await bulkWrite(local, settledWrites);
  opts.signal?.throwIfAborted();

  // 4. Push. Nothing made here means nothing to send: skip the push's pass over every document.
  // A document the server refuses as too large is left out, and the rest sent (`pushAll`).
  const sending = new Map([...made, ...settledWrites.map((d): [string, string] => [d._id, d._rev])]);
  const {
    info: pushed,
    tooLarge,
    written,
  } = sending.size || opts.pushUnsent
    ? await pushAll(local, remote, opts, report, opts.pushFrom ?? pulledOnly, sending)
    : {
        info: { docs_read: 0, docs_written: 0, doc_write_failures: 0, errors: [] },
        // Held back, still unsent.
        tooLarge: [...(opts.holdBack ?? [])],
        written: new Map<string, string>(),
      };
  for (const id of tooLarge) {
    rejected.add(id);
    report.rejected.push({ id, reason: TOO_LARGE });
  }
  for (const e of pushed.errors) {
    if (!e.id) continue;
    rejected.add(e.id);
    report.rejected.push({ id: e.id, reason: e.reason ?? e.message ?? 'refused' });
  }
  // A server may acknowledge a write and not keep it (PouchDB Server 4.2 does so for updates
  // once a validate_doc_update is installed); ask it what it lacks, so nothing is lost silently:
  // of this sync's revisions, and of whatever else the push carried (a change an earlier push did
  // not deliver, or what a server that lost its history lacked).
  const sent = [...new Map([...written, ...made])].filter(([id]) => !rejected.has(id));
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
  // This sync's revisions the server kept, and whatever else the push carried and it kept: a
  // change an earlier push did not deliver, or what a server that lost its history lacked.
  report.pushed = [...new Set([...made.keys(), ...written.keys()])].filter((id) => !rejected.has(id)).length;

  // 5. Hand back what the touched documents now hold, page by page: each page is read and
  // checked while the one before it is being taken in.
  const ids = [...outcome.keys()].sort(byKind);
  let taking: Promise<unknown> | null = null;
  for (let i = 0; i < ids.length; i += SYNC_PAGE_SIZE) {
    const page = await buildPage(ids.slice(i, i + SYNC_PAGE_SIZE), outcome, known, unreadable);
    if (taking) await taking;
    opts.signal?.throwIfAborted();
    taking = Promise.resolve(
      opts.onPage(page, { done: Math.min(i + SYNC_PAGE_SIZE, ids.length), total: ids.length }),
    );
    // Awaited before the next page is handed over (or below); not an unhandled rejection meanwhile.
    taking.catch(() => undefined);
  }
  if (taking) await taking;
  return report;
}

/** Where {@link heldInReplica} puts a deleted document's last revision (key: this + its id). */
const TOMBSTONE = 'tombstone ';

/**
 * For documents the replica holds (not deleted): a function that gives [revision, digest] when
 * the replica's record has `digest`, so a record equal to it is staged at that revision.
 */
async function heldInReplica(
  local: SyncChangesOptions['local'],
  ids: string[],
): Promise<Map<string, (digest: string) => KnownEntry | undefined>> {
  const out = new Map<string, (digest: string) => KnownEntry | undefined>();
  for (let i = 0; i < ids.length; i += 2000) {
    const page = await local.allDocs({ keys: ids.slice(i, i + 2000), include_docs: true, conflicts: true });
    for (const row of page.rows) {
      const doc = row.doc as Doc | undefined;
      if (row.value?.deleted && row.value.rev) {
        const rev = row.value.rev;
        out.set(`${TOMBSTONE}${row.key}`, () => [rev, '']);
        continue;
      }
      if (!doc || doc._conflicts?.length) continue;
      const digest = await recordDigest(doc.record);
      out.set(doc._id, (d) => (d === digest ? [doc._rev, digest] : undefined));
    }
  }
  return out;
}

/**
 * Syncs a whole project with a team database (what `gloss sync` does, over an empty in-memory
 * replica): {@link syncChanges} with every record of the project, the remembered documents it
 * no longer holds as removals, and the project rebuilt from what comes back. Twin articles (one
 * text imported twice) are settled onto one ({@link settleTwinRecords}); a second pass then sends
 * that settlement at once.
 */
export async function syncProject(opts: SyncOptions): Promise<SyncResult> {
  const first = await syncProjectOnce(opts);
  if (!first.settled) return first;
  const second = await syncProjectOnce({
    ...opts,
    project: first.project,
    known: first.docs,
    twins: first.twins,
    awaiting: first.awaiting,
  });
  return { ...second, report: joinReports(first.report, second.report) };
}

/** The reports of two passes of one sync as one. */
export function joinReports(a: SyncReport, b: SyncReport): SyncReport {
  const lastById = <T extends { id: string }>(xs: T[]): T[] => [
    ...new Map(xs.map((x) => [x.id, x])).values(),
  ];
  return {
    pulled: {
      added: a.pulled.added + b.pulled.added,
      updated: a.pulled.updated + b.pulled.updated,
      removed: a.pulled.removed + b.pulled.removed,
    },
    pushed: a.pushed + b.pushed,
    refused: lastById([...a.refused, ...b.refused]),
    rejected: lastById([...a.rejected, ...b.rejected]),
    settled: a.settled + b.settled,
    conflicts: lastById([...a.conflicts, ...b.conflicts]),
    retries: a.retries + b.retries,
    ...((b.awaiting ?? a.awaiting) ? { awaiting: b.awaiting ?? a.awaiting } : {}),
  };
}

async function syncProjectOnce(opts: SyncOptions): Promise<SyncResult & { settled: boolean }> {
  const { project, known } = opts;
  const records = new Map<string, SyncRecord>();
  for (const r of projectRecords(project)) {
    const id = documentId(r);
    if (!records.has(id)) records.set(id, r);
  }
  // Annotations waiting for their article's twin are staged like the file's own.
  const waitingBefore = opts.awaiting ?? {};
  for (const w of Object.values(waitingBefore)) {
    for (const record of w.annotations) {
      const r: SyncRecord = { kind: 'annotation', record };
      if (!records.has(documentId(r))) records.set(documentId(r), r);
    }
  }
  const docs: Record<string, KnownEntry> = { ...known };
  const removed = [...new Set([...Object.keys(known), ...Object.keys(opts.pending ?? {})])].filter(
    (id) => !records.has(id) && kindOfId(id),
  );
  /** Articles this sync removed: a colleague may have settled one onto its twin. */
  const left: Article[] = [];
  const report = await syncChanges({
    ...opts,
    // `local` is an empty database (see SyncOptions), in memory.
    emptyReplica: true,
    handOverWhilePulling: true,
    changed: [...records.values()],
    removed,
    known: async (ids) => {
      const out = new Map<string, KnownEntry>();
      for (const id of ids) if (known[id]) out.set(id, known[id]);
      return out;
    },
    onPage: (page) => {
      for (const r of page.records) records.set(documentId(r), r);
      for (const id of page.removed) {
        const r = records.get(id);
        if (r?.kind === 'article') left.push(r.record);
        records.delete(id);
      }
      for (const [id, entry] of Object.entries(page.docs)) {
        if (entry) docs[id] = entry;
        else delete docs[id];
      }
    },
  });
  const originals = new Map(
    project.articles.flatMap((a) => (a.original ? [[a.id, a.original] as const] : [])),
  );
  // The originals of copies removed by earlier runs wait with their annotations: the twin that
  // arrives takes one if it has none (settleTwinRecords), as for twins settled at once.
  for (const [id, w] of Object.entries(waitingBefore))
    if (w.original && !originals.has(id)) originals.set(id, decodeOriginal(w.original));
  const settled = settleTwinRecords(
    records,
    originals,
    left,
    new Map(Object.entries(opts.twins ?? {})),
    new Map(Object.entries(waitingBefore).map(([id, w]) => [id, w.contentHash])),
  );
  const assembled = assemble(project, [...records.values()], report, originals, settled.waiting);
  for (const id of assembled.heldBack) delete docs[id];
  const titles = new Map([
    ...Object.entries(waitingBefore).map(([id, w]) => [id, w.title] as const),
    ...left.map((a) => [a.id, a.title] as const),
  ]);
  const awaiting: SyncResult['awaiting'] = {};
  for (const a of assembled.waiting) {
    const id = a.articleId;
    const original = originals.get(id);
    awaiting[id] ??= {
      contentHash: settled.waiting.get(id)!,
      title: titles.get(id) ?? id,
      annotations: [],
      ...(original ? { original: encodeOriginal(original) } : {}),
    };
    awaiting[id].annotations.push(a);
  }
  report.awaiting = Object.entries(awaiting).map(([articleId, w]) => ({
    articleId,
    title: w.title,
    annotations: w.annotations.length,
  }));
  return {
    project: assembled.project,
    docs,
    twins: Object.fromEntries(settled.moves),
    awaiting,
    report,
    settled: settled.changed.length > 0,
  };
}

/**
 * Builds the project from its synced records; annotations whose article is missing are held
 * back, or, when that article's twin is awaited (`waiting`), wait for it (`waiting` out).
 */
function assemble(
  project: ProjectDocument,
  records: SyncRecord[],
  report: SyncReport,
  originals: ReadonlyMap<string, NonNullable<Article['original']>>,
  waiting: ReadonlyMap<string, string>,
): { project: ProjectDocument; heldBack: string[]; waiting: Annotation[] } {
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
  const waits: Annotation[] = [];
  const kept = annotations.filter((a) => {
    if (!lengths.has(a.articleId) && waiting.has(a.articleId)) {
      waits.push(a);
      return false;
    }
    const problem = annotationProblem(a, lengths.get(a.articleId));
    if (!problem) return true;
    const id = documentId({ kind: 'annotation', record: a });
    heldBack.push(id);
    report.refused.push({ id, reason: problem });
    return false;
  });
  return {
    project: { ...project, articles, annotations: kept, sourceGrades, tags, sets },
    heldBack,
    waiting: waits,
  };
}

/**
 * Why an annotation cannot be taken in, given the length of its article's text (undefined when
 * the article is not here): its article must be here, and its position inside that article's
 * text (the project format, and the app's store, refuse anything else).
 */
export function annotationProblem(a: Annotation, articleLength: number | undefined): string | undefined {
  return articleLength === undefined
    ? `its article ${a.articleId} is not in the project (not on the server, or refused)`
    : (annotationOffsetProblem(a, articleLength) ?? undefined);
}
