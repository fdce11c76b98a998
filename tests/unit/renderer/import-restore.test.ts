import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHtmlWithJsdom } from '../../../cli/node-import-context';
import { anchor } from '../../../core/anchoring';
import { sha256Hex } from '../../../core/hash';
import { ArticleSchema, type Annotation, type Article } from '../../../core/model';
import { getArticle } from '../../../renderer/src/db/articles';
import { ArticleChangeError, restoreRemovedText } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { importFiles } from '../../../renderer/src/features/import/import-files';
import {
  restoreRemoved,
  type RestorableArticle,
} from '../../../renderer/src/features/import/restore-removed';
import { makeAnnotation, storeAnnotations } from './records';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus');
const read = (path: string) => ({
  name: path.split('/').at(-1)!,
  bytes: new Uint8Array(readFileSync(join(CORPUS, path))),
});
const dbName = 'gloss-restore-test';
let db: GlossDB;

afterEach(async () => {
  db?.close();
  await Dexie.delete(dbName);
});

function annotationOn(article: Pick<Article, 'id' | 'text'>, quote: string, n = 0): Annotation {
  let start = -1;
  for (let i = 0; i <= n; i++) start = article.text.indexOf(quote, start + 1);
  if (start < 0) throw new Error(`quote not found: ${quote}`);
  return makeAnnotation(article.text, start, start + quote.length, {
    articleId: article.id,
    author: { id: 'a', name: 'A' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  });
}

/** Every block lies in the text, in order, without overlap, and covers some text. */
function expectConsistent(a: Article) {
  expect(ArticleSchema.safeParse(a).success).toBe(true);
  let last = -1;
  for (const b of a.blocks) {
    expect(b.start).toBeGreaterThan(last);
    expect(a.text.slice(b.start, b.end).trim()).not.toBe('');
    last = b.end;
  }
  for (const r of a.removed) expect(r.at).toBeLessThanOrEqual(a.text.length);
}

describe('restoreRemoved (pure)', () => {
  const base: RestorableArticle = {
    text: 'Title\n\nFirst paragraph [1].\n\nSecond paragraph.',
    blocks: [
      { type: 'heading' as const, start: 0, end: 5 },
      { type: 'paragraph' as const, start: 7, end: 27 },
      { type: 'paragraph' as const, start: 29, end: 46 },
    ],
    removed: [
      { at: 0, text: 'Photo', reason: 'Media placeholder' },
      { at: 27, text: 'Advertisement', reason: 'Advertisement label' },
      { at: 27, text: 'Share this', reason: 'Share buttons' },
      { at: 46, text: 'Related articles\nOther story', reason: 'after end' },
    ],
    footnotes: [{ start: 23, end: 26 }],
  };

  it('puts text back in the middle, with the paragraph break found there, and moves what follows', () => {
    const r = restoreRemoved(base, 1);
    expect(r.text).toBe('Title\n\nFirst paragraph [1].\n\nAdvertisement\n\nSecond paragraph.');
    expect(r.text.slice(r.start, r.end)).toBe('Advertisement');
    expect(r.blocks.map((b) => r.text.slice(b.start, b.end))).toEqual([
      'Title',
      'First paragraph [1].',
      'Advertisement',
      'Second paragraph.',
    ]);
    // The range that followed at the same point now follows the restored text.
    expect(r.removed).toEqual([
      { at: 0, text: 'Photo', reason: 'Media placeholder' },
      { at: r.end, text: 'Share this', reason: 'Share buttons' },
      { at: r.text.length, text: 'Related articles\nOther story', reason: 'after end' },
    ]);
    expect(r.footnotes).toEqual([{ start: 23, end: 26 }]);
  });

  it('puts text back at the start and at the end', () => {
    const first = restoreRemoved(base, 0);
    expect(first.text.startsWith('Photo\n\nTitle')).toBe(true);
    expect(first.footnotes).toEqual([{ start: 30, end: 33 }]);
    const last = restoreRemoved(base, 3);
    expect(last.text.endsWith('Second paragraph.\n\nRelated articles\nOther story')).toBe(true);
    expect(last.blocks.slice(-2).map((b) => last.text.slice(b.start, b.end))).toEqual([
      'Related articles',
      'Other story',
    ]);
  });

  it('restoring every range, in any order, gives the same text', () => {
    let a: RestorableArticle = { ...base };
    while (a.removed.length) a = { ...a, ...restoreRemoved(a, a.removed.length - 1) };
    let b: RestorableArticle = { ...base };
    while (b.removed.length) b = { ...b, ...restoreRemoved(b, 0) };
    expect(a.text).toBe(b.text);
    expect(a.text).toBe(
      'Photo\n\nTitle\n\nFirst paragraph [1].\n\nAdvertisement\n\nShare this\n\nSecond paragraph.\n\nRelated articles\nOther story',
    );
    expect(a.blocks).toEqual(b.blocks);
  });

  it('re-describes annotations on either side and leaves one that straddles the point alone', () => {
    const article = { id: 'x', ...base };
    const before = annotationOn(article, 'First paragraph');
    const after = annotationOn(article, 'Second');
    const straddle = annotationOn(article, 'graph [1].\n\nSecond');
    const r = restoreRemoved(base, 1, [before, after, straddle]);
    expect(r.annotations.map((c) => c.id)).toEqual([before.id, after.id]);
    for (const c of r.annotations) {
      const found = anchor(r.text, c.selectors);
      expect(found.status).toBe('exact');
    }
    const moved = r.annotations[1]!;
    expect(moved.selectors[0]).toMatchObject({
      type: 'TextPositionSelector',
      start: r.text.indexOf('Second'),
    });
  });
});

describe('restoreRemovedText (database)', () => {
  it('restores the ISW share trailer and the text after the end, keeping annotations anchored', async () => {
    db = new GlossDB(dbName);
    const report = await importFiles(db, [read('text/isw-2025-06-25.txt')]);
    const id = report.added[0]!.id;
    const article = (await getArticle(db, id))!;
    expect(article.removed.map((r) => r.reason)).toEqual([
      'Share buttons',
      "Text after the article's end (belongs to another piece)",
    ]);
    const early = annotationOn(article, 'Marco Rubio correctly stated');
    const late = annotationOn(article, article.text.slice(-40).trim());
    await storeAnnotations(db, [early, late]);

    const wilson = article.removed[1]!;
    const result = await restoreRemovedText(db, id, 1, wilson);
    let now = (await getArticle(db, id))!;
    expect(now.text.slice(result.start, result.end)).toBe(wilson.text);
    expect(now.text.startsWith(article.text)).toBe(true);
    expect(now.contentHash).toBe(await sha256Hex(now.text));
    expect((await db.articles.get(id))!.chars).toBe(now.text.length);
    expect(now.removed).toEqual([article.removed[0]]);
    expectConsistent(now);

    // The share line went before the other piece: restoring it puts it back in its place.
    await restoreRemovedText(db, id, 0, now.removed[0]!);
    now = (await getArticle(db, id))!;
    expect(now.removed).toEqual([]);
    const share = now.text.indexOf('Share the Post:');
    expect(share).toBeGreaterThan(article.text.length - 1);
    expect(share).toBeLessThan(now.text.indexOf('Wilson Center'));
    expectConsistent(now);

    for (const a of await db.annotations.toArray()) {
      const found = anchor(now.text, a.selectors);
      expect(found.status).toBe('exact');
    }
  });

  it('restores boilerplate removed from the middle of a saved web page', async () => {
    db = new GlossDB(dbName);
    // The corpus pages whose importer removed something: mid-article links, a photo label first.
    const pages = ['cnn', 'nytimes-1', 'wapo-1'];
    const report = await importFiles(
      db,
      pages.map((p) => read(`html/${p}/source.html`)),
      { parseHtml: parseHtmlWithJsdom },
    );
    expect(report.failed).toEqual([]);
    let restored = 0;
    for (const meta of report.added) {
      const article = (await getArticle(db, meta.id))!;
      for (let i = article.removed.length - 1; i >= 0; i--) {
        const current = (await getArticle(db, meta.id))!;
        await restoreRemovedText(db, meta.id, i, current.removed[i]!);
        restored++;
      }
      const now = (await getArticle(db, meta.id))!;
      expect(now.removed).toEqual([]);
      expect(now.contentHash).toBe(await sha256Hex(now.text));
      expectConsistent(now);
      for (const r of article.removed) expect(now.text).toContain(r.text);
    }
    expect(restored).toBe(4);
  }, 60_000);

  it('writes nothing when the article changed since the user saw it', async () => {
    db = new GlossDB(dbName);
    const report = await importFiles(db, [read('text/putin-press-on-reuters.txt')]);
    const id = report.added[0]!.id;
    const before = (await getArticle(db, id))!;
    const stale = { ...before.removed[0]!, text: 'something else' };
    await expect(restoreRemovedText(db, id, 0, stale)).rejects.toBeInstanceOf(ArticleChangeError);
    await expect(restoreRemovedText(db, id, 5, before.removed[0]!)).rejects.toThrow();
    expect(await getArticle(db, id)).toEqual(before);
  });
});
