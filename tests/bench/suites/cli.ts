import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from '../stats';

const RUNS = 11;
const root = resolve(import.meta.dirname, '../../..');
const corpus = resolve(root, '../shared/corpus');
const bin = resolve(root, 'out/cli/gloss.mjs');

/** Wall time of one child process, from spawn to exit, in milliseconds. */
function timed(args: string[]): number {
  const t0 = performance.now();
  execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t0;
}

/**
 * `gloss list` on a project of the corpus's articles, as a script calls it: a new process each
 * time, the built `bin` (out/cli/gloss.mjs, built by `npm run bench`). Its baseline is a bare
 * `node -e 0`, timed in the same rounds (interleaved, so that the machine's load falls on both
 * alike); `cli_list_from_source_ms` is the same call through the TypeScript loader (`npm run
 * gloss`), the way every call went before the build. Target (issue 16): `cli_list_ms` ≤ 250.
 */
export async function run(): Promise<Record<string, number>> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build:cli\` first.`);
  const dir = await mkdtemp(join(tmpdir(), 'gloss-bench-cli-'));
  try {
    const project = join(dir, 'corpus.gloss');
    execFileSync(process.execPath, [bin, 'import', corpus, '--project', project, '--analyst', 'Bench'], {
      stdio: 'ignore',
    });
    const bare: number[] = [];
    const list: number[] = [];
    const source: number[] = [];
    timed([bin, 'list', project]); // warm the file cache
    for (let i = 0; i < RUNS; i++) {
      bare.push(timed(['-e', '0']));
      list.push(timed([bin, 'list', project]));
      if (i < 5) source.push(timed(['--import', 'tsx', 'cli/index.ts', 'list', project]));
    }
    return {
      node_bare_start_ms: median(bare),
      cli_list_ms: median(list),
      cli_list_over_bare_ms: median(list) - median(bare),
      cli_list_from_source_ms: median(source),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
