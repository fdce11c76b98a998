import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeChunksAtomic } from '../../cli/atomic-write';
import { exportChunks, type ExportInput } from '../../core/exporters';
import type { Annotation } from '../../core/model';

/**
 * One export of 1,000,000 annotations to a file, in a process of its own so that its peak
 * memory is its own: `node --import tsx tests/bench/export-1m-child.ts <csv|json|bare>` prints
 * `{ms, bytes, peakRssMb}`. `bare` is the floor: the same records, one `JSON.stringify` each,
 * written through the same atomic writer.
 */
const COUNT = 1_000_000;
const what = process.argv[2] as 'csv' | 'json' | 'bare';
const root = resolve(import.meta.dirname, '../..');

function bigInput(): ExportInput {
  const fixture = JSON.parse(
    readFileSync(resolve(root, 'tests/fixtures/export/dataset.json'), 'utf8'),
  ) as ExportInput;
  const templates = fixture.annotations.filter((a) => a.deletedAt === null);
  const annotations: Annotation[] = [];
  for (let i = 0; i < COUNT; i++) {
    const t = templates[i % templates.length]!;
    const hex = i.toString(16).padStart(12, '0');
    annotations.push({
      ...t,
      id: `0b1e55ed-${hex.slice(0, 4)}-4000-8000-${hex}`,
      tags: [...t.tags, `batch-${i % 50}`],
      note: `${t.note} (${i})`,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    });
  }
  return { ...fixture, annotations };
}

function* bare(input: ExportInput): Generator<string> {
  const parts: string[] = [];
  for (const a of input.annotations) {
    parts.push(JSON.stringify(a));
    if (parts.length === 1000) yield `${parts.splice(0).join('\n')}\n`;
  }
  yield `${parts.join('\n')}\n`;
}

const input = bigInput();
const dir = await mkdtemp(join(tmpdir(), 'gloss-bench-export-'));
try {
  const file = join(dir, `export.${what}`);
  const t0 = performance.now();
  await writeChunksAtomic(file, what === 'bare' ? bare(input) : exportChunks(what, input));
  const ms = performance.now() - t0;
  const { size } = await stat(file);
  process.stdout.write(JSON.stringify({ ms, bytes: size, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
