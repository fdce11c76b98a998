import { revisionId, type GlossDocument } from './documents';
import type { ReplicaDatabase } from './pouch';
import { SyncError } from './types';

/** A document as the replica holds it, with its revision history when asked for. */
export type Doc = GlossDocument & {
  _rev: string;
  _conflicts?: string[];
  _revisions?: { start: number; ids: string[] };
};

const revNumber = (rev: string): number => Number.parseInt(rev, 10);
const revHash = (rev: string): string => rev.slice(rev.indexOf('-') + 1);

/** A revision of `id` written as a child of `parent` (deterministic id, see {@link revisionId}). */
export async function childRevision(
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

/** `body` as the revision `rev`, its history known no further back (an ancestor kept here). */
export function revisionAt(body: Omit<GlossDocument, '_rev'>, rev: string): Doc {
  return { ...body, _rev: rev, _revisions: { start: revNumber(rev), ids: [revHash(rev)] } };
}

function revList(d: Doc): string[] {
  const r = d._revisions;
  return r ? r.ids.map((h, i) => `${r.start - i}-${h}`) : [d._rev];
}

/** The newest revision two leaves share, if their histories reach that far. */
export function commonAncestor(a: Doc, b: Doc): string | undefined {
  const mine = new Set(revList(a));
  return revList(b).find((r) => mine.has(r));
}

/** Writes revisions as they are (`new_edits: false`), in batches. */
export async function bulkWrite(db: ReplicaDatabase, docs: Doc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 2000) {
    const res = await db.bulkDocs(docs.slice(i, i + 2000), { new_edits: false });
    const failed = res.find((r) => r.error);
    if (failed)
      throw new SyncError(`could not stage ${failed.id ?? 'a document'} locally: ${failed.reason ?? ''}`);
  }
}
