import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filterAnnotations, parseJsonExport, type ExportInput } from '../../../core/exporters';
import { filterRows, withColumn, type FilterRow } from '../../../core/filter';
import type { AnnotationFilter, AnnotationSet } from '../../../core/model';
import { writeProjectFile } from '../../../core/project';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { loadExportData } from '../../../renderer/src/db/export-data';
import { readProjectDocument } from '../../../renderer/src/db/project-data';
import { saveSet } from '../../../renderer/src/db/sets';
import { readAll } from '../../../renderer/src/features/table/read-rows';
import { runCommand } from '../cli/run-cli';
import { storeAnnotations } from './records';

const root = resolve(import.meta.dirname, '../../..');
const dataset = (): ExportInput =>
  JSON.parse(readFileSync(resolve(root, 'tests/fixtures/export/dataset.json'), 'utf8')) as ExportInput;
const ME = { id: 'analyst-ana', name: 'Ana Analyst' };

let db: GlossDB;
let dir: string;
beforeEach(async () => {
  db = new GlossDB(`gloss-filter-paths-${Date.now()}-${Math.random()}`);
  const d = dataset();
  await addArticles(db, d.articles);
  await storeAnnotations(db, d.annotations);
  await db.sourceGrades.bulkAdd(d.sourceGrades);
  dir = await mkdtemp(join(tmpdir(), 'gloss-filter-paths-'));
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
  await rm(dir, { recursive: true, force: true });
});

/** The rows the annotations table shows, read from the store as the table reads them. */
async function tableRows(): Promise<FilterRow[]> {
  return (await readAll(db)).rows;
}

/** A filter made the way the table's column inputs make it. */
const typed = (...cells: [Parameters<typeof withColumn>[1], string][]): AnnotationFilter =>
  cells.reduce<AnnotationFilter>((f, [column, value]) => withColumn(f, column, value)!, {});

const FILTERS: [string, AnnotationFilter][] = [
  ['no stance', typed(['stance', '—'])],
  ['author contains (Arabic)', typed(['author', 'عمر'])],
  ['reliability B and claims', typed(['reliability', 'B'], ['kind', 'claim'])],
  ['no credibility on one source', { credibility: ['none'], sources: ['@channel_watch'] }],
  ['quote contains, any case', typed(['quote', 'TRUMP'])],
  ['tags column contains, two kinds', { contains: { tags: 'nato' }, kinds: ['claim', 'assessment'] }],
  ['published from (undated out)', { publishedFrom: '2025-06-26' }],
  ['any of two tags', { tags: ['casualties', 'aid'] }],
  ['article title and credibility', { contains: { article: 'regional' }, credibility: [2, 3] }],
  ['free text', { text: 'kroner' }],
  ['reliability E, no stance: nothing', typed(['reliability', 'E'], ['stance', '—'])],
];

describe('one filter, one matcher: the table, the app export and the core export agree', () => {
  it.each(FILTERS)('%s', async (_name, filter) => {
    const rows = await tableRows();
    const live = dataset().annotations.filter((a) => a.deletedAt === null);
    expect(rows).toHaveLength(live.length);
    const table = filterRows(rows, filter)
      .map((r) => r.id)
      .sort();
    const app = (await loadExportData(db, { kind: 'project' }, filter)).annotations.map((a) => a.id).sort();
    const core = filterAnnotations(dataset(), filter)
      .annotations.map((a) => a.id)
      .sort();
    expect(app).toEqual(table);
    expect(core).toEqual(table);
    // Each filter but the last keeps some annotations and drops others, so agreeing means something.
    if (!_name.endsWith('nothing')) {
      expect(table.length).toBeGreaterThan(0);
      expect(table.length).toBeLessThan(live.length);
    } else expect(table).toEqual([]);
  });
});

describe('a set saved from the table, in a project file, evaluated by the CLI', () => {
  it('gives exactly the annotations the table showed', async () => {
    const filter = typed(['stance', '—'], ['author', 'عمر']);
    const other = typed(['reliability', 'B'], ['quote', 'russia']);
    const rows = await tableRows();
    for (const [name, f] of [
      ['Omar, no stance', filter],
      ['ISW on Russia', other],
    ] as const) {
      await saveSet(db, { type: 'filter', name, filter: f });
    }
    const file = join(dir, 'sets.gloss');
    await writeFile(file, await writeProjectFile(await readProjectDocument(db, ME)));

    for (const [name, f] of [
      ['Omar, no stance', filter],
      ['ISW on Russia', other],
    ] as const) {
      const shown = filterRows(rows, f).map((r) => r.id);
      expect(shown.length).toBeGreaterThan(0);
      const { code, stdout, stderr } = await runCommand('export', [file, '--format', 'json', '--set', name]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(
        parseJsonExport(stdout)
          .annotations.map((a) => a.id)
          .sort(),
      ).toEqual([...shown].sort());
    }
  });

  it('evaluates a Gloss 1 file’s set by the table filter it kept, and names a missing set', async () => {
    const doc = await readProjectDocument(db, ME);
    // Gloss 1 wrote `kinds` as an approximation; only `table` said “no stance”.
    const old = {
      id: 'old-set',
      type: 'dynamic',
      name: 'Old',
      createdAt: '2026-11-20T00:00:00.000Z',
      filter: { kinds: ['assessment'], table: { kind: 'assessment', stance: '—' } },
    } as unknown as AnnotationSet;
    const file = join(dir, 'old.gloss');
    await writeFile(file, await writeProjectFile({ ...doc, sets: [old] }));
    const shown = filterRows(await tableRows(), { kinds: ['assessment'], stances: ['none'] }).map(
      (r) => r.id,
    );
    const all = filterRows(await tableRows(), { kinds: ['assessment'] });
    expect(shown.length).toBeLessThan(all.length);
    const out = await runCommand('export', [file, '--format', 'json', '--set', 'Old']);
    expect(out.code).toBe(0);
    expect(
      parseJsonExport(out.stdout)
        .annotations.map((a) => a.id)
        .sort(),
    ).toEqual([...shown].sort());

    const missing = await runCommand('export', [file, '--format', 'json', '--set', 'Nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has no set named “Nope”; its sets: “Old”');
  });
});
