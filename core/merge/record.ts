import type { Annotation } from '../model';
import { deepEqual } from './equal';

/** The outcome of {@link mergeRecord}: the merged record, and the fields both sides changed apart. */
export interface RecordMerge<T> {
  merged: T;
  /** Fields that mine and theirs both changed, to different values (mine stands in `merged`). */
  conflicts: string[];
}

/** Fields that say when or by whom a record changed rather than what it says. */
const BOOKKEEPING = new Set(['updatedAt', 'updatedBy', 'provenance', 'detailsUpdated']);

const later = (a: unknown, b: unknown): boolean =>
  typeof a === 'string' && typeof b === 'string' && Date.parse(a) > Date.parse(b);

/**
 * Merges two versions of one record field by field against their common ancestor `base` (a
 * three-way merge): a field only one side changed takes that side's value; a field both changed
 * to the same value takes it; a field both changed apart is a conflict (mine stays in `merged`).
 * Without a base every differing field is a conflict. Bookkeeping fields (`updatedAt`,
 * `updatedBy`, `detailsUpdated`) never conflict: they follow the side changed last; per-field
 * `provenance` follows each field (see mergeProvenance).
 */
export function mergeRecord<T extends object>(base: T | undefined, mine: T, theirs: T): RecordMerge<T> {
  const m = mine as Record<string, unknown>;
  const t = theirs as Record<string, unknown>;
  const b = base as Record<string, unknown> | undefined;
  const theirsLater = later(t['updatedAt'], m['updatedAt']);
  const merged: Record<string, unknown> = { ...m };
  const conflicts: string[] = [];
  /** Fields whose value came from theirs. */
  const tookTheirs = new Set<string>();
  for (const key of new Set([...Object.keys(m), ...Object.keys(t)])) {
    if (deepEqual(m[key], t[key])) continue;
    if (BOOKKEEPING.has(key)) {
      if (theirsLater) merged[key] = t[key];
      continue;
    }
    const mineChanged = !b || !deepEqual(b[key], m[key]);
    const theirsChanged = !b || !deepEqual(b[key], t[key]);
    if (theirsChanged && !mineChanged) {
      merged[key] = t[key];
      tookTheirs.add(key);
    } else if (mineChanged && theirsChanged) conflicts.push(key);
  }
  const provenance = mergeProvenance(m['provenance'], t['provenance'], tookTheirs, theirsLater);
  if (provenance !== undefined) merged['provenance'] = provenance;
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return { merged: merged as T, conflicts };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Per-field provenance (`{kind: {by, at}, note: {by, at}, …}`) follows each field: the entry of
 * a field taken from theirs is theirs, the rest mine; a field both set alike keeps the later
 * entry. Anything not shaped so follows the side changed last, like other bookkeeping.
 */
function mergeProvenance(
  mine: unknown,
  theirs: unknown,
  tookTheirs: ReadonlySet<string>,
  theirsLater: boolean,
): unknown {
  if (!isObject(mine) || !isObject(theirs)) return theirsLater ? theirs : mine;
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const [pm, pt] = [mine[key], theirs[key]];
    const atOf = (p: unknown) => (isObject(p) ? p['at'] : undefined);
    const pick = tookTheirs.has(key) ? pt : pm === undefined || later(atOf(pt), atOf(pm)) ? pt : pm;
    if (pick !== undefined) out[key] = pick;
  }
  return out;
}

/**
 * {@link mergeRecord} for annotations, where a deletion on one side and an edit on the other is
 * a conflict too (a deletion must never silently swallow a colleague's change, nor an edit
 * silently bring back what someone deleted), and a deletion on both sides keeps mine.
 */
export function mergeAnnotation(
  base: Annotation | undefined,
  mine: Annotation,
  theirs: Annotation,
): RecordMerge<Annotation> {
  // Deleted on both sides: the record is gone either way; keep mine (as a file merge does).
  if (mine.deletedAt && theirs.deletedAt) return { merged: mine, conflicts: [] };
  const result = mergeRecord(base, mine, theirs);
  const deletedOnOneSide = !mine.deletedAt !== !theirs.deletedAt;
  if (deletedOnOneSide && result.conflicts.length === 0) {
    const kept = mine.deletedAt ? theirs : mine;
    if (editedSince(base, kept)) return { merged: mine, conflicts: ['deletedAt'] };
  }
  return result;
}

/** Whether `version` says anything other than `base` (bookkeeping fields aside). */
function editedSince(base: Annotation | undefined, version: Annotation): boolean {
  if (!base) return true;
  const b = base as Record<string, unknown>;
  const v = version as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(v)])) {
    if (!BOOKKEEPING.has(key) && !deepEqual(b[key], v[key])) return true;
  }
  return false;
}
