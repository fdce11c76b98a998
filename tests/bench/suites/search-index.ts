import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import type { BenchContext } from '../run';
import { paragraphs, seed } from '../seed-library';
import { median, percentile } from '../stats';
import { QUERIES, timedSearch } from './library';

/**
 * The library's search index against MiniSearch on the same library: the seeded 10,000 articles
 * with 200,000 annotations (`GLOSS_BENCH_SEARCH_ARTICLES` scales it down for a quick look).
 *
 * - `search_index_build_10k_ms`: a first-time build in the app's search worker, timed from the
 *   first query typed to its results in the document (median of three builds, the stored index
 *   deleted and the page reloaded before each); `search_index_load_10k_ms` likewise with the
 *   stored index.
 * - `search_index_bare_read_10k_ms`: the bare baseline, reading the same records (articles,
 *   bodies, annotations) from IndexedDB in the page, which any build must do, before each build
 *   (`search_index_build_to_bare_read_ratio`: the median of each build over its read);
 *   `search_index_build_minisearch_10k_ms`: MiniSearch 7.2 building its index in the page from
 *   documents already read (the documents the app indexes: title and text of each article,
 *   quote, note and tags of each annotation; `articleId` stored, as the app keeps it).
 * - `search_index_bytes`: the stored index as IndexedDB holds it (strings as UTF-8, byte arrays
 *   as their length); `search_index_minisearch_bytes`: `JSON.stringify(miniSearch)` as UTF-8;
 *   `search_index_bytes_ratio_vs_minisearch`: the first over the second.
 * - `search_query_index_p95_ms`: the index's own time for each query of the list (in the
 *   worker, before excerpts); `search_query_worker_p95_ms`: the worker's time with excerpts;
 *   `search_query_p95_ms`: from the input to the results in the document (as the library
 *   suite's `library_search_p95_ms`);
 *   `search_query_minisearch_p95_ms`: MiniSearch's `search` on the same list, every word
 *   required and each a prefix (what the app's search means).
 */
const ARTICLES = Number(process.env['GLOSS_BENCH_SEARCH_ARTICLES'] ?? 10_000);
const PER_ARTICLE = 20;
const BUILDS = 3;
const LOADS = 3;
const ROUNDS = 3;
const log = (message: string) => process.stderr.write(`bench: search-index: ${message}\n`);

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('gloss:interactive').length > 0);
}

/** Deletes the stored search index (straight from IndexedDB), so that the next query builds it. */
async function dropStoredIndex(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('meta', 'readwrite');
          tx.objectStore('meta').delete('searchIndex');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/**
 * Waits until the worker has stored the index it built (it stores it after answering the first
 * query). The check runs in the page, again every 250 ms until the record is there: a promise
 * handed to `waitForFunction` counts as true at once.
 */
async function stored(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          const open = indexedDB.open('gloss');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('meta').objectStore('meta').getKey('searchIndex');
            get.onerror = () => reject(get.error);
            get.onsuccess = () => {
              open.result.close();
              if (get.result !== undefined) resolve();
              else setTimeout(check, 250);
            };
          };
        };
        check();
      }),
  );
}

/** The stored index's size as IndexedDB holds it: strings as UTF-8, byte arrays as their length. */
async function storedBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const value = await new Promise<unknown>((resolve, reject) => {
      const open = indexedDB.open('gloss');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('meta').objectStore('meta').get('searchIndex');
        get.onerror = () => reject(get.error);
        get.onsuccess = () => {
          open.result.close();
          resolve((get.result as { value: unknown } | undefined)?.value);
        };
      };
    });
    if (!value) throw new Error('no stored search index');
    const utf8 = new TextEncoder();
    const size = (v: unknown): number =>
      typeof v === 'string'
        ? utf8.encode(v).length
        : ArrayBuffer.isView(v)
          ? v.byteLength
          : v && typeof v === 'object'
            ? Object.values(v).reduce((sum: number, x) => sum + size(x), 0)
            : 8;
    return size(value);
  });
}

/** The bare baseline: every article, body and annotation read from IndexedDB in the page. */
async function bareRead(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const all = (store: string) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction(store).objectStore(store).getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result.length);
          };
          get.onerror = () => reject(get.error);
        };
      });
    const t0 = performance.now();
    await Promise.all([all('articles'), all('bodies'), all('annotations')]);
    return performance.now() - t0;
  });
}

interface MiniFigures {
  readMs: number;
  buildMs: number;
  bytes: number;
  queryMs: number[];
  documents: number;
}

/**
 * MiniSearch in the page: reads the library's records, builds its index over the documents the
 * app indexes, serialises it and times the query list.
 */
async function miniSearch(page: Page): Promise<MiniFigures> {
  // The UMD build (not among the package's exports), beside the CommonJS one it resolves to.
  const cjs = createRequire(import.meta.url).resolve('minisearch');
  await page.addScriptTag({ path: join(dirname(cjs), '..', 'umd', 'index.js') });
  return page.evaluate(
    async ({ queries, rounds }) => {
      const all = (store: string) =>
        new Promise<unknown[]>((resolve, reject) => {
          const open = indexedDB.open('gloss');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction(store).objectStore(store).getAll();
            get.onsuccess = () => {
              open.result.close();
              resolve(get.result);
            };
            get.onerror = () => reject(get.error);
          };
        });
      const t0 = performance.now();
      const [articles, bodies, annotations] = await Promise.all([
        all('articles'),
        all('bodies'),
        all('annotations'),
      ]);
      const readMs = performance.now() - t0;
      type Meta = { id: string; title: string; fileName: string };
      type Note = {
        id: string;
        articleId: string;
        note: string;
        tags: string[];
        deletedAt: string | null;
        selectors: { type: string; exact?: string }[];
      };
      const textOf = new Map((bodies as { id: string; text: string }[]).map((b) => [b.id, b.text]));
      const docs: Record<string, string>[] = [];
      for (const m of articles as Meta[]) {
        const text = textOf.get(m.id);
        if (text !== undefined)
          docs.push({ id: `a:${m.id}`, articleId: m.id, title: m.title || m.fileName, text });
      }
      for (const a of annotations as Note[]) {
        if (a.deletedAt !== null) continue;
        docs.push({
          id: `n:${a.id}`,
          articleId: a.articleId,
          quote: a.selectors.find((s) => s.type === 'TextQuoteSelector')?.exact ?? '',
          note: a.note,
          tags: a.tags.join(' '),
        });
      }
      const MiniSearch = (globalThis as unknown as { MiniSearch: new (options: object) => MiniIndex })
        .MiniSearch;
      interface MiniIndex {
        addAll(docs: object[]): void;
        search(query: string, options: object): unknown[];
      }
      const t1 = performance.now();
      const index = new MiniSearch({
        fields: ['title', 'text', 'quote', 'note', 'tags'],
        storeFields: ['articleId'],
      });
      index.addAll(docs);
      const buildMs = performance.now() - t1;
      const bytes = new TextEncoder().encode(JSON.stringify(index)).length;
      const queryMs: number[] = [];
      for (const q of queries.slice(0, 3)) index.search(q, { combineWith: 'AND', prefix: true });
      for (let round = 0; round < rounds; round++) {
        for (const q of queries) {
          const t = performance.now();
          index.search(q, { combineWith: 'AND', prefix: true });
          queryMs.push(performance.now() - t);
        }
      }
      return { readMs, buildMs, bytes, queryMs, documents: docs.length };
    },
    { queries: QUERIES, rounds: ROUNDS },
  );
}

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  const app = await ctx.startApp();
  const { page } = app;
  try {
    await page.waitForFunction(() => performance.getEntriesByName('gloss:interactive').length > 0);
    const seedT0 = Date.now();
    await seed(page, paragraphs(), { articles: ARTICLES, perArticle: PER_ARTICLE });
    log(`seeded ${ARTICLES} articles in ${((Date.now() - seedT0) / 1000).toFixed(1)} s`);

    // First-time builds: no stored index; the first query waits for the build. Each after a
    // bare read of the same records (its baseline, in the same conditions).
    const builds: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < BUILDS; i++) {
      await dropStoredIndex(page);
      await reload(page);
      reads.push(await bareRead(page));
      await reload(page);
      builds.push((await timedSearch(page, 'russia', { clear: true })).ms);
      log(
        `build ${i + 1}: ${(builds[i]! / 1000).toFixed(1)} s (bare read ${(reads[i]! / 1000).toFixed(1)} s)`,
      );
      await stored(page);
    }

    // Loads of the stored index.
    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      await reload(page);
      loads.push((await timedSearch(page, 'russia', { clear: true })).ms);
      log(`load ${i + 1}: ${loads[i]!.toFixed(0)} ms`);
    }
    const bytes = await storedBytes(page);
    log(`stored index: ${(bytes / 1e6).toFixed(1)} MB`);

    // Queries: warm up, then the list three times.
    for (const q of QUERIES.slice(0, 3)) await timedSearch(page, q, { clear: true });
    const searchMs: number[] = [];
    const workerMs: number[] = [];
    const indexMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of QUERIES) {
        const r = await timedSearch(page, q, { clear: true });
        searchMs.push(r.ms);
        workerMs.push(r.workerMs);
        if (r.indexMs !== null) indexMs.push(r.indexMs);
      }
    }
    await page.keyboard.press('Escape');

    const mini = await miniSearch(page);
    log(
      `MiniSearch: ${mini.documents} documents read in ${mini.readMs.toFixed(0)} ms, built in ${mini.buildMs.toFixed(0)} ms, ${(mini.bytes / 1e6).toFixed(1)} MB`,
    );
    const figures: Record<string, number> = {
      search_index_build_10k_ms: median(builds),
      search_index_load_10k_ms: median(loads),
      search_index_bare_read_10k_ms: median(reads),
      search_index_build_to_bare_read_ratio: median(builds.map((b, i) => b / reads[i]!)),
      search_index_build_minisearch_10k_ms: mini.buildMs,
      search_index_bytes: bytes,
      search_index_minisearch_bytes: mini.bytes,
      search_index_bytes_ratio_vs_minisearch: bytes / mini.bytes,
      search_query_p95_ms: percentile(searchMs, 95),
      search_query_worker_p95_ms: percentile(workerMs, 95),
      search_query_minisearch_p95_ms: percentile(mini.queryMs, 95),
    };
    if (indexMs.length) figures['search_query_index_p95_ms'] = percentile(indexMs, 95);
    return figures;
  } finally {
    await app.close();
  }
}
