import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerFirstRun } from '../../e2e/harness/analyst';
import { CORPUS, type RunningApp } from '../../e2e/harness/fixtures';
import type { BenchContext } from '../run';
import { median } from '../stats';

const RUNS = 3;
const PAGES = 100;

/**
 * 100 saved web pages: the corpus pages over and over, each copy with its paragraphs marked so
 * that its text (and contentHash) differs and the library stores every one.
 */
function writePages(dir: string, run: number): void {
  const sites = readdirSync(join(CORPUS, 'html')).sort();
  for (let i = 0; i < PAGES; i++) {
    const site = sites[i % sites.length]!;
    const html = readFileSync(join(CORPUS, 'html', site, 'source.html'), 'utf8');
    const copy = Math.floor(i / sites.length);
    writeFileSync(
      join(dir, `${String(i).padStart(3, '0')}-${site}.html`),
      html.replace(/<\/p>/gi, ` (run ${run}, copy ${copy})</p>`),
    );
  }
}

interface RunFigures {
  totalMs: number;
  maxLongTaskMs: number;
  longTasksOver50: number;
  longTasksOver100: number;
  imported: number;
  /** The bare baseline: the same 100 pages parsed by DOMParser alone, one after another. */
  bareParseMs: number;
  bareLongestParseMs: number;
}

/**
 * The bare baseline, in the same page after the import: each of the 100 pages (as written by
 * {@link writePages}) parsed by `DOMParser` and nothing else — the least an import can do on
 * the window's thread, and the longest task that a parse in one piece would cost.
 */
async function bareParse(
  page: RunningApp['page'],
  run: number,
): Promise<{ totalMs: number; longestMs: number }> {
  const sites = readdirSync(join(CORPUS, 'html')).sort();
  const pages = sites.map((site) => readFileSync(join(CORPUS, 'html', site, 'source.html'), 'utf8'));
  return page.evaluate(
    ({ pages, count, run }) => {
      let totalMs = 0;
      let longestMs = 0;
      const parser = new DOMParser();
      for (let i = 0; i < count; i++) {
        const html = pages[i % pages.length]!.replace(
          /<\/p>/gi,
          ` (run ${run}, copy ${Math.floor(i / pages.length)})</p>`,
        );
        const t0 = performance.now();
        parser.parseFromString(html, 'text/html');
        const ms = performance.now() - t0;
        totalMs += ms;
        longestMs = Math.max(longestMs, ms);
      }
      return { totalMs, longestMs };
    },
    { pages, count: PAGES, run },
  );
}

/**
 * Imports 100 HTML pages through Import folder… in the Chromium host and records the
 * renderer's long tasks (PerformanceObserver 'longtask') between the import's start and end
 * marks. The harness carries the files' bytes over its own bridge (base64) before the start
 * mark; that transport is not the app's, so it is not counted.
 */
async function oneRun(ctx: BenchContext, run: number): Promise<RunFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-import-'));
  writePages(dir, run);
  const app = await ctx.startApp();
  try {
    const { page } = app;
    await page.waitForFunction(() => performance.getEntriesByName('gloss:interactive').length > 0);
    // A fresh profile asks who is annotating, unless the runner already answered.
    const welcome = page.getByRole('dialog', { name: 'Welcome to Gloss' });
    if (
      await welcome.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    ) {
      await answerFirstRun(page, 'Bench');
    }
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: false });
    });
    await app.answerOpenDialog([dir]);
    await page.getByRole('button', { name: 'Import folder…' }).click();
    await page.waitForFunction(() => performance.getEntriesByName('gloss:import:end').length > 0, null, {
      timeout: 300_000,
      polling: 250,
    });
    // Long tasks are reported after they end: wait until the page is idle, so the observer has
    // delivered every entry of the import.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
    const figures = await page.evaluate(() => {
      const start = performance.getEntriesByName('gloss:import:start')[0]!.startTime;
      const end = performance.getEntriesByName('gloss:import:end')[0]!.startTime;
      const tasks = (
        window as unknown as { __longTasks: { start: number; duration: number }[] }
      ).__longTasks.filter((t) => t.start >= start && t.start <= end);
      return {
        totalMs: end - start,
        maxLongTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
        longTasksOver50: tasks.filter((t) => t.duration > 50).length,
        longTasksOver100: tasks.filter((t) => t.duration > 100).length,
      };
    });
    // What the store holds (the library list is virtualised, so its DOM shows only some).
    const imported = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('gloss');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('articles').objectStore('articles').count();
            req.onsuccess = () => {
              open.result.close();
              resolve(req.result);
            };
          };
        }),
    );
    const bare = await bareParse(page, run);
    return { ...figures, imported, bareParseMs: bare.totalMs, bareLongestParseMs: bare.longestMs };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  const runs: RunFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(ctx, i);
    if (r.imported !== PAGES) throw new Error(`import-html: ${r.imported} of ${PAGES} pages were imported`);
    process.stderr.write(
      `import-html: run ${i + 1}: ${Math.round(r.totalMs)} ms, longest task ${Math.round(r.maxLongTaskMs)} ms, ${r.longTasksOver50} over 50 ms, ${r.longTasksOver100} over 100 ms; bare DOMParser ${Math.round(r.bareParseMs)} ms, longest parse ${Math.round(r.bareLongestParseMs)} ms; load ${loadavg()[0]!.toFixed(1)}\n`,
    );
    runs.push(r);
  }
  return {
    import_100_html_total_ms: median(runs.map((r) => r.totalMs)),
    import_100_html_max_long_task_ms: median(runs.map((r) => r.maxLongTaskMs)),
    import_100_html_long_tasks_over_50ms_count: median(runs.map((r) => r.longTasksOver50)),
    import_100_html_long_tasks_over_100ms_count: median(runs.map((r) => r.longTasksOver100)),
    import_100_html_bare_domparser_ms: median(runs.map((r) => r.bareParseMs)),
    import_100_html_bare_domparser_longest_ms: median(runs.map((r) => r.bareLongestParseMs)),
    import_100_html_ratio_to_bare_domparser: median(runs.map((r) => r.totalMs / r.bareParseMs)),
    // The longest task of the import against the longest single parse of the bare baseline.
    import_100_html_max_long_task_ratio_to_bare_longest_parse: median(
      runs.map((r) => r.maxLongTaskMs / r.bareLongestParseMs),
    ),
  };
}
