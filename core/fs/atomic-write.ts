/**
 * The one atomic file writer of Gloss, for the app's main process and the command line alike.
 * It runs on Node, but `core/` must not import Node: the caller hands in `node:fs/promises`,
 * `node:path` and `process` (see `main/fs/atomic-write.ts`, `cli/atomic-write.ts`).
 */

/** What the writer needs to know of a file: Node's `Stats` satisfies it. */
export interface AtomicFileInfo {
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** The part of a Node `FileHandle` the writer uses. */
export interface AtomicFileHandle {
  write(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<{ bytesWritten: number }>;
  chmod(mode: number): Promise<void>;
  chown(uid: number, gid: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The part of `node:fs/promises` the writer uses. */
export interface AtomicFileSystem {
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<AtomicFileInfo>;
  lstat(path: string): Promise<AtomicFileInfo>;
  readlink(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  open(path: string, flags: string, mode?: number): Promise<AtomicFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

/** The part of `node:path` the writer uses. */
export interface AtomicPath {
  dirname(path: string): string;
  basename(path: string): string;
  join(...parts: string[]): string;
  resolve(...parts: string[]): string;
}

/** The part of Node's `process` the writer uses. */
export interface AtomicProcess {
  readonly pid: number;
  readonly platform: string;
  kill(pid: number, signal?: string | number): true;
}

/** Node's modules, injected: `{ fs: await import('node:fs/promises'), path, process }`. */
export interface AtomicWriteHost {
  fs: AtomicFileSystem;
  path: AtomicPath;
  process: AtomicProcess;
}

/** Why a write was refused or failed; each code comes with a message that says what to do. */
export type AtomicWriteErrorCode =
  | 'read-only'
  | 'read-only-folder'
  | 'read-only-disk'
  | 'no-space'
  | 'permission-denied'
  | 'no-folder'
  | 'not-a-file'
  | 'link-loop'
  | 'io';

/** A write that did not happen; the target is as it was. */
export class AtomicWriteError extends Error {
  override readonly name = 'AtomicWriteError';
  constructor(
    readonly code: AtomicWriteErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Bytes per `write` call: small enough that a crash can land mid-file, large enough to be fast. */
const WRITE_CHUNK = 4 * 1024 * 1024;
/** Symbolic links followed before the target counts as a loop (Linux's own limit). */
const MAX_LINK_HOPS = 40;
/** A temporary file of this writer older than this is stale even if its process id is in use again. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Temporary files this process is writing right now: never stale. */
const inFlight = new Set<string>();

const errnoOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined;

function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The name of this writer's temporary file for `name`: `.<name>.<pid>.<8 hex>.tmp`. */
export function tempFileName(name: string, pid: number): string {
  return `.${name}.${pid}.${randomHex(4)}.tmp`;
}

/**
 * The file a write to `target` must replace: the target itself, or, when it is a symbolic link
 * (or a chain of them, possibly dangling), the file it finally points to, so that the link stays
 * a link and the real file gets the new bytes.
 */
async function resolveTarget(host: AtomicWriteHost, target: string): Promise<string> {
  const { fs, path } = host;
  let current = path.resolve(target);
  for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
    try {
      return await fs.realpath(current);
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'ELOOP') break;
      if (code !== 'ENOENT') throw err;
    }
    // The path does not resolve: a new file, or a link to a file that does not exist yet.
    let info: AtomicFileInfo;
    try {
      info = await fs.lstat(current);
    } catch (err) {
      if (errnoOf(err) !== 'ENOENT') throw err;
      return current;
    }
    if (!info.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), await fs.readlink(current));
  }
  throw new AtomicWriteError(
    'link-loop',
    `“${path.basename(target)}” is a symbolic link that loops; nothing was written. Save under another name.`,
  );
}

function isProcessAlive(proc: AtomicProcess, pid: number): boolean {
  try {
    proc.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoOf(err) === 'EPERM'; // it exists, it is merely someone else's
  }
}

/**
 * Removes the temporary files an interrupted save of `name` left in `dir`: those of a process
 * that is gone, of this process but no longer being written, or older than a day. Best effort:
 * a file that cannot be removed stays, and the save goes on.
 */
async function removeStaleTemps(host: AtomicWriteHost, dir: string, name: string): Promise<void> {
  const { fs, path, process: proc } = host;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  const ours = new RegExp(`^\\.${escapeRegExp(name)}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  for (const candidate of names) {
    const m = ours.exec(candidate);
    if (!m) continue;
    const full = path.join(dir, candidate);
    const pid = Number(m[1]);
    let stale = pid === proc.pid ? !inFlight.has(full) : !isProcessAlive(proc, pid);
    if (!stale) {
      try {
        stale = Date.now() - (await fs.lstat(full)).mtimeMs > STALE_AFTER_MS;
      } catch {
        continue;
      }
    }
    if (stale) await fs.unlink(full).catch(() => undefined);
  }
}

/** Turns a file-system failure into an {@link AtomicWriteError} whose message says what to do. */
function explain(err: unknown, shown: string, folder: string): AtomicWriteError {
  if (err instanceof AtomicWriteError) return err;
  const code = errnoOf(err);
  const unchanged = `“${shown}” was not saved`;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AtomicWriteError(
        'no-space',
        `The disk is full: ${unchanged}. Free some space, or save to another disk.`,
        err,
      );
    case 'EROFS':
      return new AtomicWriteError(
        'read-only-disk',
        `The disk holding “${shown}” is read-only: ${unchanged}. Save to another disk.`,
        err,
      );
    case 'EACCES':
    case 'EPERM':
      return new AtomicWriteError(
        'permission-denied',
        `You may not write in “${folder}”: ${unchanged}. Save to a folder of your own.`,
        err,
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new AtomicWriteError(
        'no-folder',
        `The folder “${folder}” does not exist: ${unchanged}. Choose an existing folder.`,
        err,
      );
    case 'EISDIR':
      return new AtomicWriteError('not-a-file', `“${shown}” is a folder, not a file: nothing was written.`);
    default:
      return new AtomicWriteError(
        'io',
        `Could not save “${shown}” (${err instanceof Error ? err.message : String(err)}); the file on disk is as it was.`,
        err,
      );
  }
}

/** Text pieces are written as UTF-8. */
const utf8 = new TextEncoder();

/**
 * A file being written atomically, piece by piece: nothing is visible at the target until
 * {@link AtomicWrite.commit}; {@link AtomicWrite.abort} (or any failure) removes the temporary
 * file and leaves the target as it was.
 */
export interface AtomicWrite {
  /** The name the user chose (the link's, when the target is a symbolic link). */
  readonly name: string;
  /** Bytes written so far. */
  readonly size: number;
  /** Appends a piece (text as UTF-8). A failure aborts the write and throws an {@link AtomicWriteError}. */
  write(piece: Uint8Array | string): Promise<void>;
  /** Flushes the temporary file, gives it the old file's mode and owner, renames it over the target. */
  commit(): Promise<void>;
  /** Drops the temporary file; the target stays as it was. Safe to call more than once. */
  abort(): Promise<void>;
}

/**
 * Begins an atomic write of `target`, so that a reader sees either the old file or the whole new
 * one, and nothing about the file changes but its bytes:
 *
 * - a symbolic link is followed to the real file, which is replaced (the link stays a link);
 * - the new file keeps the old one's permission bits and, where allowed, its owner and group
 *   (a new file gets the usual `0666` less the umask);
 * - a read-only target (no write bit at all) or, outside Windows, a read-only folder is refused
 *   with a message, even for a user (root) the system would let through;
 * - the bytes go to `.<name>.<pid>.<random>.tmp` in the same folder, are flushed (`fsync`), and the
 *   temporary file is renamed over the target; the folder is flushed too, so that the rename
 *   survives a power cut;
 * - temporary files an interrupted save left behind are removed on the next save of the same file.
 *
 * The app's streamed export save (`main/fs/streamed-save.ts`) holds one of these open across
 * several requests; {@link writeFileAtomic} is the same in one call.
 *
 * @throws AtomicWriteError with a code and a message that says what to do; the target is unchanged.
 */
export async function beginAtomicWrite(host: AtomicWriteHost, target: string): Promise<AtomicWrite> {
  const { fs, path, process: proc } = host;
  const shown = path.basename(target);
  const real = await resolveTarget(host, target).catch((err: unknown) => {
    throw explain(err, shown, path.dirname(path.resolve(target)));
  });
  const dir = path.dirname(real);
  const name = path.basename(real);

  let existing: AtomicFileInfo | null = null;
  try {
    existing = await fs.stat(real);
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw explain(err, shown, dir);
  }
  if (existing && !existing.isFile()) {
    throw new AtomicWriteError(
      'not-a-file',
      `“${shown}” is ${existing.isDirectory() ? 'a folder' : 'not a regular file'}: nothing was written.`,
    );
  }
  if (existing && (existing.mode & 0o222) === 0) {
    throw new AtomicWriteError(
      'read-only',
      `“${shown}” is read-only, so Gloss leaves it as it is. Save under another name, or make the file writable first.`,
    );
  }
  let folder: AtomicFileInfo;
  try {
    folder = await fs.stat(dir);
  } catch (err) {
    throw explain(err, shown, dir);
  }
  if (proc.platform !== 'win32' && (folder.mode & 0o222) === 0) {
    throw new AtomicWriteError(
      'read-only-folder',
      `The folder “${dir}” is read-only: “${shown}” was not ${existing ? 'changed' : 'written'}. Save to another folder.`,
    );
  }

  await removeStaleTemps(host, dir, name);
  const temp = path.join(dir, tempFileName(name, proc.pid));
  const mode = existing ? existing.mode & 0o7777 : 0o666;
  inFlight.add(temp);
  let handle: AtomicFileHandle;
  try {
    handle = await fs.open(temp, 'wx', mode);
  } catch (err) {
    inFlight.delete(temp);
    throw explain(err, shown, dir);
  }

  let state: 'open' | 'busy' | 'done' = 'open';
  let size = 0;
  const drop = async (): Promise<void> => {
    if (state === 'done') return;
    state = 'done';
    await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    inFlight.delete(temp);
  };
  const failed = async (err: unknown): Promise<never> => {
    await drop();
    throw explain(err, shown, dir);
  };
  const mustBeOpen = (): void => {
    if (state !== 'open') {
      throw new AtomicWriteError('io', `“${shown}” is no longer being written (finished or cancelled).`);
    }
  };

  return {
    name: shown,
    get size() {
      return size;
    },
    async write(piece) {
      mustBeOpen();
      const bytes = typeof piece === 'string' ? utf8.encode(piece) : piece;
      try {
        for (let offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
          const end = Math.min(offset + WRITE_CHUNK, bytes.length);
          let done = offset;
          while (done < end) done += (await handle.write(bytes, done, end - done, null)).bytesWritten;
        }
      } catch (err) {
        return failed(err);
      }
      size += bytes.length;
    },
    async commit() {
      mustBeOpen();
      state = 'busy';
      try {
        if (existing) {
          // open() applied the umask; the copy must have exactly the old bits.
          await handle.chmod(mode);
          await keepOwner(handle, existing);
        }
        await handle.sync();
        await handle.close();
        await fs.rename(temp, real);
      } catch (err) {
        state = 'open';
        return failed(err);
      }
      state = 'done';
      inFlight.delete(temp);
      // Make the rename itself durable; not every platform lets a folder be flushed.
      try {
        const folderHandle = await fs.open(dir, 'r');
        await folderHandle.sync().catch(() => undefined);
        await folderHandle.close();
      } catch {
        // Best effort only.
      }
    },
    abort: drop,
  };
}

/**
 * Writes `data` to `target` atomically: {@link beginAtomicWrite}, every piece, commit. Content
 * that arrives in pieces (a streamed export) is written as it comes, so the whole never has to be
 * in memory.
 *
 * @throws AtomicWriteError with a code and a message that says what to do; the target is unchanged.
 */
export async function writeFileAtomic(
  host: AtomicWriteHost,
  target: string,
  data: Uint8Array | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
): Promise<void> {
  const file = await beginAtomicWrite(host, target);
  try {
    for await (const piece of data instanceof Uint8Array ? [data] : data) await file.write(piece);
  } catch (err) {
    // A piece that could not be produced (the source failed) also leaves the target as it was.
    await file.abort();
    throw err;
  }
  await file.commit();
}

/**
 * Gives the new file the old one's owner and group. Only the owner's own group (or root) may do
 * that: when the owner cannot be kept, the group is tried alone, and then the file stays the
 * writer's, as any editor's save would leave it.
 */
async function keepOwner(handle: AtomicFileHandle, old: AtomicFileInfo): Promise<void> {
  try {
    await handle.chown(old.uid, old.gid);
  } catch {
    await handle.chown(-1, old.gid).catch(() => undefined);
  }
}
