import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { anchorMany, describe as describeRange, type AnchorResult } from '../../../core/anchoring';
import type { Selector } from '../../../core/model';
import { median } from '../stats';

/**
 * Anchoring speed in Node (no browser): `anchorMany` over a ~100 KB article built from the
 * corpus texts. Figures are medians of {@link RUNS} runs after {@link WARMUP} warm-up runs.
 * `_ratio` figures say how many annotations reached the intended status, so that a fast but
 * wrong anchorer does not pass unnoticed.
 */
const RUNS = 7;
const WARMUP = 2;
const TARGET_BYTES = 100_000;

const CORPUS = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus', 'text');
const FILES = ['isw-2025-06-25.txt', 'putin-press-on-reuters.txt', 'putin-historical-lands.txt'];

/** A small deterministic PRNG (mulberry32), so that every run measures the same annotations. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The corpus texts, repeated under numbered headings until the text reaches ~100 KB. */
function buildText(): string {
  const texts = FILES.map((f) => readFileSync(join(CORPUS, f), 'utf8'));
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const part = `Dispatch ${i + 1}\n\n${texts[i % texts.length]!}\n\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** `count` word-aligned ranges of 20–200 characters, as an analyst would select them. */
function ranges(text: string, count: number, seed: number): { start: number; end: number }[] {
  const next = random(seed);
  const out: { start: number; end: number }[] = [];
  while (out.length < count) {
    let start = Math.floor(next() * (text.length - 250));
    while (start > 0 && /\S/u.test(text[start - 1]!)) start--;
    let end = start + 20 + Math.floor(next() * 180);
    while (end < text.length && /\S/u.test(text[end]!)) end++;
    if (/\S/u.test(text[start]!) && /\S/u.test(text[end - 1]!)) out.push({ start, end });
  }
  return out;
}

function time(fn: () => AnchorResult[]): { ms: number; results: AnchorResult[] } {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples: number[] = [];
  let results: AnchorResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    results = fn();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), results };
}

const ratio = (results: AnchorResult[], status: AnchorResult['status']): number =>
  results.filter((r) => r.status === status).length / results.length;

export async function run(): Promise<Record<string, number>> {
  const text = buildText();
  const annotations: { selectors: Selector[] }[] = ranges(text, 1000, 1).map((r) => ({
    selectors: describeRange(text, r.start, r.end),
  }));

  const exact = time(() => anchorMany(text, annotations));
  if (ratio(exact.results, 'exact') !== 1)
    throw new Error('anchoring bench: unchanged text must anchor exactly');

  // An edit near the top shifts every annotation.
  const shifted = `Editor's note: this dispatch was updated.\n\n${text}`;
  const moved = time(() => anchorMany(shifted, annotations));

  // 100 annotations whose quote was edited everywhere it occurs: one character changed in it.
  const chosen = annotations.slice(0, 100);
  let edited = shifted;
  for (const a of chosen) {
    const q = a.selectors.find((s) => s.type === 'TextQuoteSelector');
    if (!q || q.type !== 'TextQuoteSelector') continue;
    const mid = q.exact.length >> 1;
    const changed = q.exact.slice(0, mid) + (q.exact[mid] === 'x' ? 'y' : 'x') + q.exact.slice(mid + 1);
    edited = edited.replaceAll(q.exact, changed);
  }
  const fuzzy = time(() => anchorMany(edited, chosen));

  return {
    text_kb: text.length / 1000,
    anchor_1000_exact_100kb_ms: exact.ms,
    anchor_1000_moved_100kb_ms: moved.ms,
    anchor_1000_moved_found_ratio: ratio(moved.results, 'moved'),
    anchor_100_fuzzy_100kb_ms: fuzzy.ms,
    anchor_100_fuzzy_found_ratio: ratio(fuzzy.results, 'fuzzy'),
  };
}
