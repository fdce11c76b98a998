import { copyId, deepEqual, mergeAnnotation, mergeRecord } from '../merge';
import type { Annotation } from '../model';
import { SYNC_DOC_VERSION, fromDocument, toDocument, type SyncRecord } from './documents';
import type { ReplicaDatabase } from './pouch';
import { childRevision, commonAncestor, type Doc } from './revisions';
import type { ConflictPolicy, OpenConflict, SyncReport } from './types';

/** What {@link settleConflict} needs to know. */
export interface SettleContext {
  local: ReplicaDatabase;
  remote: ReplicaDatabase;
  user: string | null;
  policy: ConflictPolicy;
  /** The revision this side stands for (made here, or last synced), if it is one of the leaves. */
  mineRev: string | undefined;
  report: SyncReport;
}

/** The outcome: the revision this side now holds, and the revisions to write for it. */
export interface Settlement {
  keep: Doc;
  /** The merged revision (if it differs from the winner), deletions of the other leaves, copies. */
  writes: Doc[];
}

/** A record at an older revision, from the replica or else the server; undefined if neither has it. */
async function bodyAt(ctx: SettleContext, id: string, rev: string): Promise<SyncRecord | undefined> {
  for (const db of [ctx.local, ctx.remote]) {
    try {
      const read = await fromDocument(await db.get(id, { rev }));
      if (read.ok) return read.value;
    } catch {
      // Not held there (never staged, or compacted away): try the next, else merge without a base.
    }
  }
  return undefined;
}

/**
 * Settles a document with conflicting revisions (`winner._conflicts`) by the core merge rules:
 * each other leaf is merged into mine field by field against their common ancestor. Without a
 * true conflict (or with one the policy decides) the result is one revision on CouchDB's winner
 * and a deletion of every other leaf; with a true conflict left open nothing is written and
 * mine is kept. Leaves that fail the schema are refused (reported) and left alone.
 */
export async function settleConflict(winner: Doc, ctx: SettleContext): Promise<Settlement | undefined> {
  const { report, user } = ctx;
  const id = winner._id;
  const leaves = [winner._rev, ...(winner._conflicts ?? [])];
  const opened = (await ctx.local.get(id, { open_revs: leaves, revs: true })) as { ok?: Doc }[];
  const valid: { doc: Doc; record: SyncRecord }[] = [];
  for (const o of opened) {
    if (!o.ok) continue;
    const read = await fromDocument(o.ok);
    if (read.ok) valid.push({ doc: o.ok, record: read.value });
    else report.refused.push({ id: `${id} (revision ${o.ok._rev})`, reason: read.reason });
  }
  const mineIndex = Math.max(
    0,
    valid.findIndex((v) => v.doc._rev === ctx.mineRev),
  );
  const mine = valid[mineIndex];
  if (!mine) return undefined;
  const kind = mine.record.kind;
  let merged = mine.record.record as Record<string, unknown>;
  const open: OpenConflict[] = [];
  const writes: Doc[] = [];
  for (const theirs of valid.filter((_, i) => i !== mineIndex)) {
    const baseRev = commonAncestor(mine.doc, theirs.doc);
    const base = baseRev ? (await bodyAt(ctx, id, baseRev))?.record : undefined;
    const t = theirs.record.record as Record<string, unknown>;
    const r =
      kind === 'annotation'
        ? mergeAnnotation(
            base as Annotation | undefined,
            merged as unknown as Annotation,
            t as unknown as Annotation,
          )
        : mergeRecord(base as Record<string, unknown> | undefined, merged, t);
    merged = r.merged as Record<string, unknown>;
    if (r.conflicts.length === 0) continue;
    const resolution: ConflictPolicy = ctx.policy === 'both' && kind !== 'annotation' ? 'open' : ctx.policy;
    open.push({
      id,
      kind,
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
      writes.push(await childRevision(undefined, toDocument({ kind: 'annotation', record: copy }, user)));
    }
  }
  report.conflicts.push(...open);
  if (open.some((c) => c.resolution === 'open')) return { keep: mine.doc, writes: [] };
  report.settled++;
  const win = valid.find((v) => v.doc._rev === winner._rev) ?? mine;
  let keep: Doc = win.doc;
  if (!deepEqual(merged, win.record.record)) {
    keep = await childRevision(win.doc._rev, toDocument({ kind, record: merged } as SyncRecord, user));
    writes.push(keep);
  }
  for (const v of valid) {
    if (v.doc._rev === win.doc._rev) continue;
    const body = { _id: id, type: v.doc.type, v: SYNC_DOC_VERSION, by: user, record: null };
    writes.push(await childRevision(v.doc._rev, body, true));
  }
  return { keep, writes };
}
