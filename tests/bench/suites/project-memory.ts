import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from '../stats';

const root = resolve(import.meta.dirname, '../../..');
/** GLOSS_BENCH_MEMORY_ANNOTATIONS / _ARTICLES set the size (default 100,000 on 10,000 articles), _RUNS the runs. */
const ANNOTATIONS = Number(process.env['GLOSS_BENCH_MEMORY_ANNOTATIONS'] ?? 100_000);
const ARTICLES = Number(process.env['GLOSS_BENCH_MEMORY_ARTICLES'] ?? 10_000);
const RUNS = Number(process.env['GLOSS_BENCH_MEMORY_RUNS'] ?? 3);
const STEPS = ['doc', 'save', 'save-whole', 'open', 'open-whole'] as const;

interface Step {
  ms: number;
  peakRssMb: number;
  error?: string;
}

function once(what: (typeof STEPS)[number], file: string): Step {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'tests/bench/project-memory-child.ts',
      what,
      file,
      String(ARTICLES),
      String(ANNOTATIONS),
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  const step = JSON.parse(out) as Step;
  if (step.error)
    process.stderr.write(`bench: project-memory: ${what} failed: ${step.error.slice(0, 200)}\n`);
  return step;
}

/**
 * Peak memory of saving and opening a project file with the app's codec (fflate), each step in
 * a process of its own (tests/bench/project-memory-child.ts): the documents stream into the zip
 * and are read back in pieces of about 1 MiB. Baselines measured in the same rounds: the
 * document alone in memory (`doc`, the floor of any save), and saving and opening with every
 * document as one string (`…_whole`, as before).
 */
export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-project-memory-'));
  const file = join(dir, 'project.gloss');
  try {
    const runs = Object.fromEntries(STEPS.map((s) => [s, [] as Step[]]));
    for (let i = 0; i < RUNS; i++) for (const step of STEPS) runs[step]!.push(once(step, file));
    const rss = (s: (typeof STEPS)[number]) => median(runs[s]!.map((r) => r.peakRssMb));
    const ms = (s: (typeof STEPS)[number]) => median(runs[s]!.map((r) => r.ms));
    return {
      project_memory_doc_peak_rss_mb: rss('doc'),
      project_memory_save_peak_rss_mb: rss('save'),
      project_memory_save_whole_peak_rss_mb: rss('save-whole'),
      project_memory_open_peak_rss_mb: rss('open'),
      project_memory_open_whole_peak_rss_mb: rss('open-whole'),
      project_memory_save_ms: ms('save'),
      project_memory_open_ms: ms('open'),
      // How many runs of each step failed (a string too long for V8, a file over the limits).
      ...Object.fromEntries(
        STEPS.map((s) => [
          `project_memory_${s.replace('-', '_')}_failed_runs`,
          runs[s]!.filter((r) => r.error).length,
        ]),
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
