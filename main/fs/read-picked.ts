import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MAX_IMPORT_BYTES } from '../../core/importers/limits';
import { isSavedPageFolder, savedPageFolderReason } from '../../core/importers/not-article';
import { escapeControls } from '../../core/text/escape-controls';
import type { PickedFile, UnreadFile } from '../../core/bridge';

/** The most files one pick may return, so a mistaken pick of a huge folder cannot exhaust memory. */
export const MAX_PICKED_FILES = 5000;

async function walk(path: string, out: string[], skipped: UnreadFile[]): Promise<void> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    out.push(path);
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const names = entries.map((e) => e.name);
  for (const e of entries) {
    if (out.length >= MAX_PICKED_FILES) return;
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory() && isSavedPageFolder(e.name, names)) {
      skipped.push({ name: e.name, reason: savedPageFolderReason(e.name), skipped: true });
      continue;
    }
    await walk(join(path, e.name), out, skipped);
  }
}

/**
 * Reads the files (and, recursively, the folders) the user picked. Files over the import limit
 * or unreadable are reported in `unread` with a reason, not thrown, so one bad file does not
 * stop the others; a saved web page's companion folder (`Page_files` beside `Page.html`) is not
 * read at all and is reported once, as skipped.
 */
export async function readPicked(paths: string[]): Promise<{ files: PickedFile[]; unread: UnreadFile[] }> {
  const all: string[] = [];
  const unread: UnreadFile[] = [];
  for (const p of paths) await walk(p, all, unread);
  const files: PickedFile[] = [];
  for (const path of all.slice(0, MAX_PICKED_FILES)) {
    const name = basename(path);
    try {
      const { size } = await stat(path);
      if (size > MAX_IMPORT_BYTES) {
        unread.push({
          name,
          reason: `“${escapeControls(name)}” is ${(size / 1048576).toFixed(1)} MB; Gloss imports files up to ${MAX_IMPORT_BYTES / 1048576} MB.`,
        });
        continue;
      }
      const buf = await readFile(path);
      files.push({ name, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) });
    } catch (err) {
      unread.push({
        name,
        reason: escapeControls(`“${name}” could not be read: ${(err as Error).message}`),
      });
    }
  }
  return { files, unread };
}
