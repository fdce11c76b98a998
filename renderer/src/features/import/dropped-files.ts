import { isSavedPageFolder, MAX_IMPORT_BYTES, savedPageFolderReason } from '../../../../core/importers';
import { escapeControls } from '../../../../core/text/escape-controls';

/** The most files one drop may bring in, as for a picked folder. */
export const MAX_DROPPED_FILES = 5000;

/** What a drop yields before it is read: files, and entries that could not be read, with why. */
export interface DroppedFiles {
  files: File[];
  /** `skipped` marks what was left out on purpose (a saved page's companion folder). */
  unread: { name: string; reason: string; skipped?: boolean }[];
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
  if (out.files.length >= MAX_DROPPED_FILES || entry.name.startsWith('.')) return;
  try {
    if (entry.isFile) {
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
    const out: DroppedFiles = { files: [...loose], unread: [] };
    for (const entry of entries) await walk(entry, out);
    return out;
  })();
}

/** Reads dropped files into import inputs; files over the import limit are refused unread. */
export async function readDropped(dropped: DroppedFiles): Promise<{
  inputs: { name: string; bytes: Uint8Array }[];
  unread: DroppedFiles['unread'];
}> {
  const inputs: { name: string; bytes: Uint8Array }[] = [];
  const unread = [...dropped.unread];
  for (const f of dropped.files) {
    if (f.size > MAX_IMPORT_BYTES) {
      unread.push({
        name: f.name,
        reason: `“${escapeControls(f.name)}” is ${(f.size / 1048576).toFixed(1)} MB; Gloss imports files up to ${MAX_IMPORT_BYTES / 1048576} MB.`,
      });
      continue;
    }
    try {
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
