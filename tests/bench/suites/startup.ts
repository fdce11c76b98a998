import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from '../../e2e/harness/fixtures';
import type { BenchContext } from '../run';
import { median } from '../stats';

const RUNS = 7;

/** Milliseconds from navigation start to the library showing what is stored (`gloss:interactive`). */
async function interactiveAfterReload(app: Awaited<ReturnType<BenchContext['startApp']>>): Promise<number> {
  await app.page.reload();
  return app.page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const check = () => {
          const mark = performance.getEntriesByName('gloss:interactive')[0];
          if (mark) resolve(mark.startTime);
          else setTimeout(check, 5);
        };
        check();
      }),
  );
}

/** Writes `count` articles straight into IndexedDB, as the app stores them (metadata and body apart). */
async function seed(
  app: Awaited<ReturnType<BenchContext['startApp']>>,
  count: number,
  text: string,
): Promise<void> {
  await app.page.evaluate(
    ({ count, text }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const tx = idb.transaction(['articles', 'bodies'], 'readwrite');
          for (let i = 0; i < count; i++) {
            const id = `seed-${i}`;
            const body = `${text}\n\nSeeded copy ${i}.`;
            tx.objectStore('articles').put({
              id,
              contentHash: i.toString(16).padStart(64, '0'),
              title: `Seeded article ${i}: ${text.slice(0, 60)}`,
              source: ['Reuters', 'BBC', 'ISW', 'Le Monde'][i % 4],
              byline: '',
              publishedAt: new Date(Date.UTC(2025, 0, 1 + (i % 365))).toISOString().slice(0, 10),
              url: '',
              language: 'en',
              importedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
              format: 'text',
              fileName: `seed-${i}.txt`,
              chars: body.length,
            });
            tx.objectStore('bodies').put({
              id,
              text: body,
              blocks: [{ type: 'paragraph', start: 0, end: body.length }],
              removed: [],
            });
          }
          tx.oncomplete = () => {
            idb.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { count, text },
  );
}

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  const isw = readFileSync(join(CORPUS, 'text', 'isw-2025-06-25.txt'), 'utf8');
  const extra = readFileSync(join(CORPUS, 'text', 'putin-historical-lands.txt'), 'utf8');
  const app = await ctx.startApp();
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-'));
  try {
    await interactiveAfterReload(app); // warm-up: the browser's caches, the database created
    const empty: number[] = [];
    for (let i = 0; i < RUNS; i++) empty.push(await interactiveAfterReload(app));

    // Import one 20 KB text file through File > Import articles…, until it is listed.
    const twentyKb = `${isw}\n\n${extra}\n\n${extra}`.slice(0, 20_000);
    const importMs: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const path = join(dir, `article-${i}.txt`);
      // A sentence of its own in the middle of every file (the importer drops trailing lines
      // that do not belong to the article, so a marker at the end would make them duplicates).
      const cut = twentyKb.indexOf('\n\n', 4000);
      const marker = `\n\nBench run ${i} adds this paragraph, so that every file has its own text.`;
      writeFileSync(path, `${twentyKb.slice(0, cut)}${marker}${twentyKb.slice(cut, 20_000 - marker.length)}`);
      await app.answerOpenDialog([path]);
      const ms = await app.page.evaluate(
        (n) =>
          new Promise<number>((resolve) => {
            const t0 = performance.now();
            const done = () =>
              document.querySelectorAll('[role="listbox"][aria-label="Articles"] [role="option"]').length ===
              n;
            const observer = new MutationObserver(() => {
              if (done()) {
                observer.disconnect();
                resolve(performance.now() - t0);
              }
            });
            observer.observe(document.body, { childList: true, subtree: true });
            (window as unknown as { __glossMenu(c: string): void }).__glossMenu('import-articles');
          }),
        i + 1,
      );
      if (i > 0) importMs.push(ms); // the first is a warm-up
    }

    await seed(app, 1000, isw.slice(0, 4000));
    await interactiveAfterReload(app);
    const thousand: number[] = [];
    for (let i = 0; i < RUNS; i++) thousand.push(await interactiveAfterReload(app));
    // The list is virtualised: each rendered option carries the size of the whole list.
    const listed = Number(
      await app.page
        .locator('[role="listbox"][aria-label="Articles"] [role="option"]')
        .first()
        .getAttribute('aria-setsize'),
    );
    if (listed < 1000) throw new Error(`expected 1,000+ articles listed, saw ${listed}`);

    return {
      startup_empty_interactive_ms: median(empty),
      startup_1000_articles_interactive_ms: median(thousand),
      import_20kb_text_ms: median(importMs),
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
