import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { median } from '../stats';

const RUNS = 3;
const root = resolve(import.meta.dirname, '../../..');

interface Child {
  ms: number;
  bytes: number;
  peakRssMb: number;
}

function once(what: 'bare' | 'csv' | 'json'): Child {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'tests/bench/export-1m-child.ts', what], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(out) as Child;
}

/**
 * Exports of 1,000,000 annotations streamed to a file (core/exporters' `exportChunks` through
 * the command line's atomic writer, as `gloss export --out` does), each in a process of its own
 * (tests/bench/export-1m-child.ts) so that its peak resident memory is its own. The floor,
 * measured in the same rounds: the same records as JSON lines, one `JSON.stringify` each,
 * through the same writer (`export_bare_1m_ms`). Before streaming, the JSON export of this many
 * annotations failed with `RangeError: Invalid string length`.
 */
export async function run(): Promise<Record<string, number>> {
  const runs: Record<'bare' | 'csv' | 'json', Child[]> = { bare: [], csv: [], json: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const what of ['bare', 'csv', 'json'] as const) runs[what].push(once(what));
  }
  const ms = (what: keyof typeof runs) => median(runs[what].map((r) => r.ms));
  const rss = (what: keyof typeof runs) => median(runs[what].map((r) => r.peakRssMb));
  return {
    export_bare_1m_ms: ms('bare'),
    export_csv_1m_ms: ms('csv'),
    export_json_1m_ms: ms('json'),
    export_csv_1m_ratio: ms('csv') / ms('bare'),
    export_json_1m_ratio: ms('json') / ms('bare'),
    export_bare_1m_peak_rss_mb: rss('bare'),
    export_csv_1m_peak_rss_mb: rss('csv'),
    export_json_1m_peak_rss_mb: rss('json'),
    export_json_1m_bytes: runs.json[0]!.bytes,
  };
}
