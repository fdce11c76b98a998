import { moveOntoTwins, moveSetsOntoTwins, planTwins, rememberTwinMoves, type TwinMatch } from '../merge';
import type { Article } from '../model';
import { documentId, type SyncRecord } from './documents';

/**
 * Settles twins — the same text imported separately by two analysts, two article documents with
 * one `contentHash` — among the records a sync of a project file took in (`gloss sync`), by
 * core/merge's rule ({@link planTwins}, the file merge's match by text), as the app does when it
 * takes a page into its store (`db/sync-twins.ts`): the article kept (the earliest import, then
 * the smallest id — the same one on every side) takes the twins' annotations (only `articleId`
 * changes) and, where the merge says so, their edited details; saved sets that name a twin name
 * the article kept; the twins are removed, and their imported originals (`originals`, never
 * synced) stay with the text. `left` are articles this sync removed (a colleague settled them
 * onto a twin): annotations still on them here move onto the article kept for their text too.
 * `earlier` are the settlements remembered from earlier runs (twin id → kept id, the project
 * file's sync state): an annotation or set that arrives now on a twin that gave way then — the
 * file holds that twin no longer — moves as well, as the app's `meta.twins` does.
 * Changes `records` and `originals` in place; returns the document ids it changed (empty: none)
 * and the settlements to remember from now on ({@link rememberTwinMoves}).
 */
export function settleTwinRecords(
  records: Map<string, SyncRecord>,
  originals: Map<string, NonNullable<Article['original']>>,
  left: readonly Article[] = [],
  earlier: ReadonlyMap<string, string> = new Map(),
): { changed: string[]; moves: Map<string, string> } {
  const articles = [...records.values()].flatMap((r) => (r.kind === 'article' ? [r.record] : []));
  const plan = planTwins(articles);
  const gone = new Set(plan.matches.map((m) => m.theirsId));
  const keeper = new Map(articles.filter((a) => !gone.has(a.id)).map((a) => [a.contentHash, a.id]));
  const now: TwinMatch[] = [...plan.matches];
  for (const a of left) {
    const mineId = keeper.get(a.contentHash);
    if (!mineId || mineId === a.id) continue;
    now.push({ kind: 'same', theirsId: a.id, mineId });
    const original = originals.get(a.id);
    if (original && !originals.has(mineId)) originals.set(mineId, original);
  }
  const moves = rememberTwinMoves(
    earlier,
    now,
    articles.map((a) => a.id),
  );
  const changed: string[] = [];
  if (moves.size === 0) return { changed, moves };
  for (const m of plan.matches) {
    const id = `article:${m.theirsId}`;
    records.delete(id);
    changed.push(id);
    const original = originals.get(m.theirsId);
    if (original && !originals.has(m.mineId)) originals.set(m.mineId, original);
  }
  for (const record of plan.kept) {
    const r: SyncRecord = { kind: 'article', record };
    records.set(documentId(r), r);
    changed.push(documentId(r));
  }
  const annotations = [...records.values()].flatMap((r) => (r.kind === 'annotation' ? [r.record] : []));
  for (const record of moveOntoTwins(annotations, moves)) {
    const r: SyncRecord = { kind: 'annotation', record };
    records.set(documentId(r), r);
    changed.push(documentId(r));
  }
  const sets = [...records.values()].flatMap((r) => (r.kind === 'set' ? [r.record] : []));
  for (const record of moveSetsOntoTwins(sets, moves)) {
    const r: SyncRecord = { kind: 'set', record };
    records.set(documentId(r), r);
    changed.push(documentId(r));
  }
  return { changed, moves };
}
