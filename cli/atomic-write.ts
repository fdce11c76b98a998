import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Bytes written per `write` call: small enough that a crash can land mid-file, large enough to be fast. */
const WRITE_CHUNK = 4 * 1024 * 1024;

/**
 * Writes `data` to `path` atomically: into a temporary file in the same folder (so the rename
 * stays on one file system), flushed to disk (`fsync`), then renamed over `path`. A crash at any
 * moment leaves either the old file or the new one, never a mix; a leftover `.<name>.*.tmp` file
 * is the only trace of an interrupted write. The temporary file is removed if anything fails.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  await writeChunksAtomic(path, [data]);
}

const encoder = new TextEncoder();

/**
 * {@link writeFileAtomic} for content that arrives in pieces (text is written as UTF-8): each
 * piece goes to the temporary file as it comes, so the whole never has to be in memory, and
 * `path` is replaced only once the last piece is on disk. If the pieces fail (an exception from
 * the iterator), nothing is renamed and the temporary file is removed.
 */
export async function writeChunksAtomic(
  path: string,
  chunks: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    for await (const piece of chunks) {
      const data = typeof piece === 'string' ? encoder.encode(piece) : piece;
      for (let offset = 0; offset < data.length; offset += WRITE_CHUNK) {
        const chunk = data.subarray(offset, Math.min(offset + WRITE_CHUNK, data.length));
        let done = 0;
        while (done < chunk.length) done += (await handle.write(chunk, done)).bytesWritten;
      }
    }
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  // Make the rename itself durable; not every platform lets a folder be fsynced.
  try {
    const folder = await open(dir, 'r');
    await folder.sync().catch(() => undefined);
    await folder.close();
  } catch {
    // Best effort only.
  }
}
