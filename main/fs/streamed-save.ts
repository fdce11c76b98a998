import { randomBytes, randomUUID } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

interface OpenSave {
  target: string;
  temp: string;
  handle: FileHandle;
  size: number;
}

/** Saves open at once (an export each); more is a renderer gone wrong. */
const MAX_OPEN = 8;

/**
 * Files written in pieces, each as atomically as {@link writeFileAtomic}: the pieces go to a
 * temporary file beside the target; `end(id, true)` flushes it and renames it over the target,
 * `end(id, false)` (a cancelled or failed export) removes it, leaving the target as it was.
 * The renderer holds only the random id of an open save, never its path.
 */
export class StreamedSaves {
  private readonly open = new Map<string, OpenSave>();

  /** Opens a temporary file for `target` and returns the id that names it. */
  async begin(target: string): Promise<string> {
    if (this.open.size >= MAX_OPEN) throw new Error(`more than ${MAX_OPEN} files are being saved at once`);
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o644);
    const id = randomUUID();
    this.open.set(id, { target, temp, handle, size: 0 });
    return id;
  }

  private get(id: string): OpenSave {
    const save = this.open.get(id);
    if (!save) throw new Error('no file is being saved under this id (it was finished or never begun)');
    return save;
  }

  /** Appends `bytes` to the open save `id`. */
  async write(id: string, bytes: Uint8Array): Promise<void> {
    const save = this.get(id);
    let done = 0;
    try {
      while (done < bytes.length) done += (await save.handle.write(bytes, done)).bytesWritten;
    } catch (err) {
      await this.end(id, false);
      throw err;
    }
    save.size += bytes.length;
  }

  /** Finishes the save `id`: keeps it in place of the target (`commit`) or drops it. */
  async end(id: string, commit: boolean): Promise<{ name?: string; size: number }> {
    const save = this.get(id);
    this.open.delete(id);
    const drop = async () => {
      await save.handle.close().catch(() => undefined);
      await unlink(save.temp).catch(() => undefined);
    };
    if (!commit) {
      await drop();
      return { size: save.size };
    }
    try {
      await save.handle.sync();
      await save.handle.close();
      await rename(save.temp, save.target);
    } catch (err) {
      await drop();
      throw err;
    }
    return { name: basename(save.target), size: save.size };
  }

  /** Drops every open save (the window that began them is gone). */
  async abortAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.end(id, false)));
  }
}
