import type { MergePlan, MergeResolutions } from '../../../../core/merge';
import { emptyProject, type ProjectDocument } from '../../../../core/project';
import { db } from '../../db';
import { currentAnalyst } from '../../db/annotations';
import { getMeta, type MergeBackup, type MergeUndo } from '../../db/db';
import { applyMergeToStore, type MergeWritten } from '../../db/project-data';
import { hasBridge, listBackups, readBackup } from '../../platform/gloss';
import { backUpNow, replaceLibraryWith } from './backups';
import { inProjectWorker } from './project-worker';

/**
 * A merge writes into the library what a colleague's file says — a file that may delete or
 * rewrite annotations. So every merge (project file, restored JSON export, REFI-QDA, Hypothesis:
 * all pass the merge preview) first backs the library up, through the project worker like any
 * backup, and remembers that backup in the same transaction as the merge: Edit › Undo (or the
 * notice's Undo) then restores the library as it was, also after a restart, and the backups list
 * names the backup “before the merge of …”.
 */

/** What a merge did, and whether it can be undone. */
export interface MergeOutcome {
  written: MergeWritten;
  /** The backup written first; null when the library was empty (undo empties it again). */
  backup: MergeBackup | null;
  /** Whether Edit › Undo can take it back (false without the desktop shell: no backups). */
  undoable: boolean;
}

/**
 * Backs the library up, then applies the previewed merge (one transaction, which also records
 * the backup for undo). When the backup cannot be written nothing is merged: a merge that could
 * not be undone is not started.
 */
export async function mergeWithBackup(
  fileName: string,
  mine: ProjectDocument,
  theirs: ProjectDocument,
  plan: MergePlan,
  resolutions: MergeResolutions,
  say: (step: string) => void = () => undefined,
): Promise<MergeOutcome> {
  if (!hasBridge()) {
    say('Merging…');
    return {
      written: await applyMergeToStore(db, mine, theirs, plan, resolutions),
      backup: null,
      undoable: false,
    };
  }
  say('Backing up the library before merging…');
  let written;
  try {
    written = await backUpNow();
  } catch (err) {
    throw new Error(
      `${(err as Error).message} Nothing was merged: a merge is only applied once it can be undone.`,
      {
        cause: err,
      },
    );
  }
  const backup: MergeBackup = { backup: written?.name ?? null, fileName, at: new Date().toISOString() };
  say('Merging…');
  const result = await applyMergeToStore(db, mine, theirs, plan, resolutions, backup);
  return { written: result, backup, undoable: true };
}

/** The merge Edit › Undo would take back now, if the last step was a merge. */
export async function undoableMerge(): Promise<MergeUndo | null> {
  const merge = await getMeta(db, 'mergeUndo');
  if (!merge) return null;
  // Steps taken after the merge are undone first (they are newer).
  const newest = await db.history
    .orderBy('seq')
    .reverse()
    .filter((h) => !h.undone)
    .first();
  return newest && newest.at > merge.at ? null : merge;
}

/**
 * Takes back the last merge: the library becomes the backup written before it (through the one
 * write path, in one transaction), after the merged library is itself backed up (so that the
 * undo can be undone from the backups list). The undo steps taken before the merge are kept.
 * Resolves to the merge undone, or null when there is none.
 */
export async function undoMerge(): Promise<MergeUndo | null> {
  const merge = await getMeta(db, 'mergeUndo');
  if (!merge) return null;
  if (merge.backup && !(await listBackups()).some((b) => b.name === merge.backup)) {
    // Pruned by the rotation (or removed by hand): Edit › Undo goes back to the edit steps.
    await db.meta.delete('mergeUndo');
    throw new Error(
      `The backup written before the merge of “${merge.fileName}” is no longer kept (Gloss keeps the last 10 backups and one a day for 30 days), so the merge cannot be undone.`,
    );
  }
  const doc = merge.backup
    ? (await inProjectWorker({ type: 'read', bytes: (await readBackup(merge.backup)).bytes })).doc
    : emptyProject('', await currentAnalyst(db), merge.at);
  await replaceLibraryWith(doc, { keepHistoryBefore: merge.at });
  return merge;
}

/** The backups written before merges, by backup name (for the backups list). */
export async function mergeBackupsByName(): Promise<Map<string, MergeBackup>> {
  const listed = (await getMeta(db, 'mergeBackups')) ?? [];
  return new Map(listed.flatMap((m) => (m.backup ? [[m.backup, m] as const] : [])));
}
