import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic as writeAtomic } from '../../core/fs/atomic-write';

export { AtomicWriteError } from '../../core/fs/atomic-write';

/**
 * Writes `bytes` to `target` atomically with the one writer of `core/fs/atomic-write.ts` (the
 * command line uses the same): the target's mode, owner and links are kept, a read-only target
 * is refused, stale temporary files of an interrupted save are removed.
 */
export function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  return writeAtomic({ fs, path, process }, target, bytes);
}
