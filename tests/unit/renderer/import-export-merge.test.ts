import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJson, type ExportInput } from '../../../core/exporters';
import { planMerge, resolveAll } from '../../../core/merge';
import type { Annotation } from '../../../core/model';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { applyMergeToStore, readProjectDocument } from '../../../renderer/src/db/project-data';
import { describeImport, importFiles } from '../../../renderer/src/features/import/import-files';
import { storeAnnotations } from './records';

const root = resolve(import.meta.dirname, '../../..');
const dataset = (): ExportInput =>
  JSON.parse(readFileSync(resolve(root, 'tests/fixtures/export/dataset.json'), 'utf8')) as ExportInput;
const bad = (name: string) => ({
  name,
  bytes: new Uint8Array(readFileSync(resolve(root, 'tests/fixtures/export-bad', name))),
});
const ME = { id: 'analyst-bob', name: 'Bob Reviewer' };
const live = () => dataset().annotations.filter((a) => a.deletedAt === null);
const byId = (xs: readonly Annotation[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));

let db: GlossDB;
beforeEach(() => {
  db = new GlossDB(`gloss-import-export-${Date.now()}-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** What Import Articles… does with the files, then what the merge preview's Merge does. */
async function importAndMerge(
  file: { name: string; bytes: Uint8Array },
  resolution: 'both' | 'mine' = 'both',
) {
  const report = await importFiles(db, [file]);
  expect(report.failed).toEqual([]);
  const theirs = report.exports![0]!.doc;
  const mine = await readProjectDocument(db, ME);
  const plan = planMerge(mine, theirs);
  await applyMergeToStore(db, mine, theirs, plan, resolveAll(plan, resolution));
  return { report, plan };
}

describe('Import Articles… of a Gloss JSON export: a merge, through the preview', () => {
  it('reads the export without storing anything, and merging it restores every record', async () => {
    const text = toJson({
      ...dataset(),
      app: { name: 'Gloss', version: '0.1.0' },
      exportedAt: '2026-11-24T09:00:00.000Z',
    });
    const file = { name: 'brief.json', bytes: new TextEncoder().encode(text) };
    const read = await importFiles(db, [file]);
    expect(read.exports?.map((e) => e.name)).toEqual(['brief.json']);
    expect(read.added).toEqual([]);
    // Nothing is stored before the preview's Merge.
    expect(await db.articles.count()).toBe(0);
    expect(await db.annotations.count()).toBe(0);
    expect(describeImport(read).title).toBe('Read 1 Gloss export to merge');

    const { plan } = await importAndMerge(file);
    expect(plan.conflicts).toEqual([]);
    expect(byId(await db.annotations.toArray())).toEqual(byId(live()));
    expect((await db.articles.toArray()).map((a) => a.id).sort()).toEqual(
      dataset()
        .articles.map((a) => a.id)
        .sort(),
    );
    expect(await db.sourceGrades.count()).toBe(dataset().sourceGrades.length);
  });

  it('shows a crafted far-future edit and tombstone as conflicts; Keep both rewrites and deletes nothing', async () => {
    const d = dataset();
    await addArticles(db, d.articles);
    await storeAnnotations(db, d.annotations);
    await db.sourceGrades.bulkAdd(d.sourceGrades);
    const { plan } = await importAndMerge(bad('crafted-future-tombstone.json'));
    expect(plan.updated).toEqual([]);
    expect(plan.deleted).toEqual([]);
    expect(plan.conflicts).toHaveLength(2);
    for (const c of plan.conflicts) {
      const stored = (await db.annotations.get(c.id))!;
      // Kept mine (the merge re-stamps a kept version's updatedAt and updatedBy); content and
      // deletion as before.
      const { updatedAt: _u, updatedBy: _ub, ...rest } = stored;
      const { updatedAt: _m, updatedBy: _mb, ...before } = c.mine;
      expect(rest).toEqual(before);
      expect(stored.deletedAt).toBeNull();
    }
    expect(await db.annotations.count()).toBe(d.annotations.length + 2);
  });

  it('refuses a JSON file that is not a valid export with the reason; nothing is stored', async () => {
    const report = await importFiles(db, [bad('not-an-export.json'), bad('hash-mismatch.json')]);
    expect(report.exports).toBeUndefined();
    expect(report.failed.map((f) => f.reason)).toEqual([
      expect.stringContaining('“not-an-export.json” was not restored: The file is not a Gloss export'),
      expect.stringContaining('does not match its contentHash'),
    ]);
    expect(await db.articles.count()).toBe(0);
    expect(describeImport(report).tone).toBe('error');
  });
});
