import { anchorMany, describe } from '../anchoring';
import type { Annotation, Article } from '../model';
import type { ProjectDocument } from '../project';
import { deepEqual } from './equal';
import { normalizeUrl, textSimilarity } from './similarity';
import {
  DEFAULT_FUZZY_ARTICLE_THRESHOLD,
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

function matchArticles(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  threshold: number,
): { matches: ArticleMatch[]; newArticles: Article[] } {
  const byHash = new Map<string, Article>();
  const byUrl = new Map<string, Article[]>();
  const mineIds = new Set<string>();
  for (const a of mine.articles) {
    mineIds.add(a.id);
    if (!byHash.has(a.contentHash)) byHash.set(a.contentHash, a);
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
 * Their annotations moved onto my project: article ids mapped, and for re-extracted articles
 * the selectors re-anchored onto my text (`describe` at the range `anchor` found).
 */
function translateAnnotations(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  matches: readonly ArticleMatch[],
): { annotations: Annotation[]; orphaned: MergePlan['orphaned']; reanchored: Set<string> } {
  const target = new Map<string, ArticleMatch>(matches.map((m) => [m.theirsId, m]));
  const mineArticles = new Map(mine.articles.map((a) => [a.id, a]));
  const byArticle = new Map<string, number[]>();
  const out = theirs.annotations.slice();
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
      if (r.status === 'orphan') orphaned.push({ annotationId: a.id, articleId });
      else out[i] = { ...a, selectors: describe(text, r.start, r.end) };
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
 * neither → mine stays (the difference was settled at the last exchange).
 */
export function planMerge(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  opts: MergeOptions = {},
): MergePlan {
  const threshold = opts.articleSimilarity ?? DEFAULT_FUZZY_ARTICLE_THRESHOLD;
  const { matches, newArticles } = matchArticles(mine, theirs, threshold);
  const { annotations, orphaned, reanchored } = translateAnnotations(mine, theirs, matches);

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

  const mineGrades = new Map(mine.sourceGrades.map((g) => [g.source, g]));
  const sourceGrades: MergePlan['sourceGrades'] = { added: [], updated: [] };
  for (const g of theirs.sourceGrades) {
    const m = mineGrades.get(g.source);
    if (!m) sourceGrades.added.push(g);
    else if (!deepEqual(m, g) && time(g.updatedAt) > time(m.updatedAt)) sourceGrades.updated.push(g);
  }
  const mineTags = new Set(mine.tags.map((t) => t.name));
  const mineSets = new Set(mine.sets.map((s) => s.id));

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
    sourceGrades,
    tags: { added: theirs.tags.filter((t) => !mineTags.has(t.name)) },
    sets: { added: theirs.sets.filter((s) => !mineSets.has(s.id)) },
  };
}
