import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFile } from '../../core/importers';
import type { Suggestion, SuggestionType } from '../../core/suggest';
import { nodeImportContext } from '../../cli/node-import-context';

/*
 * The gold set of tests/fixtures/suggest/gold.json and how suggestions are scored against it:
 * used by `npm run bench -- suggest` and by the unit test that keeps the figures from sliding.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
const GOLD = join(ROOT, 'tests', 'fixtures', 'suggest', 'gold.json');

interface GoldItemJson {
  type: SuggestionType;
  quote: string;
  n?: number;
  value?: number;
  unit?: string[];
  speaker?: string[];
}

export interface GoldItem {
  type: SuggestionType;
  start: number;
  end: number;
  value?: number;
  unit?: string[];
  speaker?: string[];
}

export interface GoldArticle {
  file: string;
  publisher: string;
  text: string;
  items: GoldItem[];
}

/** Imports each gold article as Gloss does and places its items (a quote must be unambiguous). */
export async function loadGold(): Promise<GoldArticle[]> {
  const json = JSON.parse(readFileSync(GOLD, 'utf8')) as {
    articles: { file: string; publisher?: string; items: GoldItemJson[] }[];
  };
  const out: GoldArticle[] = [];
  for (const a of json.articles) {
    const bytes = new Uint8Array(readFileSync(join(CORPUS, a.file)));
    const article = await importFile({ name: a.file.split('/').pop()!, bytes }, nodeImportContext());
    const text = article.text;
    const items = a.items.map((item) => {
      // A space of the gold matches any space of the text (pages use no-break spaces).
      const pattern = item.quote.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/ /gu, '\\s');
      const hits = [...text.matchAll(new RegExp(pattern, 'gu'))].map((m) => m.index);
      if (hits.length === 0) throw new Error(`gold quote not in ${a.file}: ${item.quote}`);
      if (hits.length > 1 && item.n === undefined)
        throw new Error(`gold quote occurs ${hits.length} times in ${a.file}, give n: ${item.quote}`);
      const start = hits[item.n ?? 0];
      if (start === undefined) throw new Error(`gold quote has no occurrence ${item.n}: ${item.quote}`);
      return { ...item, start, end: start + item.quote.length };
    });
    out.push({ file: a.file, publisher: a.publisher ?? article.source, text, items });
  }
  return out;
}

/** Overlap over union of two spans. */
export function iou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (overlap <= 0) return 0;
  return overlap / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
}

const norm = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’']/gu, "'")
    .replace(/^the\s+/u, '')
    .replace(/\s+/gu, ' ')
    .trim();

export interface TypeScore {
  gold: number;
  suggested: number;
  matched: number;
  precision: number;
  recall: number;
  /** Matches whose value and unit (figures) or speaker (quotations, attributions) are right. */
  fieldsRight: number;
  fieldAccuracy: number;
}

/**
 * Scores suggestions of one type against the gold: a suggestion matches a gold item of the same
 * type when overlap / union ≥ 0.5, one to one, greedily by best overlap. Fields are right when
 * the value is equal (figures) and the unit or speaker equals one of the gold's accepted answers
 * (case, a leading "the" and apostrophe shapes aside).
 */
export function scoreType(
  type: SuggestionType,
  gold: GoldItem[],
  suggested: Suggestion[],
): Omit<TypeScore, 'precision' | 'recall' | 'fieldAccuracy'> {
  const g = gold.filter((x) => x.type === type);
  const s = suggested.filter((x) => x.type === type);
  const pairs: { gi: number; si: number; score: number }[] = [];
  g.forEach((gx, gi) =>
    s.forEach((sx, si) => {
      const score = iou(gx, sx);
      if (score >= 0.5) pairs.push({ gi, si, score });
    }),
  );
  pairs.sort((a, b) => b.score - a.score);
  const usedG = new Set<number>();
  const usedS = new Set<number>();
  let matched = 0;
  let fieldsRight = 0;
  for (const p of pairs) {
    if (usedG.has(p.gi) || usedS.has(p.si)) continue;
    usedG.add(p.gi);
    usedS.add(p.si);
    matched++;
    const gx = g[p.gi]!;
    const f = s[p.si]!.fields;
    const right =
      type === 'figure'
        ? f.value === gx.value && (gx.unit ?? ['']).some((u) => norm(u) === norm(f.unit ?? ''))
        : (gx.speaker ?? []).some((sp) => norm(sp) === norm(f.speaker ?? ''));
    if (right) fieldsRight++;
  }
  return { gold: g.length, suggested: s.length, matched, fieldsRight };
}

/** Sums per-article scores and derives precision, recall and field accuracy. */
export function total(parts: Omit<TypeScore, 'precision' | 'recall' | 'fieldAccuracy'>[]): TypeScore {
  const sum = (k: 'gold' | 'suggested' | 'matched' | 'fieldsRight'): number =>
    parts.reduce((n, p) => n + p[k], 0);
  const gold = sum('gold');
  const suggested = sum('suggested');
  const matched = sum('matched');
  const fieldsRight = sum('fieldsRight');
  return {
    gold,
    suggested,
    matched,
    fieldsRight,
    precision: suggested ? matched / suggested : 1,
    recall: gold ? matched / gold : 1,
    fieldAccuracy: matched ? fieldsRight / matched : 0,
  };
}
