import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, filterAnnotations, type ExportInput } from '../../../core/exporters';
import { projectRows } from '../../../core/filter';
import type { AnnotationFilter } from '../../../core/model';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { storeAnnotations } from './records';
import {
  READ_PAGE,
  countExport,
  loadExportData,
  scopeAnnotations,
  type ExportScope,
} from '../../../renderer/src/db/export-data';
import { buildExport, type ExportRequest } from '../../../renderer/src/features/export/build-export';
import { fileStem, suggestedFileName } from '../../../renderer/src/features/export/formats';
import { ExportCanceled, runExport } from '../../../renderer/src/features/export/run-export';

const root = resolve(import.meta.dirname, '../../..');
const dataset = (): ExportInput =>
  JSON.parse(readFileSync(resolve(root, 'tests/fixtures/export/dataset.json'), 'utf8')) as ExportInput;

let db: GlossDB;
beforeEach(async () => {
  db = new GlossDB(`gloss-export-data-${Date.now()}-${Math.random()}`);
  const d = dataset();
  // One article keeps its imported bytes, which no export may carry.
  await addArticles(
    db,
    d.articles.map((a, i) => (i === 0 ? { ...a, original: new TextEncoder().encode(a.text) } : a)),
  );
  await storeAnnotations(db, d.annotations);
  await db.sourceGrades.bulkAdd(d.sourceGrades);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const request = (over: Partial<ExportRequest> = {}): ExportRequest => ({
  dbName: db.name,
  scope: { kind: 'project' },
  filter: {},
  format: 'csv',
  csv: { columns: CSV_COLUMNS, bom: false },
  app: { name: 'Gloss', version: '0.1.0-test' },
  exportedAt: '2026-11-24T09:00:00.000Z',
  ...over,
});

describe('scopes and filters', () => {
  const d = dataset();
  const live = d.annotations.filter((a) => a.deletedAt === null);

  it.each<[string, ExportScope, string[]]>([
    ['project', { kind: 'project' }, live.map((a) => a.id)],
    [
      'article',
      { kind: 'article', articleId: 'digest-multilingual' },
      live.filter((a) => a.articleId === 'digest-multilingual').map((a) => a.id),
    ],
    ['selection', { kind: 'selection', annotationIds: [live[2]!.id, 'no-such-id'] }, [live[2]!.id]],
  ])('%s scope: its live annotations, tombstones left out', async (_name, scope, expected) => {
    const got = await scopeAnnotations(db, scope);
    expect(got.map((a) => a.id).sort()).toEqual([...expected].sort());
  });

  it.each<AnnotationFilter>([
    {},
    { kinds: ['figure'] },
    { stances: ['opinion'] },
    { kinds: ['claim', 'assessment'], tags: ['nato'] },
    { tags: ['no-such-tag'] },
  ])('count, data and the core filter agree for %j', async (filter) => {
    const expected = filterAnnotations(d, filter);
    const inScope = await scopeAnnotations(db, { kind: 'project' });
    const counted = countExport(inScope, filter, () => projectRows({ ...d, annotations: inScope }));
    const data = await loadExportData(db, { kind: 'project' }, filter);
    expect(counted).toEqual({ annotations: expected.annotations.length, articles: expected.articles.length });
    expect(data.annotations.map((a) => a.id).sort()).toEqual(expected.annotations.map((a) => a.id).sort());
    expect(data.articles.map((a) => a.id).sort()).toEqual(expected.articles.map((a) => a.id).sort());
    for (const a of data.articles) {
      expect(a).not.toHaveProperty('original');
      expect(a).not.toHaveProperty('chars');
      expect(a).toEqual(d.articles.find((x) => x.id === a.id));
    }
    const sources = new Set(data.articles.map((a) => a.source));
    expect(data.sourceGrades.map((g) => g.source).sort()).toEqual(
      d.sourceGrades
        .filter((g) => sources.has(g.source))
        .map((g) => g.source)
        .sort(),
    );
  });

  it.each<AnnotationFilter>([
    { sources: ['Monitoring Desk'] },
    { publishedFrom: '2025-06-26' },
    { publishedTo: '2025-06-25', kinds: ['claim'] },
    { publishedFrom: '2025-06-01', publishedTo: '2025-06-30' },
  ])('sources and publication dates narrow the data as the core filter does: %j', async (filter) => {
    const expected = filterAnnotations(d, filter);
    const inScope = await scopeAnnotations(db, { kind: 'project' });
    const counted = countExport(inScope, filter, () => projectRows({ ...d, annotations: inScope }));
    const data = await loadExportData(db, { kind: 'project' }, filter);
    // Each of these filters keeps some annotations and drops others, so the comparison means something.
    expect(expected.annotations.length).toBeGreaterThan(0);
    expect(expected.annotations.length).toBeLessThan(live.length);
    expect(counted).toEqual({ annotations: expected.annotations.length, articles: expected.articles.length });
    expect(data.annotations.map((a) => a.id).sort()).toEqual(expected.annotations.map((a) => a.id).sort());
  });

  it('reads a large library page by page, reporting progress, and can be cancelled between pages', async () => {
    const template = dataset().annotations[0]!;
    const extra = Array.from({ length: READ_PAGE * 2 + 10 }, (_, i) => ({
      ...template,
      id: `0b1e55ed-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    }));
    await storeAnnotations(db, extra);
    const total = extra.length + dataset().annotations.length;
    const seen: [number, number][] = [];
    const all = await scopeAnnotations(db, { kind: 'project' }, { onProgress: (d, t) => seen.push([d, t]) });
    expect(all).toHaveLength(total - 1); // one tombstone
    expect(seen.map(([done]) => done)).toEqual([READ_PAGE, READ_PAGE * 2, total, total]);
    expect(seen.every(([, t]) => t === total)).toBe(true);

    const controller = new AbortController();
    const read = scopeAnnotations(
      db,
      { kind: 'project' },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(read).rejects.toThrow();
  });
});

describe('buildExport', () => {
  it('writes the chosen CSV columns, in their documented order, with a BOM for Excel', async () => {
    const built = await buildExport(
      db,
      request({
        scope: { kind: 'article', articleId: 'digest-multilingual' },
        csv: { columns: ['quote', 'kind', 'annotation_id'], bom: true },
      }),
    );
    expect([...built.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(built.bytes);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(['annotation_id', 'kind', 'quote']);
    const live = dataset().annotations.filter(
      (a) => a.deletedAt === null && a.articleId === 'digest-multilingual',
    );
    expect(parsed.data).toHaveLength(live.length);
    expect(built).toMatchObject({ annotations: live.length, articles: 1 });
    expect(parsed.data.map((r) => r['quote']).sort()).toEqual(
      live
        .map((a) => a.selectors.find((s) => s.type === 'TextQuoteSelector')!)
        .map((q) => (q as { exact: string }).exact)
        .sort(),
    );
  });

  it('writes a REFI-QDA project of a filtered scope: its selections, and only its articles as sources', async () => {
    const built = await buildExport(db, request({ format: 'qdpx', filter: { kinds: ['figure'] } }));
    const files = unzipSync(built.bytes);
    const qde = strFromU8(files['project.qde']!);
    const figures = dataset().annotations.filter((a) => a.deletedAt === null && a.kind === 'figure');
    expect(qde.match(/<PlainTextSelection /g)).toHaveLength(figures.length);
    expect(Object.keys(files).filter((f) => f.startsWith('Sources/'))).toHaveLength(
      new Set(figures.map((a) => a.articleId)).size,
    );
    expect(built).toMatchObject({ annotations: figures.length });
  });

  it('writes the Hypothesis shape, with the CSV separator the dialog chose for CSV', async () => {
    const hyp = JSON.parse(
      new TextDecoder().decode((await buildExport(db, request({ format: 'hypothesis' }))).bytes),
    );
    expect(Object.keys(hyp)).toEqual(['export_date', 'export_userid', 'client_version', 'annotations']);
    const tsv = new TextDecoder().decode(
      (await buildExport(db, request({ csv: { columns: ['quote', 'tags'], bom: false, delimiter: '\t' } })))
        .bytes,
    );
    expect(tsv.split('\r\n')[0]).toBe('quote\ttags');
  });

  it.each(['json', 'w3c', 'md', 'html'] as const)('renders %s as UTF-8', async (format) => {
    const built = await buildExport(db, request({ format, filter: { kinds: ['figure'] } }));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(built.bytes);
    expect(text.length).toBeGreaterThan(100);
    if (format === 'json') {
      expect(JSON.parse(text).annotations.every((a: { kind: string }) => a.kind === 'figure')).toBe(true);
    }
    if (format === 'w3c') expect(JSON.parse(text).total).toBe(built.annotations);
  });

  it('runs on this thread where there are no workers, and a cancel rejects with ExportCanceled', async () => {
    const phases: string[] = [];
    const done = await runExport(request(), (p) => phases.push(p.phase)).result;
    expect(done.annotations).toBe(dataset().annotations.length - 1);
    expect(phases).toContain('reading');
    expect(phases.at(-1)).toBe('writing');

    const run = runExport(request(), () => undefined);
    run.cancel();
    await expect(run.result).rejects.toBeInstanceOf(ExportCanceled);
  });
});

describe('runExport with a worker that cannot start', () => {
  it('falls back to this thread, so the export still succeeds', async () => {
    let started = 0;
    class RefusedWorker extends EventTarget {
      constructor() {
        super();
        started++;
      }
      postMessage() {
        queueMicrotask(() => this.dispatchEvent(Object.assign(new Event('error'), { message: 'blocked' })));
      }
      terminate() {}
    }
    const globals = globalThis as { Worker?: unknown };
    globals.Worker = RefusedWorker;
    try {
      const built = await runExport(request({ format: 'json' }), () => undefined).result;
      expect(started).toBe(1);
      expect(built.annotations).toBe(dataset().annotations.length - 1);
    } finally {
      delete globals.Worker;
    }
  });
});

describe('suggested file names', () => {
  const day = new Date(2026, 10, 23, 15, 0);

  it('name the scope, the date and the format', () => {
    expect(
      suggestedFileName(
        'csv',
        {
          kind: 'article',
          title: 'Institute for the Study of War: Trump acknowledges Russia may have territorial ambitions',
        },
        day,
      ),
    ).toBe('institute-for-the-study-of-war-trump-acknowledges-russia-may-annotations-2026-11-23.csv');
    expect(suggestedFileName('w3c', { kind: 'project' }, day)).toBe('gloss-annotations-2026-11-23.jsonld');
    expect(suggestedFileName('html', { kind: 'selection', title: 'ISW' }, day)).toBe(
      'isw-selection-annotations-2026-11-23.html',
    );
  });

  it('keep letters of every script and drop what file systems forbid', () => {
    expect(fileStem('Regional press digest 🌍 — الملخص 摘要')).toBe('regional-press-digest-الملخص-摘要');
    expect(fileStem('a<b>c:d"e/f\\g|h?i*j')).toBe('a-b-c-d-e-f-g-h-i-j');
    expect(suggestedFileName('md', { kind: 'article', title: '***' }, day)).toBe(
      'article-annotations-2026-11-23.md',
    );
  });
});
