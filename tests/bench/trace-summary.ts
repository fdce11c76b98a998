/**
 * Summarises a Chrome trace the sync bench wrote (`GLOSS_BENCH_SYNC_TRACE=<file>`): per thread of
 * the app, where its CPU went — the source module (through the build's source maps, with
 * `GLOSS_BUILD_UNMINIFIED=1`, else the bundle's function names) and IndexedDB's own work by
 * operation, count and time. Usage:
 *
 *   npx tsx tests/bench/trace-summary.ts <trace.json> [out/renderer/assets] [rows]
 *
 * With `GLOSS_TRACE_FUNCTIONS=1` each row is a function (name and source line), not a module;
 * `GLOSS_TRACE_STRETCHES=<n>` also lists the n longest stretches the window's thread was busy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  id?: string;
  cat?: string;
  dur?: number;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}
interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

const [file, assets = 'out/renderer/assets', rowsArg = '20'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: trace-summary.ts <trace.json> [assets folder] [rows]\n');
  process.exit(2);
}
const rows = Number(rowsArg);
const byFunction = process.env.GLOSS_TRACE_FUNCTIONS === '1';
const events = JSON.parse(readFileSync(file, 'utf8')) as TraceEvent[];

const threadNames = new Map<string, string>();
for (const e of events)
  if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');

// The sampled CPU profile of each thread: its call tree, and the samples with their intervals.
const profiles = new Map<
  string,
  { thread: string; nodes: Map<number, ProfileNode>; samples: [number, number][] }
>();
for (const e of events) {
  if (e.name === 'Profile' && e.id)
    profiles.set(`${e.pid}:${e.id}`, { thread: `${e.pid}:${e.tid}`, nodes: new Map(), samples: [] });
  if (e.name !== 'ProfileChunk' || !e.id) continue;
  const p = profiles.get(`${e.pid}:${e.id}`);
  const data = e.args?.data;
  if (!p || !data) continue;
  for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
  const samples = data.cpuProfile?.samples ?? [];
  const deltas = data.timeDeltas ?? [];
  samples.forEach((s, i) => p.samples.push([s, deltas[i] ?? 0]));
}

const maps = new Map<string, SourceMapConsumer | null>();
function sourceOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return `(${frame.functionName || 'native'})`;
  const script = basename(frame.url);
  if (!maps.has(script)) {
    const path = join(assets, `${script}.map`);
    maps.set(
      script,
      existsSync(path) ? new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8')) as never) : null,
    );
  }
  const map = maps.get(script);
  if (!map) return `${script} ${frame.functionName || '(anonymous)'}`;
  const at = map.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
  const source = (at.source ?? script).replace(/^.*node_modules\//, 'npm:').replace(/^(\.\.\/)+/, '');
  return byFunction ? `${source}:${at.line ?? '?'} ${frame.functionName || '(anonymous)'}` : source;
}

const seconds = (us: number) => (us / 1e6).toFixed(2).padStart(7);
const top = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1]).slice(0, rows);

for (const p of profiles.values()) {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const [id, dt] of p.samples) {
    const node = p.nodes.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    busy += dt;
    const own = sourceOf(node.callFrame);
    self.set(own, (self.get(own) ?? 0) + dt);
    const seen = new Set<string>();
    for (
      let n: ProfileNode | undefined = node;
      n;
      n = n.parent === undefined ? undefined : p.nodes.get(n.parent)
    ) {
      const source = sourceOf(n.callFrame);
      if (seen.has(source)) continue;
      seen.add(source);
      inclusive.set(source, (inclusive.get(source) ?? 0) + dt);
    }
  }
  if (busy < 1e5) continue;
  console.log(`\n${threadNames.get(p.thread) ?? p.thread} (${p.thread}): busy ${seconds(busy).trim()} s`);
  console.log('  self');
  for (const [k, v] of top(self)) console.log(`  ${seconds(v)}  ${k}`);
  console.log('  inclusive');
  for (const [k, v] of top(inclusive)) if (k !== '((root))') console.log(`  ${seconds(v)}  ${k}`);
}

// `GLOSS_TRACE_STRETCHES=<n>`: the n longest stretches the window's thread (CrRendererMain) was
// busy without a break — sampled, so tasks run back to back count as one, as a user feels them —
// each with the functions (or modules) that held it.
const stretchRows = Number(process.env.GLOSS_TRACE_STRETCHES ?? 0);
for (const p of stretchRows > 0 ? profiles.values() : []) {
  if (!(threadNames.get(p.thread) ?? '').startsWith('CrRendererMain')) continue;
  const stretches: { us: number; samples: [number, number][] }[] = [];
  let current: { us: number; samples: [number, number][] } | null = null;
  for (const sample of p.samples) {
    const node = p.nodes.get(sample[0]);
    const idle = !node || node.callFrame.functionName === '(idle)';
    if (idle) {
      if (current) stretches.push(current);
      current = null;
      continue;
    }
    current ??= { us: 0, samples: [] };
    current.us += sample[1];
    current.samples.push(sample);
  }
  if (current) stretches.push(current);
  stretches.sort((a, b) => b.us - a.us);
  console.log(`
${threadNames.get(p.thread)} (${p.thread}): the ${stretchRows} longest busy stretches`);
  for (const stretch of stretches.slice(0, stretchRows)) {
    const inclusive = new Map<string, number>();
    for (const [id, dt] of stretch.samples) {
      const seen = new Set<string>();
      for (let n = p.nodes.get(id); n; n = n.parent === undefined ? undefined : p.nodes.get(n.parent)) {
        const source = sourceOf(n.callFrame);
        if (seen.has(source) || source === '((root))') continue;
        seen.add(source);
        inclusive.set(source, (inclusive.get(source) ?? 0) + dt);
      }
    }
    // React's and its scheduler's own frames hold every render: the components below them tell.
    const held = [...inclusive]
      .filter(([k]) => !/^npm:(react-dom|scheduler)\//.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => `${(v / 1000).toFixed(0)} ms ${k}`);
    console.log(`  ${(stretch.us / 1000).toFixed(0).padStart(5)} ms: ${held.join(' · ')}`);
  }
}

// IndexedDB's own trace events (the browser's backing store and each context's requests).
const idb = new Map<string, { us: number; count: number }>();
for (const e of events) {
  if (e.ph !== 'X' || e.cat !== 'IndexedDB' || e.dur === undefined) continue;
  const key = `${threadNames.get(`${e.pid}:${e.tid}`) ?? e.tid} (${e.pid}:${e.tid}) ${e.name}`;
  const entry = idb.get(key) ?? { us: 0, count: 0 };
  entry.us += e.dur;
  entry.count++;
  idb.set(key, entry);
}
console.log('\nIndexedDB (nested events overlap: a transaction holds its operations)');
for (const [k, { us, count }] of [...idb].sort((a, b) => b[1].us - a[1].us).slice(0, rows * 2))
  console.log(`  ${seconds(us)}  ${String(count).padStart(7)}  ${k}`);
