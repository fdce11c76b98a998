import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SuggestionType } from '../../../core/suggest';
import { suggest } from '../../../core/suggest';
import { CORPUS, loadGold, scoreType, total } from '../suggest-gold';
import { median } from '../stats';

const RUNS = 15;
const require = createRequire(import.meta.url);

/** A 20,000-character article made of the corpus's ISW and Reuters paragraphs. */
function article20k(): string {
  const paras = ['isw-2025-06-25.txt', 'putin-press-on-reuters.txt', 'putin-historical-lands.txt']
    .flatMap((f) => readFileSync(join(CORPUS, 'text', f), 'utf8').split(/\n\s*\n/u))
    .map((p) => p.trim())
    .filter((p) => p.length > 80);
  let text = '';
  for (let i = 0; text.length < 20_000; i++) text += `${paras[i % paras.length]!}\n\n`;
  return text.slice(0, 20_000);
}

/*
 * The timing runs in a worker thread (suggest-worker.ts), as the reader runs the pass in a Web
 * Worker: the first call includes loading wink's model; then the same text is suggested RUNS
 * times. The baseline is wink reading the text alone (`readDoc`), in the same worker.
 */
function timeInWorker(text: string): Promise<{ first: number; pass: number[]; bare: number[] }> {
  return new Promise((resolve, reject) => {
    // Node 20 does not pass `--import tsx` on to workers: the worker registers tsx itself.
    const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();
      require(${JSON.stringify(fileURLToPath(new URL('../suggest-worker.ts', import.meta.url)))});`;
    const worker = new Worker(bootstrap, { eval: true, workerData: { text, runs: RUNS } });
    worker.once('message', (m: { first: number; pass: number[]; bare: number[] }) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
  });
}

/**
 * `npm run bench -- suggest`: precision and recall per type against the gold set
 * (tests/fixtures/suggest/gold.json; a span matches at overlap / union ≥ 0.5), how often the
 * matched figures' value and unit and the matched quotations' and statements' speakers are
 * right, and the time of the pass on a 20,000-character article in a worker.
 */
export async function run(): Promise<Record<string, number>> {
  const gold = await loadGold();
  const types: SuggestionType[] = ['figure', 'quotation', 'attribution'];
  const parts = new Map(types.map((t) => [t, [] as ReturnType<typeof scoreType>[]]));
  for (const a of gold) {
    const s = suggest(a.text, { publisher: a.publisher });
    for (const t of types) parts.get(t)!.push(scoreType(t, a.items, s));
  }
  const out: Record<string, number> = {};
  for (const t of types) {
    const score = total(parts.get(t)!);
    out[`suggest_${t}_gold_count`] = score.gold;
    out[`suggest_${t}_precision_ratio`] = score.precision;
    out[`suggest_${t}_recall_ratio`] = score.recall;
    out[`suggest_${t}_fields_right_ratio`] = score.fieldAccuracy;
  }
  const timing = await timeInWorker(article20k());
  out.suggest_20k_worker_first_ms = timing.first;
  out.suggest_20k_worker_median_ms = median(timing.pass);
  out.suggest_20k_wink_readdoc_median_ms = median(timing.bare);
  out.suggest_20k_to_readdoc_ratio = median(timing.pass) / median(timing.bare);
  return out;
}
