import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ProjectFileError, readProjectFile, writeProjectFile, type ProjectDocument } from '../core/project';
import { CliError } from './command';

/** Bytes written per `write` call: small enough that a crash can land mid-file, large enough to be fast. */
const WRITE_CHUNK = 4 * 1024 * 1024;

/**
 * Writes `data` to `path` atomically: into a temporary file in the same folder, flushed to disk
 * (`fsync`), then renamed over `path`. A crash at any moment leaves either the old file or the new
 * one, never a mix; a leftover `.<name>.*.tmp` file is the only trace of an interrupted write.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    for (let offset = 0; offset < data.length; offset += WRITE_CHUNK) {
      const chunk = data.subarray(offset, Math.min(offset + WRITE_CHUNK, data.length));
      let done = 0;
      while (done < chunk.length) done += (await handle.write(chunk, done)).bytesWritten;
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

/** Whether `err` is a Node file-system error with `code`. */
export function isFsError(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/**
 * Reads and validates a project file, turning every failure into a {@link CliError} that names
 * the file and says what is wrong.
 */
export async function readProject(path: string): Promise<ProjectDocument> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if (isFsError(err, 'ENOENT')) throw new CliError(`${path}: no such file.`);
    if (isFsError(err, 'EISDIR')) throw new CliError(`${path} is a folder, not a project file.`);
    throw new CliError(`${path}: cannot read (${err instanceof Error ? err.message : String(err)}).`);
  }
  try {
    return await readProjectFile(bytes);
  } catch (err) {
    if (err instanceof ProjectFileError) throw new CliError(`${path}: ${err.message} [${err.code}]`);
    throw err;
  }
}

/** Validates and serialises `doc`, then writes it to `path` atomically. */
export async function saveProject(path: string, doc: ProjectDocument): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await writeProjectFile(doc);
  } catch (err) {
    if (err instanceof ProjectFileError) throw new CliError(`not saving ${path}: ${err.message}`);
    throw err;
  }
  await writeFileAtomic(path, bytes);
}

/** `util.parseArgs`, with mistakes reported as a usage error (exit code 2). */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  usage: string,
): {
  values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
} {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (err) {
    throw new CliError(`${err instanceof Error ? err.message : String(err)}\nusage: ${usage}`, 2);
  }
}
