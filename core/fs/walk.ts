/**
 * Lists the files under the paths a user picked (the app's Import and the command line's
 * `gloss import` alike). It runs on Node, but `core/` must not import Node: the caller hands in
 * `node:fs/promises` and `node:path` (see `main/fs/read-picked.ts`, `cli/commands/import.ts`).
 */

import { isSavedPageFolder, savedPageFolderReason } from '../importers/not-article';
import { escapeControls } from '../text/escape-controls';
import { batchFilesReason } from '../importers/limits';

/** The part of `node:fs/promises` the walk uses. */
export interface WalkFileSystem {
  stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean }>;
  realpath(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
}

/** Node's modules, injected: `{ fs: await import('node:fs/promises'), path }`. */
export interface WalkHost {
  fs: WalkFileSystem;
  path: { join(...parts: string[]): string; basename(path: string): string };
}

export interface WalkOptions {
  /** Whether folders are walked; when not, a folder is skipped (a project is one file). */
  folders: boolean;
  /** Most files listed; past it, one skip says where the listing stopped. */
  maxFiles: number;
}

/** Why a path was left out of the listing. */
export type SkipKind =
  | 'missing'
  | 'link-loop'
  | 'unreadable'
  | 'folder'
  | 'file-like-folder'
  | 'seen'
  | 'special'
  | 'saved-page-folder'
  | 'too-many';

export interface SkippedPath {
  path: string;
  name: string;
  kind: SkipKind;
  /** One sentence for the user, naming the file. */
  reason: string;
}

export interface WalkResult {
  files: { path: string; name: string }[];
  skipped: SkippedPath[];
}

/**
 * Folders that stand for a file (a folder named `x.gloss` is a project no Gloss wrote, or a
 * package the system hands over): never walked.
 */
const FILE_LIKE_FOLDER = /\.gloss$/i;

const errnoOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined;

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Lists the regular files under `paths`, in order: folders (when allowed) walked sorted by name
 * with hidden entries left out, each real folder once however many links lead to it, a folder
 * named like a project file never, a saved web page's companion folder (`Page_files` beside
 * `Page.html`) never; symbolic-link loops, missing paths, devices, pipes and sockets
 * are skipped with a reason; past `maxFiles` the listing stops with a note. Nothing is thrown
 * for a path: one bad path never stops the others.
 */
export async function listPickedFiles(
  host: WalkHost,
  paths: readonly string[],
  options: WalkOptions,
): Promise<WalkResult> {
  const { fs, path } = host;
  const files: WalkResult['files'] = [];
  const skipped: SkippedPath[] = [];
  const seenFolders = new Set<string>();
  let stopped = false;
  const skip = (p: string, kind: SkipKind, reason: (name: string) => string): void => {
    const name = path.basename(p);
    skipped.push({ path: p, name, kind, reason: escapeControls(reason(name)) });
  };
  const tooMany = (p: string): void => {
    if (stopped) return;
    stopped = true;
    skip(p, 'too-many', (n) => batchFilesReason(n, options.maxFiles));
  };

  const walk = async (p: string, siblings: readonly string[] = []): Promise<void> => {
    let info;
    try {
      info = await fs.stat(p);
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'ELOOP') skip(p, 'link-loop', (n) => `Skipped “${n}”: it is a symbolic link that loops.`);
      else if (code === 'ENOENT')
        skip(p, 'missing', (n) => `Skipped “${n}”: it does not exist (or is a link to nothing).`);
      else skip(p, 'unreadable', (n) => `“${n}” could not be read: ${messageOf(err)}`);
      return;
    }
    if (info.isDirectory()) {
      if (!options.folders) return skip(p, 'folder', (n) => `“${n}” is a folder, not a project file.`);
      if (isSavedPageFolder(path.basename(p), siblings)) {
        return skip(p, 'saved-page-folder', (n) => savedPageFolderReason(n));
      }
      if (FILE_LIKE_FOLDER.test(path.basename(p))) {
        return skip(
          p,
          'file-like-folder',
          (n) => `Skipped “${n}”: it is a folder named like a project file; its contents were not read.`,
        );
      }
      let real: string;
      let entries: string[];
      try {
        real = await fs.realpath(p);
        if (seenFolders.has(real)) {
          return skip(
            p,
            'seen',
            (n) => `Skipped “${n}”: a symbolic link leads back to a folder already read.`,
          );
        }
        seenFolders.add(real);
        entries = await fs.readdir(p);
      } catch (err) {
        return skip(p, 'unreadable', (n) => `The folder “${n}” could not be read: ${messageOf(err)}`);
      }
      entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const e of entries) {
        if (stopped) return;
        if (e.startsWith('.')) continue;
        if (files.length >= options.maxFiles) return tooMany(path.join(p, e));
        await walk(path.join(p, e), entries);
      }
      return;
    }
    if (!info.isFile()) {
      return skip(
        p,
        'special',
        (n) => `Skipped “${n}”: it is not a regular file (a device, pipe or socket).`,
      );
    }
    files.push({ path: p, name: path.basename(p) });
  };

  for (const p of paths) {
    if (stopped) break;
    if (files.length >= options.maxFiles) tooMany(p);
    else await walk(p);
  }
  return { files, skipped };
}
