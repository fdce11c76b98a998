import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BACKUP_NAME_PATTERN,
  MAX_BACKUP_BYTES,
  type BackupFile,
  type BackupInfo,
  type WriteBackupArgs,
} from '../../core/bridge';
import { writeFileAtomic } from './atomic-write';

/** How many of the newest backups are always kept. */
export const KEEP_LATEST = 10;
/** For how many days back the newest backup of each day is kept as well. */
export const KEEP_DAILY_DAYS = 30;

/** The file name of a backup written at `at` holding these counts. */
export function backupName(at: Date, articles: number, annotations: number): string {
  const stamp = at.toISOString().replace(/:/g, '-').replace('.', '-');
  return `gloss-backup-${stamp}-a${articles}-n${annotations}.gloss`;
}

/** What a backup's name says about it (null when the name is not a backup's). */
export function parseBackupName(name: string): Omit<BackupInfo, 'size'> | null {
  const m = BACKUP_NAME_PATTERN.exec(name);
  if (!m) return null;
  const [, day, h, min, s, ms, a, n] = m;
  const createdAt = `${day}T${h}:${min}:${s}.${ms}Z`;
  if (Number.isNaN(Date.parse(createdAt))) return null;
  return { name, createdAt, articles: Number(a), annotations: Number(n) };
}

/** The backups in `dir`, newest first (an absent folder has none). */
export async function listBackups(dir: string): Promise<BackupInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: BackupInfo[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    try {
      out.push({ ...parsed, size: (await stat(join(dir, name))).size });
    } catch {
      // Removed while listing (another prune): not a backup any more.
    }
  }
  return out.sort((x, y) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : 0));
}

/**
 * Which backups to delete: all but the newest {@link KEEP_LATEST} and, for each of the last
 * {@link KEEP_DAILY_DAYS} days, the newest of that day. `backups` is newest first.
 */
export function backupsToPrune(backups: readonly BackupInfo[], now: Date): BackupInfo[] {
  const keep = new Set(backups.slice(0, KEEP_LATEST).map((b) => b.name));
  const oldestDay = new Date(now.getTime() - KEEP_DAILY_DAYS * 86_400_000).toISOString().slice(0, 10);
  const days = new Set<string>();
  for (const b of backups) {
    const day = b.createdAt.slice(0, 10);
    if (day < oldestDay || days.has(day)) continue;
    days.add(day);
    keep.add(b.name);
  }
  return backups.filter((b) => !keep.has(b.name));
}

/** Writes a backup atomically into `dir` (made if missing), then prunes old ones. */
export async function writeBackup(dir: string, args: WriteBackupArgs, now = new Date()): Promise<BackupInfo> {
  await mkdir(dir, { recursive: true });
  const name = backupName(now, args.articles, args.annotations);
  await writeFileAtomic(join(dir, name), args.bytes);
  const all = await listBackups(dir);
  for (const old of backupsToPrune(all, now)) await unlink(join(dir, old.name)).catch(() => undefined);
  return {
    name,
    createdAt: now.toISOString(),
    size: args.bytes.byteLength,
    articles: args.articles,
    annotations: args.annotations,
  };
}

/** Reads one backup by its name (never a path: the name must be a backup's). */
export async function readBackup(dir: string, name: string): Promise<BackupFile> {
  if (!parseBackupName(name)) throw new Error(`“${name}” is not the name of a Gloss backup.`);
  const info = await stat(join(dir, name));
  // Gloss never writes a larger one: a file that is has been put there by someone else.
  if (!info.isFile() || info.size > MAX_BACKUP_BYTES) {
    throw new Error(`“${name}” is not a backup Gloss wrote (it is larger than any backup can be).`);
  }
  const buf = await readFile(join(dir, name));
  return { name, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}
