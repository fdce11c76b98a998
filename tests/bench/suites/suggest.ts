import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SuggestionType } from '../../../core/suggest';
import { suggest } from '../../../core/suggest';
import { CORPUS, loadGold, scoreType, total } from '../suggest-gold';
import type { BenchContext } from '../run';
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
export async function run(ctx: BenchContext): Promise<Record<string, number>> {
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
  Object.assign(out, await inTheApp(ctx, article20k()));
  return out;
}

/**
 * In the app (Chromium): a 20,000-character article is opened RUNS_APP times (a fresh page each
 * time, so the worker starts cold); measured are the time from the click to the outlines drawn,
 * and the longest main-thread task between the worker's answer and the outlines drawn.
 */
const RUNS_APP = 3;
async function inTheApp(ctx: BenchContext, text: string): Promise<Record<string, number>> {
  const paras = text.split('\n\n');
  const blocks: { type: string; start: number; end: number }[] = [];
  let at = 0;
  for (const p of paras) {
    if (p) blocks.push({ type: 'paragraph', start: at, end: at + p.length });
    at += p.length + 2;
  }
  const shown: number[] = [];
  const longest: number[] = [];
  for (let run = 0; run < RUNS_APP; run++) {
    const app = await ctx.startApp();
    try {
      const { page } = app;
      await page.waitForFunction(() => performance.getEntriesByName('gloss:interactive').length > 0);
      await page.evaluate(
        ({ text, blocks }) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('gloss');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const idb = open.result;
              const tx = idb.transaction(['articles', 'bodies'], 'readwrite');
              tx.objectStore('articles').put({
                id: 'a20k',
                contentHash: 'd'.repeat(64),
                title: 'Twenty thousand',
                source: 'Bench',
                byline: '',
                publishedAt: null,
                url: '',
                language: 'en',
                importedAt: new Date().toISOString(),
                format: 'text',
                fileName: 'a20k.txt',
                chars: text.length,
              });
              tx.objectStore('bodies').put({ id: 'a20k', text, blocks, removed: [] });
              tx.oncomplete = () => {
                idb.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
        { text: text.slice(0, blocks[blocks.length - 1]!.end), blocks },
      );
      await page.reload();
      await page.waitForFunction(() => performance.getEntriesByName('gloss:interactive').length > 0);
      await page.evaluate(() => {
        const w = window as unknown as { __longTasks: PerformanceEntry[] };
        w.__longTasks = [];
        new PerformanceObserver((list) => w.__longTasks.push(...list.getEntries())).observe({
          type: 'longtask',
        });
      });
      const t0 = await page.evaluate(() => performance.now());
      await page
        .getByRole('listbox', { name: 'Articles' })
        .getByRole('option', { name: /Twenty thousand/ })
        .click();
      const result = await page.evaluate(
        () =>
          new Promise<[number, number]>((resolve) => {
            const check = () => {
              const arrived = performance.getEntriesByName('gloss:suggest:arrived')[0];
              const drawn = performance.getEntriesByName('gloss:suggest:drawn')[0];
              if (arrived && drawn && document.querySelector('.sg-box')) {
                // Long tasks are reported a little after they end.
                setTimeout(() => {
                  const w = window as unknown as { __longTasks: PerformanceEntry[] };
                  const during = w.__longTasks.filter(
                    (t) => t.startTime + t.duration >= arrived.startTime && t.startTime <= drawn.startTime,
                  );
                  resolve([drawn.startTime, Math.max(0, ...during.map((t) => t.duration))]);
                }, 200);
              } else requestAnimationFrame(check);
            };
            check();
          }),
      );
      shown.push(result[0] - t0);
      longest.push(result[1]);
    } finally {
      await app.close();
    }
  }
  return {
    suggest_20k_open_to_outlines_ms: median(shown),
    suggest_20k_arrival_longest_task_ms: Math.max(...longest),
  };
}
