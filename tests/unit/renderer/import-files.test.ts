import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHtmlWithJsdom } from '../../../cli/node-import-context';
import { onStoreChange, type StoreChange } from '../../../renderer/src/db/changes';
import { GlossDB } from '../../../renderer/src/db/db';
import { describeImport, importFiles } from '../../../renderer/src/features/import/import-files';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/text');
const FIXTURES = resolve(import.meta.dirname, '../../fixtures/import-bad');
const file = (dir: string, name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
const dbName = 'gloss-import-test';

afterEach(async () => {
  await Dexie.delete(dbName);
});

describe('importFiles', () => {
  it('imports the good files of a batch and reports each bad one, with progress', async () => {
    const db = new GlossDB(dbName);
    const progress: string[] = [];
    const report = await importFiles(
      db,
      [
        file(CORPUS, 'isw-2025-06-25.txt'),
        file(FIXTURES, 'photo.txt'),
        file(FIXTURES, 'empty.txt'),
        file(CORPUS, 'putin-press-on-reuters.txt'),
      ],
      { onProgress: (d, t) => progress.push(`${d}/${t}`) },
    );
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(report.added.map((a) => a.fileName)).toEqual(['isw-2025-06-25.txt', 'putin-press-on-reuters.txt']);
    expect(report.failed.map((f) => f.name)).toEqual(['photo.txt', 'empty.txt']);
    expect(report.failed[0]?.reason).toMatch(/photo\.txt/);
    expect(await db.articles.count()).toBe(2);

    const summary = describeImport(report);
    expect(summary.tone).toBe('warning');
    expect(summary.title).toBe('Imported 2 articles; 2 could not be imported');
    db.close();
  });

  it('stores what was read before a cancel, and leaves the files after it alone', async () => {
    const db = new GlossDB(dbName);
    const controller = new AbortController();
    const files = [
      file(CORPUS, 'isw-2025-06-25.txt'),
      file(CORPUS, 'putin-historical-lands.txt'),
      file(CORPUS, 'putin-press-on-reuters.txt'),
    ];
    const seen: (string | undefined)[] = [];
    const report = await importFiles(db, files, {
      signal: controller.signal,
      onProgress: (done, _total, next) => {
        seen.push(next);
        // Cancelled once the first file is stored: the files after it are left alone.
        if (done === 1) controller.abort();
      },
    });
    expect(seen).toEqual(['putin-historical-lands.txt']);
    expect(report.canceled).toBe(true);
    expect(report.skipped).toBe(2);
    expect(report.added.map((a) => a.fileName)).toEqual(['isw-2025-06-25.txt']);
    expect(await db.articles.count()).toBe(1);
    expect(await db.bodies.count()).toBe(1);
    const summary = describeImport(report);
    expect(summary.title).toBe('Import cancelled; imported 1 article; 2 not imported');
    expect(summary.tone).toBe('warning');
    db.close();
  });

  it('stores the articles read together in one transaction, a bad web page reported by name', async () => {
    const db = new GlossDB(dbName);
    const changes: StoreChange[] = [];
    const stop = onStoreChange(db, (c) => changes.push(c));
    const html = resolve(import.meta.dirname, '../../../../shared/corpus/html');
    const report = await importFiles(
      db,
      [
        file(join(html, 'rtl-1'), 'source.html'),
        file(FIXTURES, 'no-article.html'),
        file(CORPUS, 'isw-2025-06-25.txt'),
      ],
      // jsdom reads a page in hundreds of milliseconds: all three within one group here.
      { parseHtml: parseHtmlWithJsdom, storeEveryMs: 60_000 },
    );
    stop();
    expect(report.added.map((a) => a.fileName)).toEqual(['source.html', 'isw-2025-06-25.txt']);
    expect(report.failed).toEqual([
      { name: 'no-article.html', reason: '“no-article.html” has no article text to import.' },
    ]);
    // One write, so the library and the other views re-read once, not once per article.
    expect(changes).toHaveLength(1);
    expect(changes[0]!.keys.articles).toHaveLength(2);
    expect(await db.articles.count()).toBe(2);
    db.close();
  });

  it('stores what was read once the group has waited storeEveryMs, so the library fills during a batch', async () => {
    const db = new GlossDB(dbName);
    const changes: StoreChange[] = [];
    const stop = onStoreChange(db, (c) => changes.push(c));
    const report = await importFiles(
      db,
      [file(CORPUS, 'isw-2025-06-25.txt'), file(CORPUS, 'putin-press-on-reuters.txt')],
      { storeEveryMs: 0 },
    );
    stop();
    expect(report.added).toHaveLength(2);
    expect(changes.map((c) => c.keys.articles?.length)).toEqual([1, 1]);
    db.close();
  });

  it('stores the articles of a group one by one when the store refuses the group, naming each refused file', async () => {
    const db = new GlossDB(dbName);
    const report = await importFiles(
      db,
      [file(CORPUS, 'isw-2025-06-25.txt'), file(CORPUS, 'putin-press-on-reuters.txt')],
      // A format the project format does not know: the store's guard refuses every article.
      { override: { format: 'scroll' as never } },
    );
    expect(report.added).toEqual([]);
    expect(report.failed.map((f) => f.name)).toEqual(['isw-2025-06-25.txt', 'putin-press-on-reuters.txt']);
    expect(report.failed[0]!.reason).toMatch(/^“isw-2025-06-25\.txt” could not be imported: .*format/);
    expect(await db.articles.count()).toBe(0);
    db.close();
  });

  it('reports a duplicate within a batch and overrides fields of pasted articles', async () => {
    const db = new GlossDB(dbName);
    const isw = file(CORPUS, 'isw-2025-06-25.txt');
    const report = await importFiles(db, [isw, isw], {
      override: { format: 'paste', fileName: 'Pasted article' },
    });
    expect(report.added).toHaveLength(1);
    expect(report.added[0]).toMatchObject({ format: 'paste', fileName: 'Pasted article' });
    expect(report.duplicates).toEqual([
      { fileName: 'Pasted article', existingTitle: report.added[0]!.title },
    ]);
    db.close();
  });

  it('stores nothing when every file is bad', async () => {
    const db = new GlossDB(dbName);
    const report = await importFiles(db, [file(FIXTURES, 'blank.txt')]);
    expect(report.added).toEqual([]);
    expect(describeImport(report).tone).toBe('error');
    expect(await db.articles.count()).toBe(0);
    db.close();
  });

  it('skips scripts and images with their reason, not as failures', async () => {
    const db = new GlossDB(dbName);
    const hygiene = resolve(import.meta.dirname, '../../fixtures/import-hygiene/folder');
    const report = await importFiles(db, [
      file(hygiene, 'case_files/memo.txt'),
      file(hygiene, 'tracker.js'),
      file(hygiene, 'scan'),
    ]);
    expect(report.added.map((a) => a.fileName)).toEqual(['case_files/memo.txt']);
    expect(report.failed).toEqual([]);
    expect(report.notArticles).toEqual([
      { name: 'tracker.js', reason: '“tracker.js” is a script, not an article; skipped.' },
      { name: 'scan', reason: '“scan” is an image, not an article; skipped.' },
    ]);
    const summary = describeImport(report);
    expect(summary.tone).toBe('success');
    expect(summary.title).toBe('Imported 1 article; skipped 2 that are not an article');
    expect(summary.details).toEqual(report.notArticles!.map((f) => f.reason));
    db.close();
  });
});
