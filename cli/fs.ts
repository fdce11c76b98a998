import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  MAX_PROJECT_FILE_BYTES,
  ProjectFileError,
  readProjectFile,
  writeProjectFile,
  type ProjectDocument,
} from '../core/project';
import { AtomicWriteError, writeFileAtomic } from './atomic-write';
import { CliError } from './command';
import { zlibCodec } from './zlib-codec';

/** Whether `err` is a Node file-system error with `code`. */
export function isFsError(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

const mib = (n: number): string => `${Math.round(n / 1048576).toLocaleString('en')} MiB`;

/**
 * The bytes of a project file, within the project-file limit (checked on the open file before
 * anything is read). Every failure is a {@link CliError} that names the file, with a code.
 */
export async function readProjectBytes(path: string): Promise<Uint8Array> {
  let handle;
  try {
    // Without blocking: a named pipe or a device must be refused, not waited on.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (isFsError(err, 'ENOENT')) throw new CliError(`${path}: no such file.`, 1, 'not-found');
    if (isFsError(err, 'EACCES') || isFsError(err, 'EPERM'))
      throw new CliError(`${path}: permission denied; it cannot be read.`, 1, 'permission-denied');
    throw new CliError(`${path}: cannot read (${(err as Error).message}).`, 1, 'cannot-read');
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new CliError(`${path} is a folder, not a project file.`, 1, 'not-a-file');
    if (!info.isFile()) throw new CliError(`${path} is not a regular file.`, 1, 'not-a-file');
    if (info.size > MAX_PROJECT_FILE_BYTES) {
      throw new CliError(
        `${path} is ${mib(info.size)}; a project file may be at most ${mib(MAX_PROJECT_FILE_BYTES)}.`,
        1,
        'too-large',
      );
    }
    return await handle.readFile();
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${path}: cannot read (${(err as Error).message}).`, 1, 'cannot-read');
  } finally {
    await handle.close();
  }
}

/**
 * Reads and validates a project file, turning every failure into a {@link CliError} that names
 * the file, says what is wrong and carries the reader's code. `validate` and every command that
 * reads a project go through here, so they accept exactly the same files.
 */
export async function readProject(path: string): Promise<ProjectDocument> {
  const bytes = await readProjectBytes(path);
  try {
    return await readProjectFile(bytes, { codec: zlibCodec });
  } catch (err) {
    if (err instanceof ProjectFileError) throw new CliError(`${path}: ${err.message}`, 1, err.code);
    throw err;
  }
}

/** Writes `bytes` to `path` atomically; a refusal (read-only, full disk…) names the file and its code. */
export async function writeOutput(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, bytes);
  } catch (err) {
    if (err instanceof AtomicWriteError) throw new CliError(`${path}: ${err.message}`, 1, err.code);
    throw err;
  }
}

/** Validates and serialises `doc`, then writes it to `path` atomically. */
export async function saveProject(path: string, doc: ProjectDocument): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await writeProjectFile(doc, { codec: zlibCodec });
  } catch (err) {
    if (err instanceof ProjectFileError)
      throw new CliError(`not saving ${path}: ${err.message}`, 1, err.code);
    throw err;
  }
  await writeOutput(path, bytes);
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
