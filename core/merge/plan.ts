import { anchorMany, describe } from '../anchoring';
import type { Annotation, AnnotationSet, Article, SourceGrade, Stamp } from '../model';
import type { ProjectDocument } from '../project';
import { MergeError } from './errors';
import { deepEqual } from './equal';
import { normalizeUrl, textSimilarity } from './similarity';
import {
  DEFAULT_FUZZY_ARTICLE_THRESHOLD,
  type ArticleDetails,
  type ArticleDetailsChange,
  type ArticleDetailsConflict,
  type SetRename,
  type SourceGradeChange,
  type SourceGradeConflict,
  type AnnotationConflict,
  type AnnotationUpdate,
  type ArticleMatch,
  type MergeOptions,
  type MergePlan,
  type NewAnnotationsByAuthor,
} from './types';

const time = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

/** When an annotation last changed: its edit or its deletion, whichever is later. */
export function lastChanged(a: Annotation): number {
  return Math.max(time(a.updatedAt), time(a.deletedAt));
}

/** The `savedAt` of the newest file of `analystId` that `doc` has merged, if any. */
export function syncedAt(doc: ProjectDocument, analystId: string): number | undefined {
  const s = doc.envelope.syncs?.find((x) => x.analyst.id === analystId);
  return s ? time(s.savedAt) : undefined;
}

/**
 * Articles by their text (`contentHash`): the first of each text in `articles` holds it. Two
 * articles with equal hashes are the same article (kind `same` of {@link ArticleMatch}), for a
 * file merge as for team sync's twins.
 */
export function bySameText<T extends Pick<Article, 'contentHash'>>(articles: Iterable<T>): Map<string, T> {
  const byHash = new Map<string, T>();
  for (const a of articles) if (!byHash.has(a.contentHash)) byHash.set(a.contentHash, a);
  return byHash;
}

function matchArticles(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  threshold: number,
): { matches: ArticleMatch[]; newArticles: Article[] } {
  const byHash = bySameText(mine.articles);
  const byUrl = new Map<string, Article[]>();
  const mineIds = new Set<string>();
  for (const a of mine.articles) {
    mineIds.add(a.id);
    const url = normalizeUrl(a.url);
    if (url) byUrl.set(url, [...(byUrl.get(url) ?? []), a]);
  }
  const matches: ArticleMatch[] = [];
  const newArticles: Article[] = [];
  for (const t of theirs.articles) {
    const same = byHash.get(t.contentHash);
    if (same) {
      matches.push({ kind: 'same', theirsId: t.id, mineId: same.id });
      continue;
    }
    let best: { article: Article; similarity: number } | undefined;
    for (const candidate of byUrl.get(normalizeUrl(t.url)) ?? []) {
      const similarity = textSimilarity(candidate.text, t.text);
      if (similarity >= threshold && (!best || similarity > best.similarity))
        best = { article: candidate, similarity };
    }
    if (best) {
      matches.push({
        kind: 'reanchored',
        theirsId: t.id,
        mineId: best.article.id,
        similarity: best.similarity,
      });
      continue;
    }
    // A clash of ids between different articles: give theirs a stable new id.
    let id = t.id;
    for (let n = 1; mineIds.has(id); n++) id = `${t.id}~${t.contentHash.slice(0, 8)}${n > 1 ? `-${n}` : ''}`;
    mineIds.add(id);
    matches.push({ kind: 'new', theirsId: t.id, id });
    newArticles.push(id === t.id ? t : { ...t, id });
  }
  return { matches, newArticles };
}

/**
 * Their annotations moved onto my articles: article ids mapped, and for re-extracted articles
 * the selectors re-anchored onto my text (`describe` at the range `anchor` found). Used by a
 * file merge and by team sync's settling of twins (core/merge/twins.ts).
 */
export function translateAnnotations(
  mine: readonly Article[],
  theirs: readonly Annotation[],
  matches: readonly ArticleMatch[],
): { annotations: Annotation[]; orphaned: MergePlan['orphaned']; reanchored: Set<string> } {
  const target = new Map<string, ArticleMatch>(matches.map((m) => [m.theirsId, m]));
  const mineArticles = new Map(mine.map((a) => [a.id, a]));
  const byArticle = new Map<string, number[]>();
  const out = theirs.slice();
  for (const [i, a] of out.entries()) {
    const m = target.get(a.articleId);
    if (!m) continue;
    const articleId = m.kind === 'new' ? m.id : m.mineId;
    if (articleId !== a.articleId) out[i] = { ...a, articleId };
    if (m.kind === 'reanchored') byArticle.set(m.mineId, [...(byArticle.get(m.mineId) ?? []), i]);
  }
  const orphaned: MergePlan['orphaned'] = [];
  const reanchored = new Set<string>();
  for (const [articleId, indexes] of byArticle) {
    const text = mineArticles.get(articleId)?.text ?? '';
    const list = indexes.map((i) => out[i]!);
    const found = anchorMany(text, list);
    for (const [k, i] of indexes.entries()) {
      const a = out[i]!;
      const r = found[k]!;
      reanchored.add(a.id);
      if (r.status === 'orphan') {
        // Kept with its quote only: its old position means nothing in my text (and could lie
        // past its end, which no project may hold); it shows as orphaned, to re-attach.
        orphaned.push({ annotationId: a.id, articleId });
        out[i] = { ...a, selectors: a.selectors.filter((s) => s.type === 'TextQuoteSelector') };
      } else out[i] = { ...a, selectors: describe(text, r.start, r.end) };
    }
  }
  return { annotations: out, orphaned, reanchored };
}

/**
 * Whether two versions of an annotation differ only in their selectors. Re-anchoring describes
 * a passage afresh in the other article's text, so a shared annotation on a re-extracted article
 * comes back with other context; that is not an edit.
 */
function sameButAnchoring(m: Annotation, t: Annotation): boolean {
  const { selectors: _m, ...restM } = m;
  const { selectors: _t, ...restT } = t;
  return deepEqual(restM, restT);
}

/** How far in the future a colleague's file may say it was saved (their clock may run ahead). */
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * Refuses a file that says it was saved more than {@link MAX_CLOCK_SKEW_MS} after `now`: its
 * time would be carried into the sync record and into the stamps of versions kept at the merge,
 * making their edits look newer than anything done here for as long as that time lies ahead.
 * @throws {MergeError} naming both times and what to check.
 */
export function checkSavedAt(theirs: ProjectDocument, now: string): void {
  const savedAt = Date.parse(theirs.envelope.savedAt);
  if (savedAt > Date.parse(now) + MAX_CLOCK_SKEW_MS) {
    throw new MergeError(
      `This file says it was saved on ${theirs.envelope.savedAt}, later than this computer's clock (${now}) allows; check the date and time on both computers, then save the file again.`,
    );
  }
}

/**
 * The partial mark of a project's envelope (`partial: {set: {id, name}}`, a field the format
 * keeps as unknown), or null: a file that holds one set only (see docs/project-format.md).
 */
export function partialOf(doc: ProjectDocument): { set: { id: string; name: string } } | null {
  const mark = (doc.envelope as { partial?: unknown }).partial;
  if (!mark || typeof mark !== 'object') return null;
  const set = (mark as { set?: { id?: unknown; name?: unknown } }).set;
  return set && typeof set.id === 'string' && typeof set.name === 'string'
    ? { set: { id: set.id, name: set.name } }
    : null;
}

const DETAIL_FIELDS = ['title', 'source', 'byline', 'publishedAt', 'url', 'language'] as const;

/** The details of an article an analyst may edit. */
export function detailsOf(a: Article): ArticleDetails {
  return {
    title: a.title,
    source: a.source,
    byline: a.byline,
    publishedAt: a.publishedAt,
    url: a.url,
    language: a.language,
  };
}

/** Whether a side changed since `base` (undefined: no exchange recorded, so it counts as changed). */
const changedSince = (at: number, base: number | undefined): boolean => base === undefined || at > base;

/**
 * Their edits of the details of articles we share. A side changed its details when it stamped
 * them (`detailsUpdated`) after its base; details that differ with no edit on either side came
 * from the importers (mine stay). Used by a file merge and by team sync's settling of twins.
 */
export function planDetails(
  mine: readonly Article[],
  theirs: readonly Article[],
  matches: readonly ArticleMatch[],
  mineBase: number | undefined,
  theirsBase: number | undefined,
): MergePlan['articleDetails'] {
  const mineById = new Map(mine.map((a) => [a.id, a]));
  const theirsById = new Map(theirs.map((a) => [a.id, a]));
  const updated: ArticleDetailsChange[] = [];
  const conflicts: ArticleDetailsConflict[] = [];
  const seen = new Set<string>();
  for (const m of matches) {
    if (m.kind === 'new' || seen.has(m.mineId)) continue;
    const a = mineById.get(m.mineId);
    const t = theirsById.get(m.theirsId);
    if (!a || !t) continue;
    const mineDetails = detailsOf(a);
    const theirsDetails = detailsOf(t);
    if (DETAIL_FIELDS.every((f) => mineDetails[f] === theirsDetails[f])) continue;
    const mineStamp: Stamp | null = a.detailsUpdated ?? null;
    const theirsStamp: Stamp | null = t.detailsUpdated ?? null;
    const mineChanged = !!mineStamp && changedSince(time(mineStamp.at), mineBase);
    const theirsChanged = !!theirsStamp && changedSince(time(theirsStamp.at), theirsBase);
    if (!theirsChanged) continue;
    seen.add(m.mineId);
    const change = { articleId: m.mineId, mine: mineDetails, theirs: theirsDetails, mineStamp, theirsStamp };
    if (mineChanged) conflicts.push({ ...change, key: `article:${m.mineId}` });
    else updated.push(change);
  }
  return { updated, conflicts };
}

/**
 * Their source grades: added where I grade no such source; where we both grade it differently,
 * theirs replaces mine when only they re-graded since we shared, and both re-grading is a
 * conflict (whose is whose shows in `updatedBy`).
 */
function planGrades(
  mine: readonly SourceGrade[],
  theirs: readonly SourceGrade[],
  mineBase: number | undefined,
  theirsBase: number | undefined,
): MergePlan['sourceGrades'] {
  const mineGrades = new Map(mine.map((g) => [g.source, g]));
  const added: SourceGrade[] = [];
  const updated: SourceGradeChange[] = [];
  const conflicts: SourceGradeConflict[] = [];
  for (const t of theirs) {
    const m = mineGrades.get(t.source);
    if (!m) {
      added.push(t);
      continue;
    }
    if (m.reliability === t.reliability && m.note === t.note) continue;
    const mineChanged = changedSince(time(m.updatedAt), mineBase);
    const theirsChanged = changedSince(time(t.updatedAt), theirsBase);
    if (mineChanged && theirsChanged) conflicts.push({ key: `grade:${t.source}`, mine: m, theirs: t });
    else if (theirsChanged) updated.push({ mine: m, theirs: t });
  }
  return { added, updated, conflicts };
}

/** `name`, or `name (2)`, `name (3)`… whichever is not in `taken` yet (which it joins). */
export function freeName(name: string, taken: Set<string>): string {
  let free = name;
  for (let n = 2; taken.has(free); n++) free = `${name} (${n})`;
  taken.add(free);
  return free;
}

/** Their sets that are new here (by id); one whose name I use already is renamed `name (2)`. */
function planSets(mine: readonly AnnotationSet[], theirs: readonly AnnotationSet[]): MergePlan['sets'] {
  const ids = new Set(mine.map((s) => s.id));
  const taken = new Set(mine.map((s) => s.name));
  const added: AnnotationSet[] = [];
  const renamed: SetRename[] = [];
  for (const s of theirs) {
    if (ids.has(s.id)) continue;
    ids.add(s.id);
    const name = freeName(s.name, taken);
    if (name !== s.name) renamed.push({ id: s.id, from: s.name, to: name });
    added.push(name === s.name ? s : { ...s, name });
  }
  return { added, renamed };
}

/**
 * Plans merging `theirs` into `mine` without changing either: which articles are new or match
 * (by `contentHash`, else by URL plus {@link textSimilarity}), which annotations are new, updated,
 * deleted or in conflict. Pure and deterministic.
 *
 * "Changed since shared" (docs/project-format.md, "Merge"): my version changed if it was edited
 * or deleted after the newest of my files they have merged (`theirs.envelope.syncs`); theirs
 * changed if it was edited or deleted after the newest of their files I have merged
 * (`mine.envelope.syncs`). When only one of the two records exists it serves for both sides;
 * with neither, both sides count as changed. Both changed → conflict; one side → that side wins;
 * neither → mine stays (the difference was settled at the last exchange). Article details and
 * source grades follow the same rule (details by their `detailsUpdated` stamps, grades by
 * `updatedAt`); tags are added by name, sets by id (renamed when the name is taken).
 */
export function planMerge(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  opts: MergeOptions = {},
): MergePlan {
  checkSavedAt(theirs, opts.now ?? new Date().toISOString());
  const threshold = opts.articleSimilarity ?? DEFAULT_FUZZY_ARTICLE_THRESHOLD;
  const { matches, newArticles } = matchArticles(mine, theirs, threshold);
  const { annotations, orphaned, reanchored } = translateAnnotations(
    mine.articles,
    theirs.annotations,
    matches,
  );

  // Each side's base is when the other last took its changes. Without a record one way, the
  // other way stands in: whatever they hold of mine came from my file of `mineBase`, so only
  // their edits after it are theirs (and the reverse). With no record at all, both count as changed.
  const mineSynced = syncedAt(theirs, mine.envelope.analyst.id);
  const theirsSynced = syncedAt(mine, theirs.envelope.analyst.id);
  const mineBase = mineSynced ?? theirsSynced;
  const theirsBase = theirsSynced ?? mineSynced;
  const mineById = new Map(mine.annotations.map((a) => [a.id, a]));
  const newByAuthor = new Map<string, NewAnnotationsByAuthor>();
  const updated: AnnotationUpdate[] = [];
  const deleted: AnnotationUpdate[] = [];
  const conflicts: AnnotationConflict[] = [];
  let keptMine = 0;
  let unchanged = 0;

  for (const t of annotations) {
    const m = mineById.get(t.id);
    if (!m) {
      const group = newByAuthor.get(t.author.id) ?? { author: t.author, annotations: [] };
      group.annotations.push(t);
      newByAuthor.set(t.author.id, group);
      continue;
    }
    if (deepEqual(m, t) || (reanchored.has(t.id) && sameButAnchoring(m, t))) {
      unchanged++;
      continue;
    }
    const mineChanged = mineBase === undefined || lastChanged(m) > mineBase;
    const theirsChanged = theirsBase === undefined || lastChanged(t) > theirsBase;
    // Neither changed since the last exchange: the two already differed then, which only a
    // decision to keep mine (a settled conflict) leaves behind; keep it, so that merging the
    // same file again changes nothing.
    const theirsWins = theirsChanged && !mineChanged;
    if (m.deletedAt && t.deletedAt) {
      // Deleted on both sides: the record is gone either way; keep mine.
      keptMine++;
    } else if (mineChanged && theirsChanged) {
      conflicts.push({ id: t.id, mine: m, theirs: t });
    } else if (theirsWins) {
      (t.deletedAt && !m.deletedAt ? deleted : updated).push({ mine: m, theirs: t });
    } else {
      keptMine++;
    }
  }

  const mineTags = new Set(mine.tags.map((t) => t.name));

  return {
    theirs: { analyst: theirs.envelope.analyst, savedAt: theirs.envelope.savedAt },
    articles: matches,
    newArticles,
    newAnnotations: [...newByAuthor.values()].sort((a, b) =>
      a.author.id < b.author.id ? -1 : a.author.id > b.author.id ? 1 : 0,
    ),
    updated,
    deleted,
    conflicts,
    keptMine,
    unchanged,
    orphaned,
    articleDetails: planDetails(mine.articles, theirs.articles, matches, mineBase, theirsBase),
    sourceGrades: planGrades(mine.sourceGrades, theirs.sourceGrades, mineBase, theirsBase),
    tags: { added: theirs.tags.filter((t) => !mineTags.has(t.name)) },
    sets: planSets(mine.sets, theirs.sets),
    // A Gloss JSON export (core/exporters' exportAsProject) is no exchange either.
    partial: partialOf(theirs) !== null || 'export' in theirs.envelope,
  };
}
