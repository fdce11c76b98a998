import {
  keptByText,
  moveOntoTwins,
  moveSetsOntoTwins,
  planTwins,
  rememberTwinMoves,
  settleRemovedTwins,
} from '../merge';
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
 * file holds that twin no longer — moves as well, as the app's `meta.twins` does. A removed article
 * whose twin is not here (a colleague's client sent the deletion first) keeps the annotations on it
 * waiting for the twin ({@link settleRemovedTwins}); `awaiting` are those from earlier runs
 * (article id → `contentHash`, the file's sync state), which move once the twin is here.
 * Changes `records` and `originals` in place; returns the document ids it changed (empty: none),
 * the settlements to remember from now on ({@link rememberTwinMoves}) and the articles whose
 * annotations (in `records`) still wait (article id → `contentHash`), as the app's
 * `meta.twinsAwaiting`.
 */
export function settleTwinRecords(
  records: Map<string, SyncRecord>,
  originals: Map<string, NonNullable<Article['original']>>,
  left: readonly Article[] = [],
  earlier: ReadonlyMap<string, string> = new Map(),
  awaiting: ReadonlyMap<string, string> = new Map(),
): { changed: string[]; moves: Map<string, string>; waiting: Map<string, string> } {
  const articles = [...records.values()].flatMap((r) => (r.kind === 'article' ? [r.record] : []));
  const plan = planTwins(articles);
  const removed = settleRemovedTwins(left, awaiting, keptByText(articles, plan));
  for (const m of removed.matches) {
    const original = originals.get(m.theirsId);
    if (original && !originals.has(m.mineId)) originals.set(m.mineId, original);
  }
  const live = new Set(articles.map((a) => a.id));
  const moves = rememberTwinMoves(earlier, [...plan.matches, ...removed.matches], live);
  // What waits: only articles that are not here and still have annotations on them.
  const annotated = new Set(
    [...records.values()].flatMap((r) => (r.kind === 'annotation' ? [r.record.articleId] : [])),
  );
  const waiting = new Map([...awaiting].filter(([id]) => !removed.arrived.includes(id)));
  for (const a of removed.unmatched) waiting.set(a.id, a.contentHash);
  for (const id of [...waiting.keys()]) if (live.has(id) || !annotated.has(id)) waiting.delete(id);
  const changed: string[] = [];
  if (moves.size === 0) return { changed, moves, waiting };
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
  return { changed, moves, waiting };
}
