import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { CORPUS } from '../../e2e/harness/fixtures';
import type { BenchContext } from '../run';
import { median, percentile } from '../stats';

const RUNS = 5;
const CREATES = 30;

/** A 200,000-character article made of corpus paragraphs, with its blocks. */
function bigArticle(): { text: string; blocks: { type: string; start: number; end: number }[] } {
  const paras = ['isw-2025-06-25.txt', 'putin-historical-lands.txt', 'putin-press-on-reuters.txt']
    .flatMap((f) => readFileSync(join(CORPUS, 'text', f), 'utf8').split(/\n\s*\n/))
    .map((p) => p.trim().replace(/\s*\n\s*/g, ' '))
    .filter((p) => p.length > 80);
  let text = '';
  const blocks: { type: string; start: number; end: number }[] = [];
  for (let i = 0; text.length < 200_000; i++) {
    const p = `${paras[i % paras.length]!} (${i})`;
    if (text) text += '\n\n';
    blocks.push({ type: 'paragraph', start: text.length, end: text.length + p.length });
    text += p;
  }
  return { text: text.slice(0, blocks[blocks.length - 1]!.end), blocks };
}

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  const { text, blocks } = bigArticle();
  const app = await ctx.startApp();
  try {
    const { page } = app;
    await page.waitForFunction(() => performance.getEntriesByName('gloss:interactive').length > 0);
    // Seed the big article with 2,000 annotations, and a small one to switch away to.
    await page.evaluate(
      ({ text, blocks }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('gloss');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const idb = open.result;
            const tx = idb.transaction(['articles', 'bodies', 'annotations'], 'readwrite');
            const put = (id: string, title: string, body: string, b: typeof blocks, hash: string) => {
              tx.objectStore('articles').put({
                id,
                contentHash: hash,
                title,
                source: 'Bench',
                byline: '',
                publishedAt: null,
                url: '',
                language: 'en',
                importedAt: new Date().toISOString(),
                format: 'text',
                fileName: `${id}.txt`,
                chars: body.length,
              });
              tx.objectStore('bodies').put({ id, text: body, blocks: b, removed: [] });
            };
            put('big', 'Big article', text, blocks, 'b'.repeat(64));
            put(
              'small',
              'Small article',
              'A small article.',
              [{ type: 'paragraph', start: 0, end: 16 }],
              'c'.repeat(64),
            );
            const kinds = ['claim', 'assessment', 'figure'];
            for (let i = 0; i < 2000; i++) {
              const block = blocks[Math.floor((i * blocks.length) / 2000)]!;
              const len = block.end - block.start;
              const start = block.start + ((i * 37) % Math.max(1, len - 60));
              const end = Math.min(block.end, start + 20 + (i % 40));
              const hex = i.toString(16).padStart(12, '0');
              tx.objectStore('annotations').put({
                id: `00000000-0000-4000-8000-${hex}`,
                articleId: 'big',
                selectors: [
                  { type: 'TextPositionSelector', start, end },
                  {
                    type: 'TextQuoteSelector',
                    exact: text.slice(start, end),
                    prefix: text.slice(Math.max(0, start - 32), start),
                    suffix: text.slice(end, end + 32),
                  },
                ],
                kind: kinds[i % 3],
                stance: i % 2 ? 'opinion' : 'reporting',
                note: '',
                tags: [],
                attribution: '',
                credibility: null,
                figure: null,
                author: { id: 'bench', name: 'Bench' },
                createdAt: '2026-01-01T00:00:00Z',
                updatedAt: '2026-01-01T00:00:00Z',
                updatedBy: { id: 'bench', name: 'Bench' },
                provenance: {},
                deletedAt: null,
              });
            }
            tx.oncomplete = () => {
              idb.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { text, blocks },
    );
    // Raw IndexedDB writes bypass the store's change feed: reload, as a user would restart.
    await page.reload();
    await page.waitForFunction(() => performance.getEntriesByName('gloss:interactive').length > 0);
    const option = (title: string) =>
      page.getByRole('listbox', { name: 'Articles' }).getByRole('option', { name: new RegExp(title) });
    await expect2(option('Big article'));

    const textMs: number[] = [];
    const highlightsMs: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      await option('Small article').click();
      await page.waitForSelector('[aria-label="Article text"]');
      const t0 = await page.evaluate(() => {
        performance.clearMarks('gloss:reader:text');
        performance.clearMarks('gloss:reader:highlights');
        return performance.now();
      });
      await option('Big article').click();
      const marks = await page.evaluate(
        () =>
          new Promise<[number, number]>((resolve) => {
            const check = () => {
              const t = performance.getEntriesByName('gloss:reader:text')[0];
              const h = performance.getEntriesByName('gloss:reader:highlights')[0];
              const marks = document.querySelectorAll('mark.hl').length;
              if (t && h && marks > 1000) resolve([t.startTime, h.startTime]);
              else requestAnimationFrame(check);
            };
            check();
          }),
      );
      if (i === 0) continue;
      textMs.push(marks[0] - t0);
      highlightsMs.push(marks[1] - t0);
    }

    // Create annotations in the big article: select → stored → highlighted.
    const createMs: number[] = [];
    const trace = process.env.GLOSS_BENCH_TRACE ? await startTrace(page) : null;
    const profile = process.env.GLOSS_BENCH_PROFILE ? await startProfile(page) : null;
    for (let i = 0; i < CREATES; i++) {
      // Each creation starts from an idle page, as an analyst's next selection does: this measures
      // the latency of one annotation, not a burst of thirty.
      await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
      const ms = await page.evaluate((i) => {
        return new Promise<number>((resolve) => {
          const root = document.querySelector<HTMLElement>('[aria-label="Article text"]')!;
          const paragraphs = root.querySelectorAll('p');
          // an unhighlighted stretch of text of 30+ characters, from a paragraph further on each time
          let node: Text | null = null;
          for (let k = 0; k < paragraphs.length && !node; k++) {
            const p = paragraphs[(i * 7 + k) % paragraphs.length]!;
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n && !node; n = walker.nextNode()) {
              if ((n as Text).data.length >= 30 && !n.parentElement?.closest('mark')) node = n as Text;
            }
          }
          if (!node) throw new Error('no unhighlighted text left to select');
          const before = document.querySelectorAll('mark.hl').length;
          const t0 = performance.now();
          performance.mark('bench:select');
          const range = document.createRange();
          range.setStart(node, 2);
          range.setEnd(node, 25);
          const sel = window.getSelection()!;
          sel.removeAllRanges();
          sel.addRange(range);
          root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
          const observer = new MutationObserver(() => {
            if (document.querySelectorAll('mark.hl').length > before) {
              observer.disconnect();
              performance.mark('bench:created');
              resolve(performance.now() - t0);
            }
          });
          observer.observe(root, { childList: true, subtree: true });
          // Press C as soon as the selection toolbar is up (no user think-time in the figure).
          const pressed = () =>
            document.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', bubbles: true }));
          if (document.querySelector('.selection-toolbar')) pressed();
          else {
            const toolbar = new MutationObserver(() => {
              if (!document.querySelector('.selection-toolbar')) return;
              toolbar.disconnect();
              pressed();
            });
            toolbar.observe(document.body, { childList: true, subtree: true });
          }
        });
      }, i);
      createMs.push(ms);
    }
    if (trace) await trace.stop(process.env.GLOSS_BENCH_TRACE!);
    if (profile) await profile.stop(process.env.GLOSS_BENCH_PROFILE!);
    return {
      reader_200k_2000_text_visible_ms: median(textMs),
      reader_200k_2000_highlights_ms: median(highlightsMs),
      annotation_create_p95_ms: percentile(createMs, 95),
      annotation_create_median_ms: median(createMs),
    };
  } finally {
    await app.close();
  }
}

/** A Chrome trace of the creations (open it in DevTools' Performance panel), when asked for. */
async function startTrace(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const events: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.stack',
      'disabled-by-default-v8.cpu_profiler',
      'v8.execute',
      'blink.user_timing',
    ].join(','),
    transferMode: 'ReportEvents',
  });
  return {
    async stop(file: string) {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      writeFileSync(file, JSON.stringify({ traceEvents: events }));
      process.stderr.write(`bench: reader trace written to ${file}\n`);
    },
  };
}

/** A V8 CPU profile of the creations (a .cpuprofile for DevTools), when asked for. */
async function startProfile(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      process.stderr.write(`bench: reader CPU profile written to ${file}\n`);
    },
  };
}

async function expect2(locator: { waitFor(o: { timeout: number }): Promise<void> }): Promise<void> {
  await locator.waitFor({ timeout: 10_000 });
}
