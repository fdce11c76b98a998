import { AtomicWriteError } from '../core/fs/atomic-write';
import { ProjectFileError } from '../core/project';
import { CliError } from './command';

/** What the user reads for a file-system error code (`errno`), and the code printed with it. */
const FS_ERRORS: Record<string, { text: string; code: string }> = {
  ENOENT: { text: 'no such file or folder', code: 'not-found' },
  ENOTDIR: { text: 'a part of the path is not a folder', code: 'not-found' },
  EISDIR: { text: 'is a folder, not a file', code: 'not-a-file' },
  EACCES: { text: 'permission denied', code: 'permission-denied' },
  EPERM: { text: 'operation not permitted', code: 'permission-denied' },
  ENOSPC: { text: 'the disk is full; free some space and try again', code: 'no-space' },
  EDQUOT: { text: 'your disk quota is used up', code: 'no-space' },
  EROFS: { text: 'the disk is read-only', code: 'read-only-disk' },
  ELOOP: { text: 'a symbolic link loops', code: 'link-loop' },
  EMFILE: { text: 'too many files are open; try again with fewer', code: 'too-many-open-files' },
  ENAMETOOLONG: { text: 'the name is too long', code: 'name-too-long' },
  EIO: { text: 'the disk could not be read or written (input/output error)', code: 'io' },
  EBUSY: { text: 'the file is in use by another program', code: 'busy' },
};

/** One line: newlines and the spaces around them become a single space. */
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

/**
 * The one line `gloss <command>` prints for any failure, ending with a code in brackets, and
 * the exit code. Nothing ever reaches the user as a stack trace: an error Gloss did not foresee
 * is reported as `[internal]` with its message (set `GLOSS_DEBUG=1` to see the stack as well).
 */
export function describeFailure(err: unknown): { line: string; exitCode: number } {
  if (err instanceof CliError) {
    // A usage mistake carries the usage after the code: `… [usage] (usage: gloss merge …)`.
    const [message = '', usage] = err.message.split(/\n\s*usage: /);
    const line = `${oneLine(message)} [${err.code}]${usage ? ` (usage: ${oneLine(usage)})` : ''}`;
    return { line, exitCode: err.exitCode };
  }
  if (err instanceof AtomicWriteError || err instanceof ProjectFileError) {
    return { line: `${oneLine(err.message)} [${err.code}]`, exitCode: 1 };
  }
  const errno = (err as { code?: unknown } | null)?.code;
  if (typeof errno === 'string' && Object.hasOwn(FS_ERRORS, errno)) {
    const known = FS_ERRORS[errno]!;
    const path = (err as { path?: unknown }).path;
    return {
      line: `${typeof path === 'string' ? `${path}: ` : ''}${known.text} [${known.code}]`,
      exitCode: 1,
    };
  }
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return {
      line: 'the input is nested too deeply to be processed; nothing was written [too-deep]',
      exitCode: 1,
    };
  }
  const message = err instanceof Error ? err.message || err.name : String(err);
  return { line: `unexpected error: ${oneLine(message)}; nothing was written [internal]`, exitCode: 1 };
}
