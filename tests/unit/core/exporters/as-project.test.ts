import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXPORT_ANALYST,
  ExportFormatError,
  exportAsProject,
  isExportDocument,
  looksLikeJsonExport,
  parseJsonExport,
  readJsonExportAsProject,
  toJson,
} from '../../../../core/exporters';
import { applyMerge, planMerge, resolveAll } from '../../../../core/merge';
import { emptyProject, readProjectFile, writeProjectFile } from '../../../../core/project';
import { dataset, live, root } from './fixture';

const EXPORTED_AT = '2026-11-24T09:00:00.000Z';
const exportText = () =>
  toJson({ ...dataset(), app: { name: 'Gloss', version: '0.1.0' }, exportedAt: EXPORTED_AT });
const bad = (name: string) => new Uint8Array(readFileSync(resolve(root, 'tests/fixtures/export-bad', name)));
const ME = { id: 'analyst-ana', name: 'Ana Analyst' };
const sortById = <T extends { id: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('exportAsProject: a Gloss JSON export as a project document to merge', () => {
  it('holds the export’s articles, annotations with their authors and times, grades and tags', async () => {
    const input = dataset();
    const doc = await exportAsProject(parseJsonExport(exportText()));
    expect(sortById(doc.articles)).toEqual(sortById(input.articles));
    expect(sortById(doc.annotations)).toEqual(sortById(live(input)));
    expect(doc.sourceGrades).toEqual([...input.sourceGrades].sort((a, b) => (a.source < b.source ? -1 : 1)));
    // The vocabulary: every tag the live annotations use, once, each with a colour.
    expect(doc.tags.map((t) => t.name).sort()).toEqual(
      [...new Set(live(input).flatMap((a) => a.tags))].sort(),
    );
    expect(doc.tags.every((t) => /^#[0-9a-f]{6}$/.test(t.color))).toBe(true);
    expect(doc.envelope).toMatchObject({
      type: 'gloss-project',
      analyst: EXPORT_ANALYST,
      savedAt: EXPORTED_AT,
      export: { app: { name: 'Gloss', version: '0.1.0' }, exportedAt: EXPORTED_AT },
    });
    expect(isExportDocument(doc)).toBe(true);
    // A valid project: the format's own writer and reader accept it.
    const reread = await readProjectFile(await writeProjectFile(doc));
    expect(reread.annotations).toEqual(doc.annotations);
  });

  it('round trip: merged into an empty project it restores every record; merged again it changes nothing', async () => {
    const theirs = await readJsonExportAsProject(new TextEncoder().encode(exportText()));
    const mine = emptyProject('Mine', ME, '2026-11-25T00:00:00.000Z');
    const plan = planMerge(mine, theirs);
    expect(plan.conflicts).toEqual([]);
    const merged = applyMerge(mine, theirs, plan, {});
    expect(sortById(merged.annotations)).toEqual(sortById(live(dataset())));
    expect(sortById(merged.articles)).toEqual(sortById(dataset().articles));
    expect(merged.sourceGrades).toHaveLength(dataset().sourceGrades.length);
    // An export is no exchange: no sync is recorded for it.
    expect(merged.envelope.syncs ?? []).toEqual([]);

    const again = planMerge(merged, theirs);
    expect(again.newArticles).toEqual([]);
    expect(again.newAnnotations).toEqual([]);
    expect(again.unchanged).toBe(live(dataset()).length);
    expect([again.updated, again.deleted, again.conflicts]).toEqual([[], [], []]);
  });

  it('turns a crafted far-future edit and tombstone into conflicts, not a silent rewrite or deletion', async () => {
    const mine = { ...emptyProject('Mine', ME, '2026-11-25T00:00:00.000Z') };
    const original = await readJsonExportAsProject(new TextEncoder().encode(exportText()));
    const base = applyMerge(mine, original, planMerge(mine, original), {});
    const crafted = await readJsonExportAsProject(bad('crafted-future-tombstone.json'));
    const plan = planMerge(base, crafted);
    expect(plan.updated).toEqual([]);
    expect(plan.deleted).toEqual([]);
    expect(plan.conflicts.map((c) => c.id).sort()).toEqual(
      crafted.annotations
        .slice(0, 2)
        .map((a) => a.id)
        .sort(),
    );
    const settled = applyMerge(base, crafted, plan, resolveAll(plan, 'both'));
    // Mine stay as they were (re-stamped as kept at the merge); theirs come in beside them as copies.
    for (const c of plan.conflicts) {
      const { updatedAt: _u, updatedBy: _ub, ...kept } = settled.annotations.find((a) => a.id === c.id)!;
      const { updatedAt: _m, updatedBy: _mb, ...mineBefore } = c.mine;
      expect(kept).toEqual(mineBefore);
      expect(kept.deletedAt).toBeNull();
    }
    expect(settled.annotations).toHaveLength(base.annotations.length + 2);
  });

  it.each([
    ['not-an-export.json', /not a Gloss export: its type is "FeatureCollection"/],
    ['malformed.json', /The file is not JSON/],
    ['newer-version.json', /newer Gloss \(format version 99\)/],
    ['hash-mismatch.json', /does not match its contentHash/],
    [
      'outside-text.json',
      /annotations\[0\]: its position \[900000, 900010\) lies outside the article's text/,
    ],
  ])('refuses %s with the reason', async (name, reason) => {
    const error = await readJsonExportAsProject(bad(name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportFormatError);
    expect((error as Error).message).toMatch(reason);
  });

  it('refuses bytes that are not UTF-8 text, and a file with two annotations of one id', async () => {
    await expect(readJsonExportAsProject(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).rejects.toThrow(
      'not UTF-8 text',
    );
    const doc = parseJsonExport(exportText());
    doc.annotations.push({ ...doc.annotations[0]! });
    await expect(exportAsProject(doc)).rejects.toThrow(/two annotations have the id/);
  });

  it('takes any .json, and a file of another name only when it starts like an export', () => {
    const enc = (t: string) => new TextEncoder().encode(t);
    expect(looksLikeJsonExport('data.JSON', enc('{}'))).toBe(true);
    expect(looksLikeJsonExport('notes.txt', enc('\ufeff{\n  "type": "gloss-export", "version": 1'))).toBe(
      true,
    );
    expect(looksLikeJsonExport('notes.txt', enc('{"type": "FeatureCollection"}'))).toBe(false);
    expect(looksLikeJsonExport('report.txt', enc('The type "gloss-export" is described below.'))).toBe(false);
  });
});
