import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliPouch } from '../../../cli/sync-pouch';
import { emptyProject, writeProjectFile } from '../../../core/project';
import { DEFAULT_BATCH_SIZE, projectRecords, toDocument } from '../../../core/sync';
import { createDatabase, createUser, startCouch, type TestCouch } from '../../unit/cli/sync/couch';
import { cpuBetween, cpuSnapshot, type CpuSeconds } from '../proc-cpu';
import { LATEST_ANNOTATION_STORES, V2_STORES } from '../../../renderer/src/db/schema';
import { ROOT } from '../../unit/cli/run-cli';
import { ALICE, makeProject } from '../../unit/core/project/make-project';
import { expect } from '@playwright/test';
import type { RunningApp } from '../../e2e/harness/fixtures';
import { selectText } from '../../e2e/harness/reader';
import type { BenchContext } from '../run';
import { median, percentile } from '../stats';

/**
 * Team sync (issue 14): the first sync of a large team database into an empty project file, with
 * `gloss sync` as a user runs it (a child process: start-up, pull, validation of every document,
 * writing the file), against PouchDB Server in memory on loopback; and, as the bare baseline
 * measured in the same run, PouchDB's replicator alone pulling the same database into an empty
 * in-memory database. The full size is the issue's 10,000 articles and 200,000 annotations
 * (target ≤ 60 s); GLOSS_BENCH_SYNC_SCALE (e.g. 0.1) shrinks it for a quick run, and the
 * figures' names carry the sizes measured. Before that, the live-mode latency: see liveLatency.
 */
const RUNS = Number(process.env['GLOSS_BENCH_SYNC_RUNS'] ?? 3);

async function seed(couch: TestCouch, db: string, docs: object[]): Promise<number> {
  const auth = `Basic ${Buffer.from(`${couch.admin.username}:${couch.admin.password}`).toString('base64')}`;
  for (let i = 0; i < docs.length; i += 2000) {
    const body = JSON.stringify({ docs: docs.slice(i, i + 2000) });
    const post = () =>
      fetch(`${couch.url}/${db}/_bulk_docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body,
      });
    // Building 210,000 documents outlasts the server's keep-alive: the first request may find
    // its pooled connection closed (EPIPE) and is sent again on a new one.
    const res = await post().catch(() => post());
    if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
    process.stderr.write(`bench: sync: seeded ${Math.min(i + 2000, docs.length)} of ${docs.length}\r`);
  }
  process.stderr.write('\n');
  return docs.length;
}

function runSync(path: string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/index.ts', 'sync', path, url, '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, GLOSS_SYNC_USER: 'alice', GLOSS_SYNC_PASSWORD: 'alice-pw' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`gloss sync exited ${code}: ${err}`)),
    );
  });
}

const ISW = join(ROOT, '..', 'shared', 'corpus', 'text', 'isw-2025-06-25.txt');
const LIVE_EDITS = Number(process.env['GLOSS_BENCH_SYNC_LIVE_EDITS'] ?? 24);

/** Connects an app to the team database through File › Team Sync… (live) and waits until it is up to date. */
async function connectApp(
  app: RunningApp,
  couch: TestCouch,
  db: string,
  user: string,
  password: string,
  timeout = 60_000,
) {
  await app.menu('team-sync');
  const d = app.page.getByRole('dialog', { name: 'Team sync' });
  await d.getByLabel('Server address').fill(couch.url);
  await d.getByLabel('Database').fill(db);
  await d.getByLabel('User name').fill(user);
  await d.getByLabel('Password').fill(password);
  await d.getByRole('button', { name: 'Connect' }).click();
  // A CSS selector, not a role: each poll of a role query computes the page's accessibility tree,
  // work the window's thread does during the sync being timed.
  await expect(app.page.locator('button.sync-indicator[data-state="up-to-date"]')).toHaveCount(1, {
    timeout,
  });
  await app.page.keyboard.press('Escape');
}

/** Records in one object store of the page's library, counted straight from IndexedDB. */
function countStore(app: RunningApp, store: string): Promise<number> {
  return app.page.evaluate(
    (store) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(store, 'readonly').objectStore(store).count();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

/**
 * `GLOSS_BENCH_SYNC_TRACE=<file>`: a Chrome trace of the first run's app first sync — every
 * thread's sampled CPU profile and IndexedDB's own events — for `tests/bench/trace-summary.ts`.
 * Tracing slows the run (about 1.5 times): its figures are not the bench's.
 */
const TRACE = process.env.GLOSS_BENCH_SYNC_TRACE;
let traced = false;

async function startTrace(app: RunningApp): Promise<{ end(file: string): Promise<void> }> {
  const cdp = await app.page.context().newCDPSession(app.page);
  const events: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => void events.push(...e.value));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: [
        'disabled-by-default-v8.cpu_profiler',
        'IndexedDB',
        'v8',
        ...(process.env.GLOSS_BENCH_SYNC_TRACE_EXTRA ?? '').split(',').filter(Boolean),
      ],
    },
    transferMode: 'ReportEvents',
  });
  return {
    async end(file) {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      await writeFile(file, JSON.stringify(events));
      process.stderr.write(`bench: sync: trace of the app's first sync written to ${file}\n`);
    },
  };
}

/**
 * The app's first sync into an empty profile (Chromium, the real sync worker, its requests over
 * the bridge): from the Connect click to the indicator saying up to date, with every record in
 * the store. Also noted: the progress the indicator showed, and the longest task on the
 * window's thread meanwhile (PerformanceObserver 'longtask').
 */
async function appFirstSync(
  ctx: BenchContext,
  couch: TestCouch,
  db: string,
  expected: { articles: number; annotations: number },
): Promise<{
  ms: number;
  longestTaskMs: number;
  progress: string[];
  phases: string[];
  cpu: CpuSeconds | null;
}> {
  const app = await ctx.startApp();
  try {
    await app.page.evaluate(() => {
      const w = window as unknown as { __longest: number; __labels: string[]; __phases: [string, number][] };
      w.__longest = 0;
      w.__labels = [];
      w.__phases = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
      // The indicator's label, noted each time it changes. Only the indicator is watched (its
      // `aria-label`); the page is watched just for the indicator to appear (or be made again),
      // so the bench does not query the page on every change the list and reader make.
      let indicator: Element | null = null;
      const note = () => {
        const label = indicator?.getAttribute('aria-label');
        if (label && label !== w.__labels.at(-1)) {
          w.__labels.push(label);
          // The phase a label names, and when it was first shown.
          const phase = /taking in/.test(label)
            ? 'apply'
            : /sending/.test(label)
              ? 'push'
              : /Syncing \d/.test(label)
                ? 'pull'
                : label.replace(/^Team sync: /, '').split(/[.,]/)[0]!;
          if (phase !== w.__phases.at(-1)?.[0]) w.__phases.push([phase, performance.now()]);
        }
      };
      const labels = new MutationObserver(note);
      new MutationObserver(() => {
        if (indicator?.isConnected) return;
        indicator = document.querySelector('button.sync-indicator');
        if (!indicator) return;
        labels.disconnect();
        labels.observe(indicator, { attributes: true, attributeFilter: ['aria-label'] });
        note();
      }).observe(document.body, { subtree: true, childList: true });
    });
    const trace = TRACE && !traced ? await startTrace(app) : null;
    traced ||= !!trace;
    const cpuBefore = cpuSnapshot();
    const t = performance.now();
    await connectApp(app, couch, db, 'alice', 'alice-pw', 30 * 60_000);
    const ms = performance.now() - t;
    const cpu = cpuBetween(cpuBefore, cpuSnapshot());
    if (trace) await trace.end(TRACE!);
    const [articles, annotations] = [await countStore(app, 'articles'), await countStore(app, 'annotations')];
    if (articles !== expected.articles || annotations !== expected.annotations) {
      throw new Error(
        `the app's first sync ended with ${articles} articles and ${annotations} annotations, not ${expected.articles} and ${expected.annotations}`,
      );
    }
    const { longest, labels, phases } = await app.page.evaluate(() => {
      const w = window as unknown as { __longest: number; __labels: string[]; __phases: [string, number][] };
      return { longest: w.__longest, labels: w.__labels, phases: w.__phases };
    });
    // How long each phase showed (until the next phase's first label).
    const split = phases.map(
      ([phase, at], i) => `${phase} ${Math.round(((phases[i + 1]?.[1] ?? at) - at) / 100) / 10} s`,
    );
    return { ms, longestTaskMs: longest, progress: labels, phases: split, cpu };
  } finally {
    await app.close();
  }
}

/**
 * The bare baseline: PouchDB's replicator alone pulling the database into an empty in-memory
 * database, with the same options as Gloss's own pulls (core/sync/replicate.ts). Its time.
 */
async function barePull(url: string, name: string): Promise<{ ms: number; cpu: CpuSeconds | null }> {
  const remote = new CliPouch(url, { auth: { username: 'alice', password: 'alice-pw' }, skip_setup: true });
  const local = new CliPouch(name, { adapter: 'memory' });
  const before = cpuSnapshot();
  const t = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      remote.replicate
        .to(local, {
          batch_size: DEFAULT_BATCH_SIZE,
          batches_limit: 4,
          retry: false,
          back_off_function: (d) => d,
        })
        .on('complete', () => resolve())
        .on('error', reject);
    });
    return { ms: performance.now() - t, cpu: cpuBetween(before, cpuSnapshot()) };
  } finally {
    await local.destroy();
    await remote.close();
  }
}

/**
 * The floor IndexedDB sets under any first sync into the app's store: the same records written
 * with nothing else — no server, no replica, no checks — in transactions of 1,000 (a sync page),
 * into object stores with the app's keys and indexes (read from `db/schema.ts`: articles as
 * `V2_STORES` declares them, their text apart; annotations as the latest version does), in a
 * page of the same browser (and, `indexes` false, with their primary keys alone). The records
 * reach the page before the clock starts. `alongside`, if given, starts with the writes and the
 * time is until both have ended (`ms`; the writes' own time is `writesMs`).
 */
async function indexedDbFloor(
  ctx: BenchContext,
  project: Awaited<ReturnType<typeof makeProject>>,
  indexes: boolean,
  alongside?: () => Promise<unknown>,
): Promise<{ ms: number; writesMs: number; cpu: CpuSeconds | null }> {
  const app = await ctx.startApp();
  try {
    const rows: [string, object][] = [
      ...project.articles.flatMap(({ text, blocks, removed, footnotes, original: _o, ...meta }) => [
        ['articles', { ...meta, chars: text.length }] as [string, object],
        ['bodies', { id: meta.id, text, blocks, removed, footnotes }] as [string, object],
      ]),
      ...project.annotations.map((a): [string, object] => ['annotations', a]),
    ];
    await app.page.evaluate(() => void ((window as unknown as { __floor: unknown[] }).__floor = []));
    for (let i = 0; i < rows.length; i += 5000) {
      await app.page.evaluate(
        (chunk) => void (window as unknown as { __floor: unknown[] }).__floor.push(...chunk),
        rows.slice(i, i + 5000),
      );
    }
    const before = cpuSnapshot();
    const t = performance.now();
    // Dexie's index specs: `&` unique, `*` multi-entry, `[a+b]` compound.
    const specs = (stores: string) =>
      stores
        .split(',')
        .slice(1)
        .map((spec) => {
          const name = spec.trim().replace(/^[&*]/, '');
          return {
            name,
            keyPath: name.startsWith('[') ? name.slice(1, -1).split('+') : name,
            unique: spec.trim().startsWith('&'),
            multiEntry: spec.trim().startsWith('*'),
          };
        });
    const wanted = {
      articles: indexes ? specs(V2_STORES.articles) : [],
      annotations: indexes ? specs(LATEST_ANNOTATION_STORES) : [],
    };
    const other = alongside?.();
    const writes = app.page.evaluate(async (wanted) => {
      const rows = (window as unknown as { __floor: [string, object][] }).__floor;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(`floor-${Date.now()}`, 1);
        open.onupgradeneeded = () => {
          const d = open.result;
          const articles = d.createObjectStore('articles', { keyPath: 'id' });
          d.createObjectStore('bodies', { keyPath: 'id' });
          const annotations = d.createObjectStore('annotations', { keyPath: 'id' });
          for (const [store, specs] of [
            [articles, wanted.articles],
            [annotations, wanted.annotations],
          ] as const)
            for (const { name, keyPath, unique, multiEntry } of specs)
              store.createIndex(name, keyPath, { unique, multiEntry });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (let i = 0; i < rows.length; i += 1000) {
        const page = rows.slice(i, i + 1000);
        const tx = db.transaction([...new Set(page.map(([store]) => store))], 'readwrite');
        for (const [store, value] of page) tx.objectStore(store).put(value);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    }, wanted);
    const [writesMs] = await Promise.all([writes.then(() => performance.now() - t), other]);
    const ms = performance.now() - t;
    return { ms, writesMs, cpu: cpuBetween(before, cpuSnapshot()) };
  } finally {
    await app.close();
  }
}

const total = (cpu: CpuSeconds) => Object.values(cpu).reduce((a, b) => a + b, 0);
const rounded = (cpu: CpuSeconds | null) =>
  cpu && Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round(v * 10) / 10]));

/**
 * Where the machine's cores went during a first sync (Linux): the median CPU seconds of each
 * group of processes (the server; the browser's thread pool, where IndexedDB's backing store
 * runs, and the rest of it; the renderer; this host process — Playwright and the main process's
 * handlers), their total, and how many cores that kept busy on average (total over wall time).
 */
function cpuFigures(prefix: string, runs: CpuSeconds[], ms: number[]): Record<string, number> {
  if (runs.length === 0) return {};
  const groups = [...new Set(runs.flatMap((r) => Object.keys(r)))] as (keyof CpuSeconds)[];
  const out: Record<string, number> = {};
  for (const g of groups) out[`${prefix}_cpu_${g.replace(/-/g, '_')}_s`] = median(runs.map((r) => r[g] ?? 0));
  out[`${prefix}_cpu_s`] = median(runs.map(total));
  out[`${prefix}_cores_busy`] = median(runs.map((r, i) => total(r) / (ms[i]! / 1000)));
  return out;
}

/** Phrases of three words that occur once in `text`, spread over it. */
function phrases(text: string, count: number): string[] {
  const words = [...text.matchAll(/[A-Za-z]{4,}(?: [A-Za-z]{3,}){2}/g)].map((m) => m[0]);
  const once = words.filter((w) => text.indexOf(w) === text.lastIndexOf(w));
  const step = Math.max(1, Math.floor(once.length / count));
  return once.filter((_, i) => i % step === 0).slice(0, count);
}

/**
 * Live mode: the time from the key press that makes an annotation in client A to the moment it
 * is drawn in client B's annotation list (two app profiles in Chromium, live, through the same
 * server), over LIVE_EDITS edits; the bare baseline, in the same run, is PouchDB's own live
 * replication carrying one new document from one in-memory database to another through the
 * same server.
 */
async function liveLatency(ctx: BenchContext, couch: TestCouch): Promise<{ app: number[]; bare: number[] }> {
  await createUser(couch, 'bea', 'bea-pw', ['gloss-writer']);
  const db = 'live';
  const url = await createDatabase(couch, db, ['alice', 'bea']);
  const a = await ctx.startApp();
  const b = await ctx.startApp();
  const app: number[] = [];
  const bare: number[] = [];
  try {
    await a.answerOpenDialog([ISW]);
    await a.menu('import-articles');
    const textA = a.page.getByRole('textbox', { name: 'Article text' });
    await expect(textA).toContainText('Marco Rubio');
    await connectApp(a, couch, db, 'alice', 'alice-pw');
    await connectApp(b, couch, db, 'bea', 'bea-pw');
    await b.page.getByRole('listbox', { name: 'Articles' }).getByRole('option').first().click();
    await expect(b.page.getByRole('textbox', { name: 'Article text' })).toContainText('Marco Rubio');
    // B notes when each new annotation is drawn; A notes each key press that makes one.
    await b.page.evaluate(() => {
      const w = window as unknown as { __drawn: number[] };
      w.__drawn = [];
      // The pane's count (the list itself draws only the rows in view).
      const count = () =>
        Number(
          document.querySelector('section[aria-label="Annotations"] .pane-header .count')?.textContent ?? 0,
        );
      new MutationObserver(() => {
        const n = count();
        if (w.__drawn[n] === undefined) w.__drawn[n] = performance.timeOrigin + performance.now();
      }).observe(document.body, { childList: true, subtree: true });
    });
    await a.page.evaluate(() => {
      const w = window as unknown as { __pressed: number[] };
      w.__pressed = [];
      window.addEventListener(
        'keydown',
        (e) => {
          if (e.key === 'c') w.__pressed.push(performance.timeOrigin + performance.now());
        },
        true,
      );
    });
    const text = await textA.innerText();
    const countA = a.page.locator('section[aria-label="Annotations"] .pane-header .count');
    let made = 0;
    for (const phrase of phrases(text, LIVE_EDITS * 2)) {
      if (made === LIVE_EDITS) break;
      await selectText(a.page, phrase);
      await a.page.keyboard.press('c');
      // A phrase the reader would not annotate (inside a note marker, say) makes nothing: skip it.
      const created = await expect(countA)
        .toHaveText(String(made + 1), { timeout: 5000 })
        .then(() => true)
        .catch(() => false);
      if (!created) {
        await a.page.keyboard.press('Escape');
        continue;
      }
      made++;
      await b.page
        .waitForFunction((n) => (window as unknown as { __drawn: number[] }).__drawn[n] !== undefined, made, {
          timeout: 30_000,
        })
        .catch(async (err: unknown) => {
          throw new Error(
            `annotation ${made} (“${phrase}”) did not reach B within 30 s: B saw ${JSON.stringify(await b.page.evaluate(() => (window as unknown as { __drawn: number[] }).__drawn))}`,
            { cause: err },
          );
        });
      const pressed = await a.page.evaluate(() =>
        (window as unknown as { __pressed: number[] }).__pressed.at(-1)!,
      );
      const drawn = await b.page.evaluate(
        (n) => (window as unknown as { __drawn: number[] }).__drawn[n]!,
        made,
      );
      app.push(drawn - pressed);
      // Let A's sync settle (its indicator back to up to date) before the next edit.
      await expect(a.page.getByRole('button', { name: /^Team sync:/ })).toHaveAttribute(
        'data-state',
        'up-to-date',
      );
    }
  } finally {
    await a.close();
    await b.close();
  }
  // The bare baseline: PouchDB's live replication alone, memory to server to memory.
  const auth = { username: 'alice', password: 'alice-pw' };
  const from = new CliPouch('bench-live-from', { adapter: 'memory' });
  const to = new CliPouch('bench-live-to', { adapter: 'memory' });
  const up = from.replicate.to(new CliPouch(url, { auth, skip_setup: true }), LIVE);
  const down = new CliPouch(url, { auth, skip_setup: true }).replicate.to(to, LIVE);
  try {
    for (let i = 0; i < LIVE_EDITS; i++) {
      const id = `tag:bare-${i}`;
      const doc = toDocument({ kind: 'tag', record: { name: `bare-${i}`, color: '#3b82f6' } }, 'alice');
      const arrived = new Promise<number>((resolve) => {
        const feed = (to as unknown as LiveChanges).changes({ live: true, since: 'now' });
        feed.on('change', (c: { id: string }) => {
          if (c.id !== id) return;
          feed.cancel();
          resolve(performance.now());
        });
      });
      const t = performance.now();
      await from.put({ ...doc, _id: id });
      bare.push((await arrived) - t);
    }
  } finally {
    // Wait for both to stop, so that no request is still open when the server stops.
    const stopped = [up, down].map((r) => new Promise<void>((resolve) => r.on('complete', () => resolve())));
    up.cancel();
    down.cancel();
    await Promise.all(stopped);
    await from.destroy();
    await to.destroy();
  }
  return { app, bare };
}

const LIVE = {
  live: true,
  retry: true,
  batch_size: 100,
  batches_limit: 1,
  back_off_function: (d: number) => d,
};
interface LiveChanges {
  changes(o: { live: true; since: 'now' }): {
    on(e: 'change', f: (c: { id: string }) => void): void;
    cancel(): void;
  };
}

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  const scale = Number(process.env['GLOSS_BENCH_SYNC_SCALE'] ?? 1);
  const articles = Math.round(10_000 * scale);
  const annotations = Math.round(200_000 * scale);
  const couch = await startCouch();
  const dir = await mkdtemp(join(tmpdir(), 'gloss-bench-sync-'));
  try {
    await createUser(couch, 'alice', 'alice-pw', ['gloss-writer']);
    // GLOSS_BENCH_SYNC_LIVE=0 measures the first sync only.
    let liveFigures: Record<string, number> = {};
    if (process.env['GLOSS_BENCH_SYNC_LIVE'] !== '0') {
      const live = await liveLatency(ctx, couch);
      liveFigures = {
        [`sync_live_${live.app.length}_edits_p95_ms`]: percentile(live.app, 95),
        sync_live_median_ms: median(live.app),
        [`sync_live_bare_${live.bare.length}_docs_p95_ms`]: percentile(live.bare, 95),
        sync_live_bare_median_ms: median(live.bare),
        sync_live_p95_ratio: percentile(live.app, 95) / percentile(live.bare, 95),
      };
      process.stderr.write(`bench: sync: live ${JSON.stringify(liveFigures)}\n`);
    }
    // GLOSS_BENCH_SYNC_FIRST=0 measures live mode only.
    if (process.env['GLOSS_BENCH_SYNC_FIRST'] === '0') return liveFigures;
    // The database first: building 210,000 documents outlasts the server's keep-alive, and a
    // request on the pooled connection it closed fails ("other side closed").
    const url = await createDatabase(couch, 'bench', ['alice']);
    const project = await makeProject({ articles, annotations, seed: 14 });
    const docs = projectRecords(project).map((r) => toDocument(r, 'alice'));
    const t0 = performance.now();
    const count = await seed(couch, 'bench', docs);
    const seedMs = performance.now() - t0;
    const expected = { articles: project.articles.length, annotations: project.annotations.length };

    const app: number[] = [];
    const appLongest: number[] = [];
    const gloss: number[] = [];
    const bare: number[] = [];
    const appCpu: CpuSeconds[] = [];
    const bareCpu: CpuSeconds[] = [];
    const pullAndStore: number[] = [];
    const pullAndStoreCpu: CpuSeconds[] = [];
    // GLOSS_BENCH_SYNC_FLOOR=0 skips what IndexedDB alone costs (with the pull, and alone).
    const measureFloor = process.env['GLOSS_BENCH_SYNC_FLOOR'] !== '0';
    for (let i = 0; i < RUNS; i++) {
      const a = await appFirstSync(ctx, couch, 'bench', expected);
      app.push(a.ms);
      appLongest.push(a.longestTaskMs);
      if (a.cpu) appCpu.push(a.cpu);
      process.stderr.write(
        `bench: sync: run ${i + 1}: app ${Math.round(a.ms)} ms (longest task ${Math.round(a.longestTaskMs)} ms; phases: ${a.phases.join(', ')}; progress shown: ${a.progress.length} labels, e.g. ${JSON.stringify(a.progress.slice(0, 2).concat(a.progress.slice(-3)))})\n`,
      );

      const path = join(dir, `client-${i}.gloss`);
      await writeFile(path, await writeProjectFile(emptyProject('Bench', ALICE, '2025-07-01T00:00:00.000Z')));
      const t = performance.now();
      await runSync(path, url);
      gloss.push(performance.now() - t);

      const b = await barePull(url, `bench-bare-${i}`);
      bare.push(b.ms);
      if (b.cpu) bareCpu.push(b.cpu);
      process.stderr.write(
        `bench: sync: run ${i + 1}: gloss sync ${Math.round(gloss[i]!)} ms, bare ${Math.round(bare[i]!)} ms; CPU s during the app's first sync ${JSON.stringify(rounded(a.cpu))}, the bare pull's ${JSON.stringify(rounded(bareCpu.at(-1) ?? null))}\n`,
      );
      // The least any first sync into this store can take here: the same pull, and IndexedDB
      // alone writing the same records at the same time (neither waits for the other).
      if (measureFloor) {
        const both = await indexedDbFloor(ctx, project, true, () => barePull(url, `bench-both-${i}`));
        pullAndStore.push(both.ms);
        if (both.cpu) pullAndStoreCpu.push(both.cpu);
        process.stderr.write(
          `bench: sync: run ${i + 1}: the bare pull and IndexedDB alone writing the same records at once ${Math.round(both.ms)} ms (the writes ${Math.round(both.writesMs)} ms), CPU s ${JSON.stringify(rounded(both.cpu))}\n`,
        );
      }
    }
    // The floor, once: IndexedDB alone writing what a first sync writes (and without any index).
    const floor = measureFloor ? await indexedDbFloor(ctx, project, true) : null;
    const keysOnly = measureFloor ? await indexedDbFloor(ctx, project, false) : null;
    if (floor && keysOnly)
      process.stderr.write(
        `bench: sync: IndexedDB alone writing the same records: ${Math.round(floor.ms)} ms, CPU s ${JSON.stringify(rounded(floor.cpu))}; without indexes ${Math.round(keysOnly.ms)} ms, CPU s ${JSON.stringify(rounded(keysOnly.cpu))}\n`,
      );
    const size = `${articles}_articles_${annotations}_annotations`;
    return {
      ...liveFigures,
      [`sync_seed_server_${count}_docs_ms`]: seedMs,
      [`sync_first_${size}_app_ms`]: median(app),
      [`sync_first_${size}_app_longest_task_ms`]: median(appLongest),
      [`sync_first_${size}_cli_ms`]: median(gloss),
      [`sync_first_bare_replication_${size}_ms`]: median(bare),
      sync_first_app_ratio: median(app) / median(bare),
      sync_first_cli_ratio: median(gloss) / median(bare),
      ...cpuFigures('sync_first_app', appCpu, app),
      ...cpuFigures('sync_first_bare', bareCpu, bare),
      ...(floor && keysOnly
        ? {
            [`sync_first_${size}_indexeddb_floor_ms`]: floor.ms,
            ...cpuFigures('sync_first_indexeddb_floor', floor.cpu ? [floor.cpu] : [], [floor.ms]),
            [`sync_first_${size}_indexeddb_no_index_floor_ms`]: keysOnly.ms,
            ...cpuFigures('sync_first_indexeddb_no_index_floor', keysOnly.cpu ? [keysOnly.cpu] : [], [
              keysOnly.ms,
            ]),
          }
        : {}),
      ...(pullAndStore.length > 0
        ? {
            [`sync_first_${size}_bare_pull_and_store_ms`]: median(pullAndStore),
            sync_first_app_to_pull_and_store_ratio: median(app) / median(pullAndStore),
            ...cpuFigures('sync_first_bare_pull_and_store', pullAndStoreCpu, pullAndStore),
          }
        : {}),
    };
  } finally {
    await couch.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
