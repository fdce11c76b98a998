import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { filterAnnotations, type ExportInput } from '../../../core/exporters';
import {
  compileFilter,
  foldedCell,
  gradeMap,
  rowArticle,
  toFilterRow,
  type FilterRow,
} from '../../../core/filter';
import type { AnnotationFilter } from '../../../core/model';

const COUNT = 200_000;
const RUNS = 9;
const root = resolve(import.meta.dirname, '../../..');

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

/** 200,000 annotations over the export fixture's real articles, as the table's rows. */
function bigInput(): { input: ExportInput; rows: FilterRow[] } {
  const fixture = JSON.parse(
    readFileSync(resolve(root, 'tests/fixtures/export/dataset.json'), 'utf8'),
  ) as ExportInput;
  const templates = fixture.annotations.filter((a) => a.deletedAt === null);
  const annotations = Array.from({ length: COUNT }, (_, i) => {
    const t = templates[i % templates.length]!;
    const hex = i.toString(16).padStart(12, '0');
    return { ...t, id: `0b1e55ed-${hex.slice(0, 4)}-4000-8000-${hex}`, tags: [...t.tags, `batch-${i % 50}`] };
  });
  const input = { ...fixture, annotations };
  const articles = new Map(fixture.articles.map((a) => [a.id, rowArticle(a)]));
  const grades = gradeMap(fixture.sourceGrades);
  const rows = annotations.map((a) => toFilterRow(a, articles.get(a.articleId), grades));
  return { input, rows };
}

/**
 * The one matcher (core/filter) on 200,000 table rows: a typical table filter (a kind chosen,
 * text typed in the quote column), compiled once and tested per row, against a bare loop doing
 * the same two comparisons inline, our floor. Also the core export path (rows made from the
 * annotations, then filtered) on the same 200,000.
 */
export async function run(): Promise<Record<string, number>> {
  const { input, rows } = bigInput();
  const filter: AnnotationFilter = { kinds: ['claim'], contains: { quote: 'the' } };
  // The first filter on a column folds its cells once (kept on the rows), as in the table.
  const matched = rows.filter(compileFilter(filter)).length;
  const bare = (): number => {
    let n = 0;
    for (const r of rows) if (r.cells.kind === 'claim' && foldedCell(r, 'quote').includes('the')) n++;
    return n;
  };
  if (bare() !== matched) throw new Error('the bare loop and the matcher disagree');
  const floor = time(bare);
  const table = time(() => rows.filter(compileFilter(filter)));
  const exportPath = time(() => filterAnnotations(input, filter));
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    filter_bare_loop_200k_ms: round(floor),
    filter_table_rows_200k_ms: round(table),
    filter_table_ratio: round(table / floor),
    filter_export_path_200k_ms: round(exportPath),
  };
}
