import type { Annotation } from '../model';
import type { ProjectDocument, ProjectSync } from '../project';
import { derivedUuid } from './ids';
import type { ConflictResolution, MergePlan } from './types';

/** Thrown when {@link applyMerge} is missing a resolution for a conflict. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}

/** Resolves every conflict of `plan` the same way. */
export function resolveAll(
  plan: MergePlan,
  resolution: ConflictResolution,
): Record<string, ConflictResolution> {
  return Object.fromEntries(plan.conflicts.map((c) => [c.id, resolution]));
}

/** The id the copy of their version gets when a conflict is resolved with `both`. */
export function copyId(theirs: Annotation): string {
  return derivedUuid(`gloss-merge-copy|${theirs.id}|${theirs.updatedAt}|${theirs.deletedAt ?? ''}`);
}

/**
 * Carries out a {@link MergePlan}: returns a new project (neither input is changed) holding my
 * records with their updates, deletions, new articles and annotations, and each conflict settled
 * by `resolutions[id]`. Records keep their authors. The envelope is mine, with a sync record for
 * their analyst at their `savedAt`, so that merging the same file again changes nothing (none
 * for a Gloss JSON export, which is no exchange).
 * @throws {MergeError} when a conflict has no resolution.
 */
export function applyMerge(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  plan: MergePlan,
  resolutions: Readonly<Record<string, ConflictResolution>> = {},
): ProjectDocument {
  const replace = new Map<string, Annotation>();
  const copies: Annotation[] = [];
  const existing = new Set(mine.annotations.map((a) => a.id));
  for (const u of [...plan.updated, ...plan.deleted]) replace.set(u.mine.id, u.theirs);
  for (const c of plan.conflicts) {
    const r = Object.prototype.hasOwnProperty.call(resolutions, c.id) ? resolutions[c.id] : undefined;
    if (r === 'theirs') replace.set(c.id, c.theirs);
    else if (r === 'both') {
      const id = copyId(c.theirs);
      if (!existing.has(id)) {
        existing.add(id);
        copies.push({ ...c.theirs, id });
      }
    } else if (r !== 'mine') {
      throw new MergeError(`The annotation ${c.id} was changed on both sides; choose mine, theirs or both.`);
    }
  }
  const annotations = mine.annotations.map((a) => replace.get(a.id) ?? a);
  for (const group of plan.newAnnotations) annotations.push(...group.annotations);
  annotations.push(...copies);

  const gradeUpdates = new Map(plan.sourceGrades.updated.map((g) => [g.source, g]));
  const sourceGrades = [
    ...mine.sourceGrades.map((g) => gradeUpdates.get(g.source) ?? g),
    ...plan.sourceGrades.added,
  ];

  const theirAnalyst = theirs.envelope.analyst;
  let syncs: ProjectSync[] = mine.envelope.syncs ?? [];
  // A Gloss JSON export (core/exporters' exportAsProject marks it) is no exchange with anyone:
  // it records no sync, so that every later difference still shows as a conflict.
  if (!('export' in theirs.envelope)) {
    syncs = syncs.filter((s) => s.analyst.id !== theirAnalyst.id);
    const previous = mine.envelope.syncs?.find((s) => s.analyst.id === theirAnalyst.id);
    const savedAt =
      previous && Date.parse(previous.savedAt) > Date.parse(theirs.envelope.savedAt)
        ? previous.savedAt
        : theirs.envelope.savedAt;
    syncs.push({ analyst: theirAnalyst, savedAt });
    syncs.sort((a, b) => (a.analyst.id < b.analyst.id ? -1 : a.analyst.id > b.analyst.id ? 1 : 0));
  }

  return {
    ...mine,
    envelope: { ...mine.envelope, syncs },
    articles: [...mine.articles, ...plan.newArticles],
    annotations,
    sourceGrades,
    tags: [...mine.tags, ...plan.tags.added],
    sets: [...mine.sets, ...plan.sets.added],
  };
}
