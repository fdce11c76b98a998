import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportInput } from '../../../core/exporters';
import { emptyProject, readProjectFile, writeProjectFile } from '../../../core/project';
import { quoteSelector } from '../../../core/model';
import { runCommand, runGloss } from './run-cli';

const VARIANTS = resolve(import.meta.dirname, '../../fixtures/refi-qda/variants');
const DATASET = resolve(import.meta.dirname, '../../fixtures/export/dataset.json');
let dir = '';

async function zipFolder(folder: string, out: string): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  const walk = async (d: string): Promise<void> => {
    for (const name of await readdir(d)) {
      const path = join(d, name);
      if ((await stat(path)).isDirectory()) await walk(path);
      else files[relative(folder, path)] = new Uint8Array(await readFile(path));
    }
  };
  await walk(folder);
  await writeFile(out, zipSync(files));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-qdpx-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gloss import <file.qdpx>', () => {
  it('imports a MAXQDA-shaped project, remembers the code mapping in --map, and uses it next time', async () => {
    const qdpx = join(dir, 'maxqda.qdpx');
    await zipFolder(join(VARIANTS, 'maxqda-24'), qdpx);
    const map = join(dir, 'codes.json');
    await writeFile(map, JSON.stringify({ 'Topics/Threat': 'stance:opinion' }));
    const r = await runGloss(['import', qdpx, '--project', join(dir, 'a.gloss'), '--map', map]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported +.*maxqda\.qdpx: REFI-QDA project: 1 source \(1 new\), 3 annotations/);
    expect(r.stdout).toMatch(
      /^1 imported, 0 duplicates, 0 skipped, 0 failed; .*a\.gloss now holds 1 article\.$/m,
    );
    const saved = JSON.parse(await readFile(map, 'utf8')) as Record<string, string>;
    expect(saved).toMatchObject({
      'Topics/Threat': 'stance:opinion',
      'Statement type/Claim': 'kind:claim',
      'Topics/Weapons': 'tag:Weapons',
    });
    const doc = await readProjectFile(new Uint8Array(await readFile(join(dir, 'a.gloss'))));
    expect(
      doc.annotations.map((a) => [quoteSelector(a).exact.slice(0, 20), a.kind, a.stance, a.tags]),
    ).toEqual([
      ['Russia will achieve ', 'claim', 'opinion', []],
      ['Russian forces curre', 'assessment', null, []],
      ['Oreshnik', 'claim', null, ['Weapons']],
    ]);
  }, 60_000);

  it('remembers the mapping in the project file itself and uses it without --map', async () => {
    const qdpx = join(dir, 'maxqda-2.qdpx');
    await zipFolder(join(VARIANTS, 'maxqda-24'), qdpx);
    // A project that remembers one choice (as one saved by the app, or by an earlier import).
    const project = join(dir, 'remembers.gloss');
    const start = emptyProject('r', { id: 'ana', name: 'Ana' }, '2026-11-23T12:00:00.000Z');
    start.envelope.refiCodeMapping = { 'Topics/Threat': 'stance:opinion', 'Topics/Weapons': 'nothing' };
    await writeFile(project, await writeProjectFile(start));
    expect((await runCommand('import', [qdpx, '--project', project])).code).toBe(0);
    const doc = await readProjectFile(new Uint8Array(await readFile(project)));
    expect(doc.annotations.map((a) => [a.kind, a.stance, a.tags])).toEqual([
      ['claim', 'opinion', []],
      ['assessment', null, []],
      ['claim', null, []],
    ]);
    // Every code of the file is now remembered, the earlier choices kept.
    expect(doc.envelope.refiCodeMapping).toMatchObject({
      'Topics/Threat': 'stance:opinion',
      'Topics/Weapons': 'nothing',
      'Statement type/Claim': 'kind:claim',
    });
  }, 60_000);

  it('refuses to write a project whose remembered mapping is not one Gloss reads', async () => {
    const start = emptyProject('r', { id: 'ana', name: 'Ana' }, '2026-11-23T12:00:00.000Z');
    start.envelope.refiCodeMapping = { Claim: 'kind:rumour' };
    // Neither written nor read: the manifest is checked both ways.
    await expect((async () => writeProjectFile(start))()).rejects.toThrow(
      /refiCodeMapping\.Claim: expected kind:claim\|assessment\|figure/,
    );
  });

  it('round-trips a Gloss project through gloss export --format qdpx and back', async () => {
    const data = JSON.parse(await readFile(DATASET, 'utf8')) as ExportInput;
    const doc = emptyProject('rt', { id: 'ana', name: 'Ana' }, '2026-11-23T12:00:00.000Z');
    doc.articles = data.articles;
    doc.annotations = data.annotations;
    doc.sourceGrades = data.sourceGrades;
    const source = join(dir, 'source.gloss');
    await writeFile(source, await writeProjectFile(doc));
    const qdpx = join(dir, 'rt.qdpx');
    expect((await runCommand('export', [source, '--format', 'qdpx', '--out', qdpx])).code).toBe(0);
    const r = await runCommand('import', [qdpx, '--project', join(dir, 'back.gloss'), '--json']);
    expect(r.code).toBe(0);
    const back = await readProjectFile(new Uint8Array(await readFile(join(dir, 'back.gloss'))));
    const live = data.annotations
      .filter((a) => a.deletedAt === null)
      .map((a) => a.id)
      .sort();
    expect(back.annotations.map((a) => a.id).sort()).toEqual(live);
  }, 60_000);

  it('fails, saying why, on a real ATLAS.ti export none of whose texts it holds', async () => {
    const project = join(dir, 'atlas.gloss');
    const r = await runCommand('import', [
      resolve(import.meta.dirname, '../../fixtures/refi-qda/real/atlas-ti-8.4-macos-sources-removed.qdpx'),
      '--project',
      project,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /failed +.*atlas-ti-8\.4-macos-sources-removed\.qdpx: No text source in this project can be imported\. 1 picture source left out/,
    );
    expect(r.stdout).toMatch(/0 imported, 0 duplicates, 0 skipped, 1 failed; .*atlas\.gloss not changed\./);
    await expect(stat(project)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a bad mapping file with a usage error', async () => {
    const map = join(dir, 'bad.json');
    await writeFile(map, JSON.stringify({ Claim: 'kind:rumour' }));
    const r = await runCommand('import', [
      join(VARIANTS, 'nvivo-14/project.qde'),
      '--project',
      join(dir, 'c.gloss'),
      '--map',
      map,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/“Claim” maps to "kind:rumour"/);
  });
});
