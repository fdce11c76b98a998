import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ProjectFileError, readProjectFile, writeProjectFile, type ProjectDocument } from '../core/project';
import { writeFileAtomic } from './atomic-write';
import { CliError } from './command';
import { zlibCodec } from './zlib-codec';

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
    return await readProjectFile(bytes, { codec: zlibCodec });
  } catch (err) {
    if (err instanceof ProjectFileError) throw new CliError(`${path}: ${err.message} [${err.code}]`);
    throw err;
  }
}

/** Validates and serialises `doc`, then writes it to `path` atomically. */
export async function saveProject(path: string, doc: ProjectDocument): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await writeProjectFile(doc, { codec: zlibCodec });
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
