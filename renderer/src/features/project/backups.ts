import type { BackupInfo } from '../../../../core/bridge';
import type { ProjectDocument } from '../../../../core/project';
import { currentAnalyst } from '../../db/annotations';
import { db } from '../../db';
import { onStoreChange, touches, type FeedTable } from '../../db/changes';
import { replaceStore, storeIsEmpty } from '../../db/project-data';
import { hasBridge, listBackups, readBackup, writeBackup } from '../../platform/gloss';
import { inProjectWorker } from './project-worker';

/** How often a changed library is backed up. */
export const BACKUP_INTERVAL_MS = 10 * 60 * 1000;

let changed = false;

/** The tables a backup holds (the undo history and the search index are not part of it). */
const BACKED_UP: FeedTable[] = ['articles', 'bodies', 'annotations', 'sourceGrades', 'tags', 'sets'];

/** Notes that the library changed since the last backup. */
export function markBackupNeeded(): void {
  changed = true;
}

/** Whether the library changed since the last backup. */
export const backupNeeded = (): boolean => changed;

/**
 * Watches the database for changes and backs it up every {@link BACKUP_INTERVAL_MS} when
 * something changed. Returns the function that stops it.
 */
export function startBackups(onError: (message: string) => void): () => void {
  if (!hasBridge()) return () => undefined;
  const stopWatching = onStoreChange(db, (change) => {
    if (touches(change, BACKED_UP)) changed = true;
  });
  const timer = setInterval(() => {
    if (!changed) return;
    backUpNow().catch((err: Error) => onError(err.message));
  }, BACKUP_INTERVAL_MS);
  return () => {
    clearInterval(timer);
    stopWatching();
  };
}

/**
 * Writes a backup of the whole library now, read and compressed in the project worker so that
 * the window stays responsive. An empty library is not backed up (such a backup would only push
 * a real one out of the rotation): resolves to null then.
 */
export async function backUpNow(): Promise<BackupInfo | null> {
  changed = false;
  try {
    const { bytes, summary, empty } = await inProjectWorker({
      type: 'save',
      dbName: db.name,
      analyst: await currentAnalyst(db),
      savedAt: new Date().toISOString(),
    });
    if (empty) return null;
    return await writeBackup({ bytes, ...summary.counts });
  } catch (err) {
    changed = true;
    throw new Error(`The backup could not be written: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Replaces the library with `doc` (a backup read back), in one transaction, after backing up the
 * library as it is (unless empty), so that a restore can itself be undone by restoring again.
 */
export async function replaceLibraryWith(
  doc: ProjectDocument,
  options: { keepHistoryBefore?: string } = {},
): Promise<void> {
  if (!(await storeIsEmpty(db))) await backUpNow();
  await replaceStore(db, doc, options);
  changed = false;
}

/** Replaces the library with a backup (see {@link replaceLibraryWith}). */
export async function restoreBackup(info: BackupInfo): Promise<void> {
  const file = await readBackup(info.name);
  const { doc } = await inProjectWorker({ type: 'read', bytes: file.bytes });
  await replaceLibraryWith(doc);
}

/** The newest backup, when the library is empty at start-up and backups exist. */
export async function backupToOffer(): Promise<BackupInfo | null> {
  if (!hasBridge() || !(await storeIsEmpty(db))) return null;
  const all = await listBackups();
  return all[0] ?? null;
}
