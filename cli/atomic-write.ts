import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic as writeAtomic } from '../core/fs/atomic-write';

export { AtomicWriteError } from '../core/fs/atomic-write';

/**
 * Writes `data` to `path` atomically with the one writer of `core/fs/atomic-write.ts` (the app's
 * main process uses the same): a temporary file in the same folder, flushed, renamed over the
 * target; mode, owner and symbolic links kept; a read-only target refused.
 */
export function writeFileAtomic(target: string, data: Uint8Array): Promise<void> {
  return writeAtomic({ fs, path, process }, target, data);
}

/**
 * {@link writeFileAtomic} for content that arrives in pieces (text is written as UTF-8): each
 * piece goes to the temporary file as it comes, so the whole never has to be in memory, and
 * `target` is replaced only once the last piece is on disk (the same one writer).
 */
export function writeChunksAtomic(
  target: string,
  chunks: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
): Promise<void> {
  return writeAtomic({ fs, path, process }, target, chunks);
}
