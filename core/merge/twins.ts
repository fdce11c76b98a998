import type { Annotation, AnnotationSet, Article } from '../model';
import { bySameText, planDetails, translateAnnotations } from './plan';
import type { ArticleMatch } from './types';

/**
 * Team sync's twins: the same text imported separately by two analysts (two article ids, one
 * `contentHash`). A file merge matches such articles by their text and moves the colleague's
 * annotations onto mine ({@link ArticleMatch} kind `same`); sync does the same with the same
 * code — the matching ({@link bySameText}), the moving of annotations (`translateAnnotations`)
 * and the rule for article details (`planDetails`) — except that there is no "mine": every
 * client, and `gloss sync`, must keep the same one of the twins without asking the others.
 */

/** A twin that gives way: `theirsId` (its id) is settled onto `mineId` (the article kept). */
export type TwinMatch = Extract<ArticleMatch, { kind: 'same' }>;

const time = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/**
 * The order in which twins claim their text: the earliest `importedAt` first, then the smallest
 * id. The first is kept. The earliest import is the copy that has been with the team longest —
 * most likely already on the server and in colleagues' libraries, with most annotations on it —
 * so the fewest documents move; the id settles equal times. Both fields travel with the article
 * and never change after the import, so every side orders twins alike.
 */
export function twinOrder(
  a: Pick<Article, 'id' | 'importedAt'>,
  b: Pick<Article, 'id' | 'importedAt'>,
): number {
  const [ta, tb] = [time(a.importedAt), time(b.importedAt)];
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** How to settle the twins among some articles ({@link planTwins}). */
export interface TwinPlan {
  /** Every twin that gives way, onto the article kept for its text, in the order of {@link twinOrder}. */
  matches: TwinMatch[];
  /**
   * Articles kept whose details change: a twin's edited details (title, source, byline, date,
   * URL, language) carried over by the merge's rule for article details (see {@link planTwins}).
   */
  kept: Article[];
}

/**
 * Which article each text keeps among `articles` (the earliest by {@link twinOrder}) and which
 * give way. The article kept takes a twin's details where a file merge would: when the twin's
 * details were edited (`detailsUpdated`) and the kept article's were not. Where both were edited
 * a file merge asks; twins share no history and no document in which a conflict could stay open,
 * so the later edit stands (ties: the kept article's) — every side decides alike. Pure.
 */
export function planTwins(articles: readonly Article[]): TwinPlan {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const sorted = [...byId.values()].sort(twinOrder);
  const keepers = bySameText(sorted);
  const matches: TwinMatch[] = [];
  for (const a of sorted) {
    const keeper = keepers.get(a.contentHash);
    if (keeper && keeper.id !== a.id) matches.push({ kind: 'same', theirsId: a.id, mineId: keeper.id });
  }
  if (matches.length === 0) return { matches, kept: [] };
  const kept = [...new Set(matches.map((m) => m.mineId))].map((id) => byId.get(id)!);
  const twins = matches.map((m) => byId.get(m.theirsId)!);
  const details = planDetails(kept, twins, matches, undefined, undefined);
  const changed: Article[] = details.updated.map((u) => ({
    ...byId.get(u.articleId)!,
    ...u.theirs,
    detailsUpdated: u.theirsStamp,
  }));
  for (const c of details.conflicts) {
    const [mineAt, theirsAt] = [time(c.mineStamp?.at ?? ''), time(c.theirsStamp?.at ?? '')];
    if (theirsAt > mineAt && theirsAt !== Number.POSITIVE_INFINITY)
      changed.push({ ...byId.get(c.articleId)!, ...c.theirs, detailsUpdated: c.theirsStamp });
  }
  return { matches, kept: changed };
}

/**
 * Annotations moved onto the articles kept: each one on a twin that gives way (`moves`: twin id →
 * kept id, e.g. from {@link planTwins} and earlier settlements) points at the article kept
 * instead; nothing else of it changes (same text, so its selectors hold as they are). Returns
 * only the annotations that moved.
 */
export function moveOntoTwins(
  annotations: readonly Annotation[],
  moves: ReadonlyMap<string, string>,
): Annotation[] {
  const matches: TwinMatch[] = [...moves].map(([theirsId, mineId]) => ({ kind: 'same', theirsId, mineId }));
  const { annotations: out } = translateAnnotations([], annotations, matches);
  return out.filter((a, i) => a !== annotations[i]);
}

/**
 * Saved sets that name a twin that gave way in their filter (`filter.articleIds`) name the
 * article kept instead, so that a set keeps showing the same passages. Returns only the sets
 * that changed.
 */
export function moveSetsOntoTwins(
  sets: readonly AnnotationSet[],
  moves: ReadonlyMap<string, string>,
): AnnotationSet[] {
  const out: AnnotationSet[] = [];
  for (const set of sets) {
    const ids = set.type === 'dynamic' ? set.filter.articleIds : undefined;
    if (set.type !== 'dynamic' || !ids?.some((id) => moves.has(id))) continue;
    const articleIds = [...new Set(ids.map((id) => moves.get(id) ?? id))];
    out.push({ ...set, filter: { ...set.filter, articleIds } });
  }
  return out;
}

/**
 * Earlier settlements (twin id → kept id) joined with new ones: a kept article that now gives way
 * itself passes its twins on to the article kept now, so that every move ends on a live article.
 */
export function joinTwinMoves(
  earlier: ReadonlyMap<string, string>,
  matches: readonly TwinMatch[],
): Map<string, string> {
  const next = new Map(earlier);
  for (const m of matches) next.set(m.theirsId, m.mineId);
  const end = (id: string): string => {
    const seen = new Set<string>();
    let at = id;
    while (next.has(at) && !seen.has(at)) {
      seen.add(at);
      at = next.get(at)!;
    }
    return at;
  };
  for (const id of [...next.keys()]) next.set(id, end(id));
  return next;
}

/**
 * The settlements to remember after settling `matches`: the earlier ones joined with them
 * ({@link joinTwinMoves}), less any article that is `live` now (taken in again, or held, and not
 * giving way): nothing moves off a live article. The app keeps them in its store's meta
 * (`meta.twins`), `gloss sync` in the project file's sync state, so that an annotation or a saved
 * set that arrives later on a twin that gave way still moves onto the article kept.
 */
export function rememberTwinMoves(
  earlier: ReadonlyMap<string, string>,
  matches: readonly TwinMatch[],
  live: Iterable<string>,
): Map<string, string> {
  const next = joinTwinMoves(earlier, matches);
  const giving = new Set(matches.map((m) => m.theirsId));
  for (const id of live) if (!giving.has(id)) next.delete(id);
  return next;
}

/** The article kept for each text among `articles` once the twins of `plan` give way: `contentHash` → id. */
export function keptByText(
  articles: readonly Pick<Article, 'id' | 'contentHash'>[],
  plan: Pick<TwinPlan, 'matches'>,
): Map<string, string> {
  const gone = new Set(plan.matches.map((m) => m.theirsId));
  const keeper = new Map<string, string>();
  for (const a of articles) if (!gone.has(a.id)) keeper.set(a.contentHash, a.id);
  return keeper;
}

/** What {@link settleRemovedTwins} decides for the articles a sync removed. */
export interface RemovedTwins {
  /** Removed articles, and waiting ones whose twin is here now, each onto the article kept for its text. */
  matches: TwinMatch[];
  /** Waiting articles (from `awaiting`) whose twin is here now: they wait no longer. */
  arrived: string[];
  /** Removed articles with no twin here: what is still on them waits for one ({@link settleRemovedTwins}). */
  unmatched: Pick<Article, 'id' | 'contentHash'>[];
}

/**
 * Articles a sync removed — a colleague settled each onto its twin — and articles removed by
 * earlier syncs whose annotations still wait for that twin (`awaiting`: article id → its
 * `contentHash`), against the articles kept here now (`keeper`: `contentHash` → id). A removed
 * article whose text is kept here gives way to it, as a twin does; one with no twin here yet is
 * `unmatched`: the caller keeps the annotations on it waiting (the app in `meta.twinsAwaiting`,
 * `gloss sync` in the project file's sync state) until the twin arrives, in a later page or
 * run — a colleague's client may send the deletion before the article kept. Pure.
 */
export function settleRemovedTwins(
  removed: readonly Pick<Article, 'id' | 'contentHash'>[],
  awaiting: ReadonlyMap<string, string>,
  keeper: ReadonlyMap<string, string>,
): RemovedTwins {
  const out: RemovedTwins = { matches: [], arrived: [], unmatched: [] };
  const removedIds = new Set(removed.map((a) => a.id));
  for (const a of removed) {
    const mineId = keeper.get(a.contentHash);
    if (mineId === a.id) continue;
    if (mineId) out.matches.push({ kind: 'same', theirsId: a.id, mineId });
    else out.unmatched.push(a);
  }
  for (const [id, hash] of awaiting) {
    const mineId = keeper.get(hash);
    if (!mineId || mineId === id || removedIds.has(id)) continue;
    out.matches.push({ kind: 'same', theirsId: id, mineId });
    out.arrived.push(id);
  }
  return out;
}
