import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Vitest global setup of the Node tests: builds the command line (out/cli/gloss.mjs) from the
 * sources under test, so that the tests that run `gloss` as a user does run this build.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], {
    cwd: resolve(import.meta.dirname, '../../..'),
    stdio: 'inherit',
  });
}
