import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportInput } from '../../../core/exporters';
import type { Annotation } from '../../../core/model';
import { emptyProject, readProjectFile, writeProjectFile } from '../../../core/project';
import { ROOT, runCommand, runGloss } from './run-cli';

vi.setConfig({ testTimeout: 60_000 });

const BAD = join(ROOT, 'tests/fixtures/export-bad');
let dir = '';
let data: ExportInput;
let project = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-import-export-'));
  data = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/export/dataset.json'), 'utf8')) as ExportInput;
  const doc = emptyProject('Brief', { id: 'analyst-ana', name: 'Ana Analyst' }, '2026-11-23T12:00:00.000Z');
  doc.articles = data.articles;
  doc.annotations = data.annotations;
  doc.sourceGrades = data.sourceGrades;
  project = join(dir, 'brief.gloss');
  await writeFile(project, await writeProjectFile(doc));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = async (path: string) => readProjectFile(await readFile(path));
const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
const live = () => data.annotations.filter((a) => a.deletedAt === null);

describe('gloss import of a Gloss JSON export', () => {
  it('restores the export’s annotations, authors and times into a project (end to end)', async () => {
    const json = join(dir, 'brief.json');
    const exported = await runGloss(['export', project, '--format', 'json', '--out', json]);
    expect(exported.code).toBe(0);
    const target = join(dir, 'restored.gloss');
    const out = await runGloss(['import', json, '--project', target, '--analyst', 'Bob Reviewer']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Merging Gloss JSON export's file (saved ");
    expect(out.stdout).toContain('new annotations by Ana Analyst: ');
    expect(out.stdout).toContain('0 imported, 1 export merged, 0 duplicates, 0 skipped, 0 failed;');
    const doc = await read(target);
    expect(byId(doc.annotations)).toEqual(byId(live()));
    expect(byId(doc.articles)).toEqual(byId(data.articles));
    expect(doc.sourceGrades.map((g) => g.source).sort()).toEqual(
      data.sourceGrades.map((g) => g.source).sort(),
    );
    expect(doc.tags.map((t) => t.name).sort()).toEqual([...new Set(live().flatMap((a) => a.tags))].sort());
    // No plain-text article titled like the export's envelope, and no sync for an export.
    expect(doc.articles.some((a) => a.title.includes('gloss-export'))).toBe(false);
    expect(doc.envelope.analyst).toEqual({ id: 'bob-reviewer', name: 'Bob Reviewer' });
    expect(doc.envelope.syncs ?? []).toEqual([]);

    // Importing it again changes no record.
    const again = await runCommand('import', [json, '--project', target, '--json']);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as {
      merged: number;
      files: { status: string; merge: { annotations: { unchanged: number; conflicts: unknown[] } } }[];
    };
    expect(report.merged).toBe(1);
    expect(report.files[0]!.merge.annotations).toMatchObject({ unchanged: live().length, conflicts: [] });
    expect(byId((await read(target)).annotations)).toEqual(byId(live()));
  });

  it('turns a crafted far-future edit and tombstone into conflicts: nothing silently rewritten or deleted', async () => {
    const crafted = join(BAD, 'crafted-future-tombstone.json');
    const [edited, deleted] = (JSON.parse(await readFile(crafted, 'utf8')) as ExportInput).annotations;
    const out = await runCommand('import', [crafted, '--project', project]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('conflicts: 2 (resolved: both)');
    expect(out.stdout).toContain('updated: 0, deleted: 0');
    const doc = await read(project);
    const original = new Map(data.annotations.map((a) => [a.id, a]));
    // Mine are as they were (re-stamped as kept at the merge): the edit did not overwrite, the
    // tombstone did not delete.
    const unstamped = (a: Annotation | undefined) => {
      const { updatedAt: _u, updatedBy: _b, ...rest } = a!;
      return rest;
    };
    expect(unstamped(doc.annotations.find((a) => a.id === edited!.id))).toEqual(
      unstamped(original.get(edited!.id)),
    );
    expect(unstamped(doc.annotations.find((a) => a.id === deleted!.id))).toEqual(
      unstamped(original.get(deleted!.id)),
    );
    expect(doc.annotations.find((a) => a.id === deleted!.id)!.deletedAt).toBeNull();
    // Theirs are kept beside them, as copies (Keep both).
    expect(doc.annotations).toHaveLength(data.annotations.length + 2);
    expect(doc.annotations.filter((a) => a.note === 'Rewritten by a crafted export.')).toHaveLength(1);

    // Asked for, with --conflicts theirs, the file's versions win: an explicit choice, reported.
    const copy = join(dir, 'theirs.gloss');
    await writeFile(copy, await writeProjectFile({ ...doc, annotations: data.annotations }));
    const theirs = await runCommand('import', [crafted, '--project', copy, '--conflicts', 'theirs']);
    expect(theirs.stdout).toContain('conflicts: 2 (resolved: theirs)');
    const after = await read(copy);
    expect(after.annotations.find((a) => a.id === edited!.id)!.note).toBe('Rewritten by a crafted export.');
    expect(after.annotations.find((a) => a.id === deleted!.id)!.deletedAt).toBe('2099-01-01T00:00:00.000Z');

    const wrong = await runCommand('import', [crafted, '--project', project, '--conflicts', 'newest']);
    expect(wrong.code).toBe(2);
  });

  it.each([
    ['not-an-export.json', 'not a Gloss export: its type is "FeatureCollection", expected "gloss-export".'],
    ['malformed.json', 'The file is not JSON'],
    ['newer-version.json', 'newer Gloss (format version 99)'],
    ['hash-mismatch.json', 'does not match its contentHash'],
    ['outside-text.json', "its position [900000, 900010) lies outside the article's text"],
  ])('refuses %s with a one-line reason, exit 1, nothing written', async (name, reason) => {
    const before = await readFile(project);
    const file = join(dir, name);
    await copyFile(join(BAD, name), file);
    const out = await runCommand('import', [file, '--project', project]);
    expect(out.code).toBe(1);
    const line = `failed     ${file}: not restored: `;
    expect(out.stderr.startsWith(line)).toBe(true);
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain(reason);
    expect(out.stdout).toContain(`0 imported, 0 duplicates, 0 skipped, 1 failed; ${project} not changed.`);
    expect(await readFile(project)).toEqual(before);
    // Into a project that does not exist yet: none is created.
    const fresh = join(dir, 'fresh.gloss');
    expect((await runCommand('import', [file, '--project', fresh])).code).toBe(1);
    await expect(stat(fresh)).rejects.toThrow();
  });
});
