import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toCsv, toJson, type ExportInput } from '../../../core/exporters';
import type { Annotation, Article } from '../../../core/model';

const COUNT = 100_000;
const RUNS = 7;
const root = resolve(import.meta.dirname, '../../..');

/**
 * 100 000 annotations over real articles: the ISW update (long, plain) and a short digest with
 * emoji, so that the code-point conversion has surrogate pairs to count.
 */
function bigInput(): ExportInput {
  const fixture = JSON.parse(
    readFileSync(resolve(root, 'tests/fixtures/export/dataset.json'), 'utf8'),
  ) as ExportInput;
  const articles: Article[] = fixture.articles;
  const templates = fixture.annotations.filter((a) => a.deletedAt === null);
  const annotations: Annotation[] = [];
  for (let i = 0; i < COUNT; i++) {
    const t = templates[i % templates.length]!;
    const hex = i.toString(16).padStart(12, '0');
    annotations.push({
      ...t,
      id: `0b1e55ed-${hex.slice(0, 4)}-4000-8000-${hex}`,
      tags: [...t.tags, `batch-${i % 50}`],
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    });
  }
  return { ...fixture, articles, annotations };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown): number {
  const times: number[] = [];
  fn(); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Export throughput: 100 000 annotations to CSV and to JSON (the file the user gets, pretty
 * printed), each also as a ratio to a bare `JSON.stringify` of the same records, our floor.
 * Targets (issue "Export"): each export ≤ 1 000 ms.
 */
export async function run(): Promise<Record<string, number>> {
  const input = bigInput();
  const records = {
    articles: input.articles,
    annotations: input.annotations,
    sourceGrades: input.sourceGrades,
  };
  const floor = time(() => JSON.stringify(records));
  const csv = time(() => toCsv(input));
  const json = time(() => toJson(input));
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    json_stringify_100k_ms: round(floor),
    export_csv_100k_ms: round(csv),
    export_json_100k_ms: round(json),
    export_csv_ratio: round(csv / floor),
    export_json_ratio: round(json / floor),
  };
}
