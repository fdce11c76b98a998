import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { vi } from 'vitest';
import type { CliCommand } from '../../../cli/command';
import { describeFailure } from '../../../cli/errors';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `gloss <name> …args` in this process, as cli/index.ts would: a failure becomes its exit
 * code and its one line on stderr (`describeFailure`).
 */
export async function runCommand(name: string, args: string[]): Promise<CliResult> {
  const { command } = (await import(`../../../cli/commands/${name}.ts`)) as { command: CliCommand };
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  let code: number;
  try {
    code = await command.run(args);
  } catch (error) {
    const failure = describeFailure(error);
    err.push(`gloss ${name}: ${failure.line}\n`);
    code = failure.exitCode;
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const execFileP = promisify(execFile);

/** The built command line, the package's `bin` (built by the tests' global setup). */
export const GLOSS_BIN = resolve(ROOT, 'out/cli/gloss.mjs');

/** Runs `gloss …args` the way a user does: the built `bin` in a child process. */
export async function runGloss(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [GLOSS_BIN, ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
