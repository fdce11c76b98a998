import {
  batchBytesReason,
  batchFilesReason,
  isSavedPageFolder,
  MAX_BATCH_BYTES,
  MAX_BATCH_FILES,
  MAX_IMPORT_BYTES,
  savedPageFolderReason,
} from '../../../../core/importers';
import { escapeControls } from '../../../../core/text/escape-controls';

/** The most files one drop may bring in: the bound of a picked folder (`core/importers/limits.ts`). */
export const MAX_DROPPED_FILES = MAX_BATCH_FILES;
/** The most bytes the files of one drop may hold together, as for a pick. */
export const MAX_DROPPED_BYTES = MAX_BATCH_BYTES;

/** What a drop yields before it is read: files, and entries that could not be read, with why. */
export interface DroppedFiles {
  files: File[];
  /** `skipped` marks what was left out on purpose (a saved page's companion folder). */
  unread: { name: string; reason: string; skipped?: boolean }[];
  /** Set once the drop passed {@link MAX_DROPPED_FILES}: the rest was reported, not read. */
  full?: boolean;
}

/** Notes, once, that `name` and what follows it are past the file bound. */
function stopAt(name: string, out: DroppedFiles): void {
  if (out.full) return;
  out.full = true;
  out.unread.push({ name, reason: escapeControls(batchFilesReason(name, MAX_DROPPED_FILES)) });
}

const fileOf = (entry: FileSystemFileEntry): Promise<File> =>
  new Promise((resolve, reject) => entry.file(resolve, reject));

/** All entries of a folder: `readEntries` hands them out in batches until it returns none. */
async function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, out: DroppedFiles): Promise<void> {
  if (out.full || entry.name.startsWith('.')) return;
  try {
    if (entry.isFile) {
      if (out.files.length >= MAX_DROPPED_FILES) return stopAt(entry.name, out);
      out.files.push(await fileOf(entry as FileSystemFileEntry));
    } else if (entry.isDirectory) {
      const children = await entriesOf(entry as FileSystemDirectoryEntry);
      children.sort((a, b) => a.name.localeCompare(b.name));
      const names = children.map((c) => c.name);
      for (const child of children) {
        if (child.isDirectory && isSavedPageFolder(child.name, names)) {
          out.unread.push({ name: child.name, reason: savedPageFolderReason(child.name), skipped: true });
        } else await walk(child, out);
      }
    }
  } catch (err) {
    out.unread.push({
      name: entry.name,
      reason: escapeControls(
        `“${entry.name}” could not be read: ${err instanceof Error ? err.message : String(err)}`,
      ),
    });
  }
}

/**
 * The files of a drop, with dropped folders read recursively (hidden files skipped, in name
 * order). Must be called while the drop event is being handled: the browser empties
 * `dataTransfer` once the handler returns, so the entries are taken synchronously first.
 */
export function droppedFiles(data: DataTransfer): Promise<DroppedFiles> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.() ?? null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(data.files));
  return (async () => {
    const out: DroppedFiles = { files: loose.slice(0, MAX_DROPPED_FILES), unread: [] };
    const over = loose[MAX_DROPPED_FILES];
    if (over) stopAt(over.name, out);
    for (const entry of entries) await walk(entry, out);
    return out;
  })();
}

/**
 * Reads dropped files into import inputs, within the bounds of a pick: a file over the import
 * limit, or one that would take the drop past {@link MAX_DROPPED_BYTES} together, is reported
 * by name, unread (the files after it that still fit are read).
 */
export async function readDropped(dropped: DroppedFiles): Promise<{
  inputs: { name: string; bytes: Uint8Array }[];
  unread: DroppedFiles['unread'];
}> {
  const inputs: { name: string; bytes: Uint8Array }[] = [];
  const unread = [...dropped.unread];
  let total = 0;
  // Files handed over as a list (not walked by droppedFiles) meet the count bound here.
  const over = dropped.files[MAX_DROPPED_FILES];
  if (over && !dropped.full) {
    unread.push({ name: over.name, reason: escapeControls(batchFilesReason(over.name, MAX_DROPPED_FILES)) });
  }
  for (const f of dropped.files.slice(0, MAX_DROPPED_FILES)) {
    if (f.size > MAX_IMPORT_BYTES) {
      unread.push({
        name: f.name,
        reason: `“${escapeControls(f.name)}” is ${(f.size / 1048576).toFixed(1)} MB; Gloss imports files up to ${MAX_IMPORT_BYTES / 1048576} MB.`,
      });
      continue;
    }
    if (total + f.size > MAX_DROPPED_BYTES) {
      unread.push({
        name: f.name,
        reason: escapeControls(batchBytesReason(f.name, 'dropped', MAX_DROPPED_BYTES)),
      });
      continue;
    }
    try {
      // A File's size is fixed when it is handed over; reading it yields that many bytes or fails.
      total += f.size;
      inputs.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
    } catch (err) {
      unread.push({
        name: f.name,
        reason: escapeControls(`“${f.name}” could not be read: ${(err as Error).message}`),
      });
    }
  }
  return { inputs, unread };
}
