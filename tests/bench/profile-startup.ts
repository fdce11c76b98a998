/**
 * A look at start-up's main thread (not a suite): seeds N articles × 20 annotations, reloads
 * twice, and records a CPU profile of the third start until `gloss:interactive`; prints the
 * long tasks and the functions with the most self time. `node --import tsx
 * tests/bench/profile-startup.ts [articles]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { answerFirstRun } from '../e2e/harness/analyst';
import { startChromiumApp } from '../e2e/harness/fixtures';
import { paragraphs, seed } from './seed-library';

const ARTICLES = Number(process.argv[2] ?? 10_000);
const app = await startChromiumApp({
  initScript: process.env['IDB_LOG']
    ? readFileSync(process.env['IDB_LOG'], 'utf8')
    : 'globalThis.__name = (f) => f;',
});
const { page } = app;
page.setDefaultTimeout(900_000);
try {
  await answerFirstRun(page, 'Bench Analyst');
  await page.waitForFunction(() => performance.getEntriesByName('gloss:interactive').length > 0);
  const interactive = () =>
    page.waitForFunction(() => performance.getEntriesByName('gloss:interactive').length > 0);
  const timings = () =>
    page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const scripts = performance
        .getEntriesByType('resource')
        .filter((r) => r.name.endsWith('.js'))
        .map(
          (r) =>
            `${r.name.split('/').pop()} ${Math.round(r.startTime)}→${Math.round((r as PerformanceResourceTiming).responseEnd)}`,
        );
      const idb = (globalThis as unknown as { __idb?: { what: string; t0: number }[] }).__idb ?? [];
      return `nav: fetchStart ${Math.round(nav.fetchStart)} responseEnd ${Math.round(nav.responseEnd)} domInteractive ${Math.round(nav.domInteractive)} dcl ${Math.round(nav.domContentLoadedEventEnd)}; open at ${idb[0]?.t0}; interactive ${Math.round(performance.getEntriesByName('gloss:interactive')[0]!.startTime)}; ${scripts.join(', ')}`;
    });
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await interactive();
    console.log('empty', await timings());
  }
  await seed(page, paragraphs(), { articles: ARTICLES, perArticle: 20 });
  for (let i = 0; i < 4; i++) {
    await page.reload();
    await interactive();
    console.log(`${ARTICLES}`, await timings());
    // SETTLE=ms: let the start's idle-time work (in its workers too) finish before the next reload
    // (a diagnostic pause, not a measurement).
    if (process.env['SETTLE']) await page.waitForTimeout(Number(process.env['SETTLE']));
    console.log(
      (await page.evaluate(() => (globalThis as unknown as { __idb?: unknown[] }).__idb ?? []))
        .slice(0, 12)
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
  }
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await interactive();
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.reload();
  await interactive();
  const tasks = await page.evaluate(
    () =>
      new Promise<{ at: number; ms: number; interactive: number }>((resolve) => {
        const list: PerformanceEntry[] = [];
        new PerformanceObserver((l) => list.push(...l.getEntries())).observe({
          type: 'longtask',
          buffered: true,
        });
        requestAnimationFrame(() =>
          setTimeout(() => {
            const at = performance.getEntriesByName('gloss:interactive')[0]!.startTime;
            resolve(
              list.map((t) => ({
                at: Math.round(t.startTime),
                ms: Math.round(t.duration),
                interactive: Math.round(at),
              })) as never,
            );
          }, 0),
        );
      }),
  );
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: {
      nodes: {
        id: number;
        callFrame: { functionName: string; url: string; lineNumber: number };
        hitCount?: number;
      }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  writeFileSync('/tmp/g16c/startup.cpuprofile', JSON.stringify(profile));
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log('long tasks', JSON.stringify(tasks));
  console.log(
    (await page.evaluate(() => (globalThis as unknown as { __idb?: unknown[] }).__idb ?? []))
      .map((e) => JSON.stringify(e))
      .join('\n'),
  );
  console.log(
    [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([k, v]) => `${v.toFixed(1)} ms  ${k}`)
      .join('\n'),
  );
} finally {
  await app.close();
}
