import { applyMerge, planMerge } from '../../../core/merge';
import { stampEdit } from '../../../core/model';
import { deflateSync } from 'node:zlib';
import { zlibCodec } from '../../../cli/zlib-codec';
import {
  DEFAULT_PROJECT_LIMITS,
  nestingDepth,
  readProjectFile,
  writeProjectFile,
  type ProjectDocument,
} from '../../../core/project';
import { BOB, makeProject, prng, uuidFrom } from '../../unit/core/project/make-project';

const RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Bob's side of a merge with `mine`: he has merged my file, then edited half of my annotations
 * and written as many new ones of his own, so the plan holds 25,000 updates and 25,000 new
 * annotations on the same articles.
 */
function colleague(mine: ProjectDocument): ProjectDocument {
  const rand = prng(99);
  const later = '2025-07-03T10:00:00.000Z';
  const annotations = mine.annotations.map((a, i) =>
    i % 2 === 0
      ? stampEdit(a, { ...a, note: `Bob checked ${i}` }, BOB, later)
      : { ...a, id: uuidFrom(rand), author: BOB, updatedBy: BOB },
  );
  return {
    ...mine,
    envelope: {
      ...mine.envelope,
      analyst: BOB,
      savedAt: '2025-07-04T09:00:00.000Z',
      syncs: [{ analyst: mine.envelope.analyst, savedAt: mine.envelope.savedAt }],
    },
    annotations,
  };
}

/**
 * Project files: save and open a project of 10,000 articles (~400 words each) and 100,000
 * annotations with Node's zlib, as the command line does (targets ≤ 3,000 ms each, issue "Shared
 * work you can trust"), against a bare baseline measured in the same run (`JSON.stringify` of the
 * same records deflated by zlib, and `JSON.parse` of that text: the least any save or open does);
 * once with the pure-JavaScript codec; plan and apply a merge of two projects of 50,000
 * annotations each, with provenance (target ≤ 300 ms), against a bare baseline (a Map of both
 * sides' annotations by id, the least any merge does); the file size; and the peak memory of
 * this process (`resourceUsage().maxRSS`, which includes generating the data).
 */
export async function run(): Promise<Record<string, number>> {
  const big = await makeProject({ articles: 10_000, annotations: 100_000, seed: 3 });
  let bytes: Uint8Array = new Uint8Array(0);
  const save = await time(async () => {
    bytes = await writeProjectFile(big, { codec: zlibCodec });
  });
  let heapPeak = 0;
  const open = await time(async () => {
    const doc = await readProjectFile(bytes, { codec: zlibCodec });
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    if (doc.annotations.length !== 100_000) throw new Error('the project did not read back whole');
  });
  const json = JSON.stringify({ articles: big.articles, annotations: big.annotations });
  const saveBaseline = await time(() =>
    deflateSync(JSON.stringify({ articles: big.articles, annotations: big.annotations }), { level: 1 }),
  );
  const openBaseline = await time(() => JSON.parse(json) as unknown);
  // The pure-JavaScript codec (what runs where Node's zlib is not available), once each.
  let t0 = performance.now();
  const jsBytes = await writeProjectFile(big);
  const saveJs = performance.now() - t0;
  t0 = performance.now();
  await readProjectFile(jsBytes);
  const openJs = performance.now() - t0;

  // The nesting-depth check every JSON entry passes before it is parsed, against parsing the
  // same text (the bare baseline): articles.json of the big project, ~all of it string content.
  const articlesJson = JSON.stringify(big.articles.map(({ original: _o, ...a }) => a));
  const depthCheck = await time(() => nestingDepth(articlesJson, DEFAULT_PROJECT_LIMITS.maxJsonDepth));
  const parse = await time(() => JSON.parse(articlesJson) as unknown);

  const mine = await makeProject({ articles: 2_000, annotations: 50_000, seed: 5 });
  const theirs = colleague(mine);
  let summary = { updated: 0, added: 0, conflicts: 0 };
  const merge = await time(() => {
    const plan = planMerge(mine, theirs);
    const merged = applyMerge(mine, theirs, plan);
    summary = {
      updated: plan.updated.length,
      added: plan.newAnnotations.reduce((n, g) => n + g.annotations.length, 0),
      conflicts: plan.conflicts.length,
    };
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    return merged;
  });
  const mergeBaseline = await time(() => {
    const byId = new Map(mine.annotations.map((a) => [a.id, a]));
    let shared = 0;
    for (const a of theirs.annotations) if (byId.has(a.id)) shared++;
    return shared;
  });
  if (summary.updated !== 25_000 || summary.added !== 25_000 || summary.conflicts !== 0) {
    throw new Error(`unexpected merge plan ${JSON.stringify(summary)}`);
  }
  const mib = (n: number) => n / (1024 * 1024);
  return {
    project_save_10k_articles_100k_annotations_ms: save,
    project_save_baseline_stringify_deflate_ms: saveBaseline,
    project_save_ratio_to_baseline: save / saveBaseline,
    project_open_10k_articles_100k_annotations_ms: open,
    project_open_baseline_json_parse_ms: openBaseline,
    project_open_ratio_to_baseline: open / openBaseline,
    project_file_10k_100k_mb: mib(bytes.length),
    project_save_10k_100k_fflate_ms: saveJs,
    project_open_10k_100k_fflate_ms: openJs,
    project_merge_50k_plus_50k_annotations_ms: merge,
    project_merge_baseline_map_by_id_ms: mergeBaseline,
    project_merge_ratio_to_baseline: merge / mergeBaseline,
    project_json_depth_check_10k_articles_ms: depthCheck,
    project_json_depth_check_to_parse_ratio: depthCheck / parse,
    project_peak_heap_used_mb: mib(heapPeak),
    project_peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}
