import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MAX_IMPORT_BYTES } from '../../core/importers/limits';
import { MAX_PROJECT_FILE_BYTES } from '../../core/project/limits';
import type { PickedFile, PickPurpose, UnreadFile } from '../../core/bridge';

/** How much one pick may read, so that no pick (a mistaken folder, a crafted one) exhausts memory. */
export interface PickLimits {
  /** Most files one pick returns. */
  maxFiles: number;
  /** Largest single file, in bytes. */
  maxFileBytes: number;
  /** Most bytes of all files of one pick together. */
  maxTotalBytes: number;
  /** Whether folders are walked (articles) or refused (a project is one file). */
  folders: boolean;
}

/** The most files one pick may return. */
export const MAX_PICKED_FILES = 5000;
/** The most bytes the files of one article pick may hold together (about 13 files at the 20 MB limit). */
export const MAX_PICKED_BYTES = 256 * 1024 * 1024;

export const PICK_LIMITS: Readonly<Record<PickPurpose | 'opened', Readonly<PickLimits>>> = {
  articles: {
    maxFiles: MAX_PICKED_FILES,
    maxFileBytes: MAX_IMPORT_BYTES,
    maxTotalBytes: MAX_PICKED_BYTES,
    folders: true,
  },
  project: {
    maxFiles: 1,
    maxFileBytes: MAX_PROJECT_FILE_BYTES,
    maxTotalBytes: MAX_PROJECT_FILE_BYTES,
    folders: false,
  },
  /** Project files the operating system handed over (several at once, from a file manager). */
  opened: {
    maxFiles: 20,
    maxFileBytes: MAX_PROJECT_FILE_BYTES,
    maxTotalBytes: MAX_PROJECT_FILE_BYTES,
    folders: false,
  },
};

/**
 * Folders that stand for a file (a folder named `x.gloss` is a project no Gloss wrote, or a
 * package the system hands over): never walked.
 */
const FILE_LIKE_FOLDER = /\.gloss$/i;

const mb = (n: number): string => `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`;
const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

interface Found {
  path: string;
  name: string;
}

/**
 * Lists the regular files under `paths`: folders walked (sorted, hidden entries skipped) when the
 * limits allow, each real folder once, a folder named like a file never; symbolic-link loops,
 * devices, pipes and sockets are skipped with a note in `unread`.
 */
async function collect(paths: string[], limits: PickLimits, unread: UnreadFile[]): Promise<Found[]> {
  const out: Found[] = [];
  const seenFolders = new Set<string>();
  const walk = async (path: string): Promise<void> => {
    const name = basename(path);
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      const code = errno(err);
      unread.push({
        name,
        reason:
          code === 'ELOOP'
            ? `Skipped “${name}”: it is a symbolic link that loops.`
            : code === 'ENOENT'
              ? `Skipped “${name}”: it no longer exists (or is a link to nothing).`
              : `“${name}” could not be read: ${(err as Error).message}`,
      });
      return;
    }
    if (info.isDirectory()) {
      if (!limits.folders) {
        unread.push({ name, reason: `“${name}” is a folder, not a project file.` });
        return;
      }
      if (FILE_LIKE_FOLDER.test(name)) {
        unread.push({
          name,
          reason: `Skipped “${name}”: it is a folder named like a project file; its contents were not read.`,
        });
        return;
      }
      let real: string;
      try {
        real = await realpath(path);
      } catch (err) {
        unread.push({ name, reason: `“${name}” could not be read: ${(err as Error).message}` });
        return;
      }
      if (seenFolders.has(real)) {
        unread.push({
          name,
          reason: `Skipped “${name}”: a symbolic link leads back to a folder already read.`,
        });
        return;
      }
      seenFolders.add(real);
      let entries: string[];
      try {
        entries = await readdir(path);
      } catch (err) {
        unread.push({ name, reason: `The folder “${name}” could not be read: ${(err as Error).message}` });
        return;
      }
      entries.sort((a, b) => a.localeCompare(b));
      for (const e of entries) {
        if (e.startsWith('.')) continue;
        if (out.length >= limits.maxFiles) return tooMany(join(path, e));
        await walk(join(path, e));
      }
      return;
    }
    if (!info.isFile()) {
      unread.push({
        name,
        reason: `Skipped “${name}”: it is not a regular file (a device, pipe or socket).`,
      });
      return;
    }
    out.push({ path, name });
  };
  let stopped = false;
  const tooMany = (path: string): void => {
    if (stopped) return;
    stopped = true;
    unread.push({
      name: basename(path),
      reason: `Gloss reads at most ${limits.maxFiles.toLocaleString('en')} files at a time: “${basename(path)}” and the files after it were not read.`,
    });
  };
  for (const p of paths) {
    if (stopped) break;
    if (out.length >= limits.maxFiles) tooMany(p);
    else await walk(p);
  }
  return out;
}

/**
 * Reads one regular file, at most `maxBytes` of it. Opened without blocking (a pipe swapped in
 * after the walk cannot hang the read), checked on the open handle, and read to the size seen
 * there, so a file that grows meanwhile cannot push the read past the limit.
 */
async function readBounded(
  path: string,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | { size: number }> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > maxBytes) return { size: info.size };
    const bytes = new Uint8Array(info.size);
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await handle.read(bytes, done, bytes.length - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === bytes.length ? bytes : bytes.subarray(0, done);
  } finally {
    await handle.close();
  }
}

/**
 * Reads the files (and, for articles, the folders) the user picked or the system handed over,
 * within the limits of `purpose` ({@link PICK_LIMITS}). A file over a limit, unreadable or
 * skipped is reported in `unread` with a reason, not thrown, so one bad file does not stop the
 * others.
 */
export async function readPicked(
  paths: string[],
  purpose: PickPurpose | 'opened' = 'articles',
): Promise<{ files: PickedFile[]; unread: UnreadFile[] }> {
  const limits = PICK_LIMITS[purpose];
  const unread: UnreadFile[] = [];
  const found = await collect(paths, limits, unread);
  const files: PickedFile[] = [];
  let total = 0;
  for (const { path, name } of found.slice(0, limits.maxFiles)) {
    try {
      const read = await readBounded(path, Math.min(limits.maxFileBytes, limits.maxTotalBytes - total));
      if (!(read instanceof Uint8Array)) {
        unread.push({
          name,
          reason:
            read.size > limits.maxFileBytes
              ? `“${name}” is ${mb(read.size)}; Gloss ${purpose === 'articles' ? 'imports files' : 'opens project files'} up to ${mb(limits.maxFileBytes)}.`
              : `“${name}” was not read: the files ${purpose === 'articles' ? 'picked' : 'opened'} together pass ${mb(limits.maxTotalBytes)}. ${purpose === 'articles' ? 'Import the rest in another batch.' : 'Open it on its own.'}`,
        });
        continue;
      }
      total += read.byteLength;
      files.push({ name, bytes: read });
    } catch (err) {
      unread.push({ name, reason: `“${name}” could not be read: ${(err as Error).message}` });
    }
  }
  return { files, unread };
}
