import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { listPickedFiles } from '../../core/fs/walk';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_FILES,
  MAX_IMPORT_BYTES,
  batchBytesReason,
} from '../../core/importers/limits';
import { MAX_PROJECT_FILE_BYTES } from '../../core/project/limits';
import { escapeControls } from '../../core/text/escape-controls';
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

/** The most files one pick may return: the bound of every batch of articles, drops included. */
export const MAX_PICKED_FILES = MAX_BATCH_FILES;
/** The most bytes the files of one article pick may hold together (the same bound as a drop). */
export const MAX_PICKED_BYTES = MAX_BATCH_BYTES;

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

const mb = (n: number): string => `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`;

/**
 * Reads one regular file, at most `maxBytes` of it. Opened without blocking (a pipe swapped in
 * after the walk cannot hang the read), checked on the open handle, and read to the size seen
 * there, so a file that grows meanwhile cannot push the read past the limit.
 */
async function readBounded(
  file: string,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | { size: number }> {
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
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
  const listed = await listPickedFiles({ fs, path }, paths, limits);
  // A saved page's companion folder is skipped on purpose (the page itself is read), not a failure.
  const unread: UnreadFile[] = listed.skipped.map(({ name, reason, kind }) =>
    kind === 'saved-page-folder' ? { name, reason, skipped: true } : { name, reason },
  );
  const found = listed.files;
  const files: PickedFile[] = [];
  let total = 0;
  for (const { path: file, name } of found) {
    try {
      const read = await readBounded(file, Math.min(limits.maxFileBytes, limits.maxTotalBytes - total));
      if (!(read instanceof Uint8Array)) {
        unread.push({
          name,
          reason: escapeControls(
            read.size > limits.maxFileBytes
              ? `“${name}” is ${mb(read.size)}; Gloss ${purpose === 'articles' ? 'imports files' : 'opens project files'} up to ${mb(limits.maxFileBytes)}.`
              : purpose === 'articles'
                ? batchBytesReason(name, 'picked', limits.maxTotalBytes)
                : `“${name}” was not read: the files opened together pass ${mb(limits.maxTotalBytes)}. Open it on its own.`,
          ),
        });
        continue;
      }
      total += read.byteLength;
      files.push({ name, bytes: read });
    } catch (err) {
      unread.push({ name, reason: escapeControls(`“${name}” could not be read: ${(err as Error).message}`) });
    }
  }
  return { files, unread };
}
