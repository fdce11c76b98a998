import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { beginAtomicWrite, type AtomicWrite } from '../../core/fs/atomic-write';

/** Saves open at once (an export each); more is a renderer gone wrong. */
const MAX_OPEN = 8;

/**
 * Files written in pieces through the one atomic writer (`core/fs/atomic-write.ts`, the same as
 * every other save of the app and the command line): the target's mode, owner and symbolic link
 * are kept, a read-only target is refused at `begin`, stale temporary files of an interrupted
 * save are removed. `end(id, true)` renames the finished file over the target, `end(id, false)`
 * (a cancelled or failed export) removes it, leaving the target as it was. The renderer holds
 * only the random id of an open save, never its path.
 */
export class StreamedSaves {
  private readonly open = new Map<string, AtomicWrite>();

  /** Begins an atomic write of `target` and returns the id that names it. */
  async begin(target: string): Promise<string> {
    if (this.open.size >= MAX_OPEN) throw new Error(`more than ${MAX_OPEN} files are being saved at once`);
    const file = await beginAtomicWrite({ fs, path, process }, target);
    const id = randomUUID();
    this.open.set(id, file);
    return id;
  }

  private get(id: string): AtomicWrite {
    const file = this.open.get(id);
    if (!file) throw new Error('no file is being saved under this id (it was finished or never begun)');
    return file;
  }

  /** Appends `bytes` to the open save `id`; a failure drops the save. */
  async write(id: string, bytes: Uint8Array): Promise<void> {
    const file = this.get(id);
    try {
      await file.write(bytes);
    } catch (err) {
      this.open.delete(id);
      throw err;
    }
  }

  /** Finishes the save `id`: keeps it in place of the target (`commit`) or drops it. */
  async end(id: string, commit: boolean): Promise<{ name?: string; size: number }> {
    const file = this.get(id);
    this.open.delete(id);
    if (!commit) {
      await file.abort();
      return { size: file.size };
    }
    await file.commit();
    return { name: file.name, size: file.size };
  }

  /** Drops every open save (the window that began them is gone). */
  async abortAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.end(id, false)));
  }
}
