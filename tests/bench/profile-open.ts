/**
 * A look at File › Open Project…'s main thread (not a suite): seeds N articles × 10 annotations,
 * saves them as a project, opens it into a fresh profile under a CPU profile, and prints the
 * long tasks and the busiest stretches with their heaviest stacks. `node --import tsx
 * tests/bench/profile-open.ts [articles]`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerFirstRun } from '../e2e/harness/analyst';
import { startChromiumApp } from '../e2e/harness/fixtures';
import { paragraphs, seed } from './seed-library';

const ARTICLES = Number(process.argv[2] ?? 10_000);
const SHIM = 'globalThis.__name = (f) => f;';
const interactive = () => performance.getEntriesByName('gloss:interactive').length > 0;
const file = join(await mkdtemp(join(tmpdir(), 'gloss-profile-open-')), 'library.gloss');
const app = await startChromiumApp({ initScript: SHIM });
app.page.setDefaultTimeout(900_000);
await answerFirstRun(app.page, 'Bench Analyst');
await app.page.waitForFunction(interactive);
await seed(app.page, paragraphs(), { articles: ARTICLES, perArticle: 10, realHashes: true });
await app.reload();
await app.page.waitForFunction(interactive);
await app.answerSaveDialog(file);
await app.menu('save-project-as');
await app.page.getByText('library.gloss').first().waitFor();
await app.close();

const fresh = await startChromiumApp({ initScript: SHIM });
const { page } = fresh;
page.setDefaultTimeout(900_000);
try {
  await answerFirstRun(page, 'Bench Analyst');
  await page.waitForFunction(interactive);
  await page.evaluate(() => {
    const w = window as unknown as { __tasks: [number, number][] };
    w.__tasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask' });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const t0 = await page.evaluate(() => performance.now());
  await fresh.answerOpenDialog([file]);
  await fresh.menu('open-project');
  await page.getByText('Opened “').first().waitFor({ timeout: 900_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 1000))));
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: {
      startTime: number;
      nodes: {
        id: number;
        callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
        children?: number[];
      }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  const tasks = await page.evaluate(() => (window as unknown as { __tasks: [number, number][] }).__tasks);
  console.log('t0', Math.round(t0), 'long tasks', JSON.stringify(tasks));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frame = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anon)'}@${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
  };
  // Busy stretches: 50 ms buckets of non-idle samples, with their heaviest stacks.
  const buckets = new Map<number, { busy: number; stacks: Map<string, number> }>();
  let t = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]! / 1000;
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)') return;
    const b = Math.floor(t / 50);
    const bucket = buckets.get(b) ?? { busy: 0, stacks: new Map() };
    bucket.busy += profile.timeDeltas[i]! / 1000;
    const stack: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined && stack.length < 12; cur = parent.get(cur))
      stack.push(frame(cur));
    const key = stack.join(' < ');
    bucket.stacks.set(key, (bucket.stacks.get(key) ?? 0) + profile.timeDeltas[i]! / 1000);
    buckets.set(b, bucket);
  });
  // The longest task's stretch, 20 ms at a time, idle included.
  const longest = tasks.reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0]);
  const from = longest[0] - t0 - 100;
  const to = longest[0] + longest[1] - t0 + 100;
  const slices = new Map<number, Map<string, number>>();
  t = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]! / 1000;
    if (t < from || t > to) return;
    const b = Math.floor((t - from) / 20);
    const m = slices.get(b) ?? new Map<string, number>();
    const stack: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined && stack.length < 4; cur = parent.get(cur))
      stack.push(frame(cur));
    const key = stack.join(' < ');
    m.set(key, (m.get(key) ?? 0) + profile.timeDeltas[i]! / 1000);
    slices.set(b, m);
  });
  for (const [b, m] of [...slices].sort((x, y) => x[0] - y[0]))
    console.log(
      `+${b * 20 - 100}: ${[...m]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 3)
        .map(([k, v]) => `${v.toFixed(0)} ${k}`)
        .join(' | ')}`,
    );
  for (const [b, { busy, stacks }] of [...buckets].sort((x, y) => y[1].busy - x[1].busy).slice(0, 8)) {
    console.log(`\n@${b * 50} ms: ${busy.toFixed(0)} ms busy`);
    for (const [k, v] of [...stacks].sort((x, y) => y[1] - x[1]).slice(0, 5))
      console.log(`  ${v.toFixed(1)}  ${k}`);
  }
} finally {
  await fresh.close();
}
