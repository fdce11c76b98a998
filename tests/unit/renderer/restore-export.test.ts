import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonExport, toJson, type ExportInput } from '../../../core/exporters';
import type { Article } from '../../../core/model';
import { addArticles, getArticle } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { RestoreError, isGlossExportFile, restoreExport } from '../../../renderer/src/db/restore-export';
import { buildExport } from '../../../renderer/src/features/export/build-export';
import { storeAnnotations } from './records';
import { describeImport, importFiles } from '../../../renderer/src/features/import/import-files';

const root = resolve(import.meta.dirname, '../../..');
const dataset = (): ExportInput =>
  JSON.parse(readFileSync(resolve(root, 'tests/fixtures/export/dataset.json'), 'utf8')) as ExportInput;

const dbs: GlossDB[] = [];
function freshDb(): GlossDB {
  const db = new GlossDB(`gloss-restore-${Date.now()}-${Math.random()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const bytes = (text: string) => new TextEncoder().encode(text);
const APP = { name: 'Gloss', version: '0.1.0-test' };

/** The whole library as plain records, for exact comparison. */
async function snapshot(db: GlossDB) {
  const ids = (await db.articles.toCollection().primaryKeys()).sort();
  const articles: Article[] = [];
  for (const id of ids) articles.push((await getArticle(db, id))!);
  return {
    articles,
    annotations: await db.annotations.orderBy(':id').toArray(),
    sourceGrades: await db.sourceGrades.orderBy(':id').toArray(),
  };
}

describe('restoreExport: a JSON export read back restores the set exactly', () => {
  let source: GlossDB;
  let text: string;
  beforeEach(async () => {
    source = freshDb();
    // The library is filled directly, not through the code under test.
    const d = dataset();
    await addArticles(source, d.articles);
    await storeAnnotations(source, d.annotations);
    await source.sourceGrades.bulkAdd(d.sourceGrades);
    const built = await buildExport(source, {
      dbName: source.name,
      scope: { kind: 'project' },
      filter: {},
      format: 'json',
      csv: { columns: [], bom: false },
      app: APP,
      exportedAt: '2026-11-24T09:00:00.000Z',
    });
    text = new TextDecoder().decode(built.bytes);
  });

  it('restores every article, annotation and source grade with its ids, authors and times', async () => {
    const target = freshDb();
    const report = await restoreExport(target, parseJsonExport(text));
    const before = await snapshot(source);
    const after = await snapshot(target);
    const live = before.annotations.filter((a) => a.deletedAt === null);
    expect(report.annotations).toEqual({ added: live.length, updated: 0, kept: 0 });
    expect(report.added.map((a) => a.id).sort()).toEqual(before.articles.map((a) => a.id));
    expect(after.articles).toEqual(before.articles);
    expect(after.annotations).toEqual(live);
    expect(after.sourceGrades).toEqual(before.sourceGrades);
    // Arabic, Chinese and emoji survive byte for byte.
    const digest = after.articles.find((a) => a.id === 'digest-multilingual')!;
    expect(digest.title).toBe('Regional press digest 🌍 — الملخص 摘要');
    // Tags joined the vocabulary.
    const tags = new Set(live.flatMap((a) => a.tags));
    expect((await target.tags.toArray()).map((t) => t.name).sort()).toEqual([...tags].sort());
  });

  it('imported twice, adds nothing: articles matched by text, annotations already up to date', async () => {
    const target = freshDb();
    await restoreExport(target, parseJsonExport(text));
    const first = await snapshot(target);
    const again = await restoreExport(target, parseJsonExport(text));
    expect(again.added).toEqual([]);
    expect(again.matched).toBe(first.articles.length);
    expect(again.annotations).toEqual({ added: 0, updated: 0, kept: first.annotations.length });
    expect(await snapshot(target)).toEqual(first);
  });

  it('attaches annotations to the library’s copy of an article imported under another id', async () => {
    const target = freshDb();
    const doc = parseJsonExport(text);
    const isw = doc.articles.find((a) => a.id === 'isw-2025-06-25')!;
    await restoreExport(target, {
      ...doc,
      articles: [{ ...isw, id: 'local-isw' }],
      annotations: [],
      sourceGrades: [],
    });
    const report = await restoreExport(target, doc);
    expect(report.matched).toBe(1);
    expect(await target.articles.count()).toBe(doc.articles.length);
    const onIsw = doc.annotations.filter((a) => a.articleId === 'isw-2025-06-25').map((a) => a.id);
    const stored = await target.annotations.bulkGet(onIsw);
    expect(stored.every((a) => a?.articleId === 'local-isw')).toBe(true);
  });

  it('keeps the newer of two versions of an annotation', async () => {
    const target = freshDb();
    const doc = parseJsonExport(text);
    await restoreExport(target, doc);
    const [a, b] = doc.annotations;
    await target.transaction('rw', target.articles, target.annotations, () =>
      target.annotations.update(a!.id, { note: 'edited later', updatedAt: '2030-01-01T00:00:00.000Z' }),
    );
    const newer = { ...b!, note: 'newer in the file', updatedAt: '2030-01-01T00:00:00.000Z' };
    const report = await restoreExport(target, {
      ...doc,
      annotations: doc.annotations.map((x) => (x.id === b!.id ? newer : x)),
    });
    expect(report.annotations.updated).toBe(1);
    expect((await target.annotations.get(a!.id))!.note).toBe('edited later');
    expect((await target.annotations.get(b!.id))!.note).toBe('newer in the file');
  });

  it('refuses, storing nothing, an article whose text does not match its hash', async () => {
    const target = freshDb();
    const doc = parseJsonExport(text);
    const [first, ...others] = doc.articles;
    const bad = { ...doc, articles: [...others, { ...first!, text: `${first!.text} (tampered)` }] };
    await expect(restoreExport(target, bad)).rejects.toThrow(/does not match its content hash/);
    expect(await snapshot(target)).toEqual({ articles: [], annotations: [], sourceGrades: [] });
  });

  it('refuses, storing nothing, when the library has the same article id with another text', async () => {
    const target = freshDb();
    const doc = parseJsonExport(text);
    const isw = doc.articles.find((a) => a.id === 'isw-2025-06-25')!;
    const edited = `${isw.text}\nA paragraph added later.`;
    const { sha256Hex } = await import('../../../core/hash');
    await restoreExport(target, {
      ...doc,
      articles: [
        {
          ...isw,
          text: edited,
          contentHash: await sha256Hex(edited),
          blocks: [...isw.blocks, { type: 'paragraph', start: isw.text.length + 1, end: edited.length }],
        },
      ],
      annotations: [],
      sourceGrades: [],
    });
    const before = await snapshot(target);
    await expect(restoreExport(target, doc)).rejects.toBeInstanceOf(RestoreError);
    expect(await snapshot(target)).toEqual(before);
  });
});

describe('importing a .json file through the import path', () => {
  it('restores a Gloss export and says so in the notice', async () => {
    const db = freshDb();
    const report = await importFiles(db, [{ name: 'brief.json', bytes: bytes(toJson(dataset())) }]);
    expect(report.failed).toEqual([]);
    expect(report.added).toHaveLength(3);
    const live = dataset().annotations.filter((a) => a.deletedAt === null).length;
    expect(await db.annotations.count()).toBe(live);
    const summary = describeImport(report);
    expect(summary.tone).toBe('success');
    expect(summary.title).toBe(`Imported 3 articles; restored ${live} annotations`);
    expect(summary.details[0]).toBe(
      `“brief.json” (Gloss export): restored ${live} annotations; 3 new articles.`,
    );
  });

  it.each([
    ['not JSON', 'notes.json', '{"type": "gloss-export", ', /not JSON/],
    ['another JSON document', 'data.json', '{"type": "FeatureCollection"}', /not a Gloss export/],
    [
      'a damaged export',
      'damaged.json',
      toJson(dataset()).replace('"kind": "claim"', '"kind": "rumour"'),
      /annotations\[\d+\]\.kind/,
    ],
    [
      'a newer format',
      'future.json',
      toJson(dataset()).replace('"version": 2', '"version": 7'),
      /newer Gloss/,
    ],
  ])('refuses %s with the reason, and stores nothing', async (_what, name, text, reason) => {
    const db = freshDb();
    const report = await importFiles(db, [{ name, bytes: bytes(text) }]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.reason).toMatch(reason);
    expect(report.failed[0]!.reason).toContain(name);
    expect(await db.articles.count()).toBe(0);
    expect(await db.annotations.count()).toBe(0);
    expect(describeImport(report).tone).toBe('error');
  });

  it('recognises an export by its content whatever its name, and leaves other files to the importers', () => {
    const json = bytes(`\ufeff${toJson(dataset())}`);
    expect(isGlossExportFile({ name: 'export.JSON', bytes: bytes('{}') })).toBe(true);
    expect(isGlossExportFile({ name: 'export.txt', bytes: json })).toBe(true);
    expect(
      isGlossExportFile({ name: 'notes.txt', bytes: bytes('About the "type": "gloss-export" files') }),
    ).toBe(false);
    expect(isGlossExportFile({ name: 'isw.txt', bytes: bytes('Institute for the Study of War') })).toBe(
      false,
    );
  });
});
