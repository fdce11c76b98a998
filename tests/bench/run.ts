import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { answerFirstRun } from '../e2e/harness/analyst';
import { startChromiumApp, type RunningApp } from '../e2e/harness/fixtures';

/**
 * `npm run bench [-- suite…]`: runs every suite in ./suites (or the named ones) and prints one
 * JSON object of named figures on stdout. Progress goes to stderr.
 */
export interface BenchContext {
  /** Starts the built renderer in Chromium (a fresh profile each time); the suite closes it. */
  startApp(): Promise<RunningApp>;
}

export type BenchSuite = { run(ctx: BenchContext): Promise<Record<string, number>> };

const suitesDir = join(dirname(fileURLToPath(import.meta.url)), 'suites');
const wanted = process.argv.slice(2);
const names = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();
if (wanted.length && names.length !== wanted.length) {
  process.stderr.write(
    `Unknown suite in ${wanted.join(', ')}. Suites: ${readdirSync(suitesDir).join(', ')}\n`,
  );
  process.exit(2);
}

// tsx compiles with esbuild's keepNames, which wraps functions in `__name(…)`; functions handed to
// page.evaluate run in the page, where that helper must exist too.
const KEEP_NAMES_SHIM = 'globalThis.__name = (f) => f;';
const ctx: BenchContext = {
  // A fresh profile, past the first-run question (who is annotating), as an analyst's app is.
  startApp: async () => {
    const app = await startChromiumApp({ initScript: KEEP_NAMES_SHIM });
    await answerFirstRun(app.page, 'Bench Analyst');
    return app;
  },
};
const figures: Record<string, number> = {};
for (const name of names) {
  const started = performance.now();
  process.stderr.write(`bench: ${name}…\n`);
  const suite = (await import(pathToFileURL(join(suitesDir, `${name}.ts`)).href)) as BenchSuite;
  const result = await suite.run(ctx);
  for (const [key, value] of Object.entries(result)) figures[key] = Math.round(value * 100) / 100;
  process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
