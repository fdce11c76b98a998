import { runCommand, type CliResult } from '../run-cli';

const VARS = ['GLOSS_SYNC_USER', 'GLOSS_SYNC_PASSWORD'] as const;

/**
 * Runs `fn` with `user`'s server credentials in the environment, where `gloss sync` reads them
 * (never on the command line), and puts the environment back as it was afterwards.
 */
export async function withSyncUser<T>(user: string, password: string, fn: () => Promise<T>): Promise<T> {
  const saved = VARS.map((k) => process.env[k]);
  process.env['GLOSS_SYNC_USER'] = user;
  process.env['GLOSS_SYNC_PASSWORD'] = password;
  try {
    return await fn();
  } finally {
    for (const [i, k] of VARS.entries()) {
      if (saved[i] === undefined) delete process.env[k];
      else process.env[k] = saved[i];
    }
  }
}

/** Runs `gloss sync <path> <url> ...extra` in this process as server user `user`. */
export function runSync(
  path: string,
  url: string,
  user: string,
  password: string,
  extra: readonly string[] = [],
): Promise<CliResult> {
  return withSyncUser(user, password, () => runCommand('sync', [path, url, ...extra]));
}
