import type { Analyst, Annotation, Article, SourceGrade } from '../model';
import type { ProjectDocument, ProjectSync } from '../project';
import { MergeError } from './errors';
import { derivedUuid } from './ids';
import { checkSavedAt } from './plan';
import type { ApplyOptions, ConflictResolution, MergePlan, MergeResolutions } from './types';

export { MergeError };

/** The keys of every conflict of a plan: annotations by id, article details and grades by key. */
export function conflictKeys(plan: MergePlan): string[] {
  return [
    ...plan.conflicts.map((c) => c.id),
    ...plan.articleDetails.conflicts.map((c) => c.key),
    ...plan.sourceGrades.conflicts.map((c) => c.key),
  ];
}

/** Resolves every conflict of `plan` the same way. */
export function resolveAll(
  plan: MergePlan,
  resolution: ConflictResolution,
): Record<string, ConflictResolution> {
  return Object.fromEntries(conflictKeys(plan).map((key) => [key, resolution]));
}

/** The id the copy of their version gets when a conflict is resolved with `both`. */
export function copyId(theirs: Annotation): string {
  return derivedUuid(`gloss-merge-copy|${theirs.id}|${theirs.updatedAt}|${theirs.deletedAt ?? ''}`);
}

function resolutionOf(resolutions: MergeResolutions, key: string): ConflictResolution {
  const r = Object.prototype.hasOwnProperty.call(resolutions, key) ? resolutions[key] : undefined;
  if (r !== 'mine' && r !== 'theirs' && r !== 'both') {
    throw new MergeError(`“${key}” was changed on both sides; choose mine, theirs or both.`);
  }
  return r;
}

/**
 * Carries out a {@link MergePlan}: returns a new project (neither input is changed) holding my
 * records with their updates, deletions, new articles and annotations, article-detail edits,
 * grades, tags and sets, and each conflict settled by `resolutions[key]` (see
 * {@link conflictKeys}). The app and the command line both persist exactly this result.
 *
 * - Records keep their creators; provenance travels with each version.
 * - A conflict settled as mine (or both, for an annotation) re-stamps my version at the merge
 *   (`updatedAt`/`updatedBy`, a grade's `updatedAt`, an article's `detailsUpdated`): keeping it is
 *   my decision, made after their file, so that merging the same file again keeps it, and so does
 *   the colleague when they merge mine back. For article details and grades, `both` is `mine`.
 * - The sync record for their analyst moves to their `savedAt`, except for a partial file. A file
 *   saved more than a day after `now` is refused ({@link checkSavedAt}): its time would make
 *   every later edit here look older than theirs.
 * @throws {MergeError} when a conflict has no resolution.
 */
export function applyMerge(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  plan: MergePlan,
  resolutions: MergeResolutions = {},
  options: ApplyOptions = {},
): ProjectDocument {
  const now = options.now ?? new Date().toISOString();
  checkSavedAt(theirs, now);
  const theirSavedAt = theirs.envelope.savedAt;
  // The decision to keep mine comes after their file: stamp it later than their save.
  const stamp = new Date(Math.max(Date.parse(now), Date.parse(theirSavedAt) + 1)).toISOString();
  const me: Analyst = mine.envelope.analyst;
  const by = { id: me.id, name: me.name };

  const replace = new Map<string, Annotation>();
  const copies: Annotation[] = [];
  const existing = new Set(mine.annotations.map((a) => a.id));
  for (const u of [...plan.updated, ...plan.deleted]) replace.set(u.mine.id, u.theirs);
  for (const c of plan.conflicts) {
    const r = resolutionOf(resolutions, c.id);
    if (r === 'theirs') {
      replace.set(c.id, c.theirs);
      continue;
    }
    replace.set(c.id, { ...c.mine, updatedAt: stamp, updatedBy: by });
    if (r === 'both') {
      const id = copyId(c.theirs);
      if (!existing.has(id)) {
        existing.add(id);
        copies.push({ ...c.theirs, id });
      }
    }
  }
  const annotations = mine.annotations.map((a) => replace.get(a.id) ?? a);
  for (const group of plan.newAnnotations) annotations.push(...group.annotations);
  annotations.push(...copies);

  const details = new Map<string, Partial<Article>>();
  for (const u of plan.articleDetails.updated) {
    details.set(u.articleId, { ...u.theirs, detailsUpdated: u.theirsStamp });
  }
  for (const c of plan.articleDetails.conflicts) {
    if (resolutionOf(resolutions, c.key) === 'theirs')
      details.set(c.articleId, { ...c.theirs, detailsUpdated: c.theirsStamp });
    else details.set(c.articleId, { detailsUpdated: { by, at: stamp } });
  }
  const articles = mine.articles.map((a) => {
    const patch = details.get(a.id);
    return patch ? { ...a, ...patch } : a;
  });

  const grades = new Map<string, SourceGrade>();
  for (const u of plan.sourceGrades.updated) grades.set(u.theirs.source, u.theirs);
  for (const c of plan.sourceGrades.conflicts) {
    grades.set(
      c.mine.source,
      resolutionOf(resolutions, c.key) === 'theirs'
        ? c.theirs
        : { ...c.mine, updatedAt: stamp, updatedBy: by },
    );
  }
  const sourceGrades = [
    ...mine.sourceGrades.map((g) => grades.get(g.source) ?? g),
    ...plan.sourceGrades.added,
  ];

  const theirAnalyst = theirs.envelope.analyst;
  let syncs: ProjectSync[] | undefined = mine.envelope.syncs;
  if (!plan.partial) {
    const previous = mine.envelope.syncs?.find((s) => s.analyst.id === theirAnalyst.id);
    const savedAt =
      previous && Date.parse(previous.savedAt) > Date.parse(theirSavedAt) ? previous.savedAt : theirSavedAt;
    syncs = [
      ...(mine.envelope.syncs ?? []).filter((s) => s.analyst.id !== theirAnalyst.id),
      { analyst: theirAnalyst, savedAt },
    ].sort((a, b) => (a.analyst.id < b.analyst.id ? -1 : a.analyst.id > b.analyst.id ? 1 : 0));
  }
  const envelope = { ...mine.envelope };
  if (syncs) envelope.syncs = syncs;

  return {
    ...mine,
    envelope,
    articles: [...articles, ...plan.newArticles],
    annotations,
    sourceGrades,
    tags: [...mine.tags, ...plan.tags.added],
    sets: [...mine.sets, ...plan.sets.added],
  };
}
