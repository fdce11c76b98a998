import jsonld from 'jsonld';
import { JSDOM } from 'jsdom';
import Papa from 'papaparse';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { ANNO_CONTEXT, GlossExportSchema } from '../../../core/exporters';
import type { Annotation, TextQuoteSelector } from '../../../core/model';
import { CORPUS, FIXTURES, ROOT, expect, test, type GlossApp } from '../harness/fixtures';
import { selectText } from '../harness/reader';

const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');
const DIGEST = join(FIXTURES, 'export', 'regional-digest.txt');

interface Dump {
  articles: Record<string, unknown>[];
  bodies: { id: string; text: string }[];
  annotations: Annotation[];
  sourceGrades: Record<string, unknown>[];
  tags: { name: string }[];
}

/** Reads the app's IndexedDB directly (not through the app's code), every store sorted by key. */
function dump(page: Page): Promise<Dump> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('gloss');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const out = {
      articles: await all('articles'),
      bodies: await all('bodies'),
      annotations: await all('annotations'),
      sourceGrades: await all('sourceGrades'),
      tags: await all('tags'),
    };
    db.close();
    return out;
  }) as Promise<Dump>;
}

const articlesList = (page: Page) => page.getByRole('listbox', { name: 'Articles' }).getByRole('option');
const items = (page: Page) =>
  page.getByRole('listbox', { name: 'Annotations of this article' }).locator(':scope > li');
const editor = (page: Page) => page.getByRole('group', { name: 'Edit annotation' });
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Export annotations' });
const summary = (page: Page) => dialog(page).getByRole('status', { name: 'Export summary' });

async function importPaths(gloss: GlossApp, paths: string[], expected: number) {
  await gloss.answerOpenDialog(paths);
  await gloss.menu('import-articles');
  await expect(articlesList(gloss.page)).toHaveCount(expected);
}

async function openArticle(page: Page, title: RegExp) {
  await articlesList(page).filter({ hasText: title }).click();
  await expect(page.getByRole('region', { name: 'Reader' })).toContainText(title);
}

/** Marks `text` with a kind key, then presses the other keys (stance, credibility). */
async function annotate(page: Page, text: string, kind: string, keys: string[] = []) {
  const before = await items(page).count();
  await selectText(page, text);
  await page.keyboard.press(kind);
  await expect(items(page)).toHaveCount(before + 1);
  for (const k of keys) await page.keyboard.press(k);
}

async function tagAndNote(page: Page, tags: string[], note?: string) {
  const input = editor(page).getByLabel('Tags', { exact: true });
  for (const t of tags) {
    await input.fill(t);
    await input.press('Enter');
    await expect(editor(page).getByRole('list', { name: 'Tags of this annotation' })).toContainText(t);
  }
  if (note) {
    const field = editor(page).getByLabel('Note');
    await field.fill(note);
    await field.press('Tab');
  }
  await page.locator('.brand').click();
}

/** Exports through the dialog and its (test-answered) save dialog; returns the file's bytes. */
async function exportTo(gloss: GlossApp, format: RegExp, path: string, count: number): Promise<Buffer> {
  const { page } = gloss;
  await dialog(page).getByRole('radio', { name: format }).check();
  await gloss.answerSaveDialog(path);
  await dialog(page).getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByRole('status').filter({ hasText: `to “${basename(path)}”` })).toContainText(
    `Exported ${count} annotation${count === 1 ? '' : 's'}`,
  );
  await expect(dialog(page)).toHaveCount(0);
  return readFileSync(path);
}

const quoteOf = (a: Annotation) =>
  a.selectors.find((s) => s.type === 'TextQuoteSelector') as TextQuoteSelector;
/** What CSV injection protection adds: a leading apostrophe before = + - @ tab CR. */
const unguard = (cell: string) => (/^\u200b[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

test('export an annotated library in every format, read the files back, and restore the JSON into an empty library', async ({
  gloss,
}, testInfo) => {
  test.setTimeout(180_000);
  const { page } = gloss;
  await importPaths(gloss, [ISW, DIGEST], 2);

  // The ISW article: claims, assessments and figures, some tagged and with notes; a graded source.
  await openArticle(page, /Institute for the Study of War/);
  await annotate(page, 'Trump responded that “it’s possible.”', 'c', ['r', '2']);
  await tagAndNote(page, ['nato', 'russia-intentions'], 'Said at the NATO summit — قمة الناتو 🇳🇱');
  await annotate(
    page,
    'ISW has long assessed that Russia is preparing its military and society for a possible future conflict with NATO',
    'a',
    ['o'],
  );
  await tagAndNote(page, ['nato']);
  await annotate(page, 'over 80,000 killed-in-action', 'f');
  await annotate(page, 'Russia had stockpiled roughly 600 Iskander-M ballistic missiles', 'c', ['r', '3']);
  await annotate(page, '$13 million', 'f');
  await annotate(page, 'Ukrainian forces likely conducted a long-range strike', 'a', ['o']);
  await page.getByLabel(/^Reliability of /).selectOption('B');
  await expect(page.getByLabel(/^Reliability of /)).toHaveValue('B');

  // The multilingual digest: Arabic, Chinese, emoji, and a caption that a spreadsheet would run.
  await openArticle(page, /Regional press digest/);
  await annotate(page, 'قال المتحدث باسم وزارة الخارجية إن المفاوضات ستستأنف', 'c', ['r']);
  await tagAndNote(page, ['الدوحة'], 'Arabic: talks resume next week 🕊️');
  await annotate(page, '外交部发言人表示', 'c', ['r']);
  await annotate(page, 'counted 12 🚀 launches', 'f');
  await annotate(page, '=HYPERLINK("http://example.invalid")', 'c', ['o']);

  // A deleted annotation is never exported.
  await annotate(page, 'Observers marked the convoy report', 'c');
  await page.keyboard.press('Delete');
  await expect(items(page)).toHaveCount(4);

  const data = await dump(page);
  const live = data.annotations.filter((a) => a.deletedAt === null);
  expect(live).toHaveLength(10);
  const byId = new Map(live.map((a) => [a.id, a]));
  const textOf = new Map(data.bodies.map((b) => [b.id, b.text]));
  const digestId = data.articles.find((a) => String(a['title']).startsWith('Regional'))!['id'] as string;

  // The dialog: Ctrl+E; the current article by default; counts follow scope and filters.
  await page.keyboard.press('Control+e');
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByRole('radio', { name: /^Current article/ })).toBeChecked();
  await expect(summary(page)).toHaveText('4 annotations from 1 article will be written.');
  await dialog(page)
    .getByRole('radio', { name: /^Whole library/ })
    .check();
  await expect(summary(page)).toHaveText('10 annotations from 2 articles will be written.');
  const kinds = dialog(page).getByRole('group', { name: 'Kinds' });
  await kinds.getByRole('checkbox', { name: 'Claim' }).uncheck();
  await kinds.getByRole('checkbox', { name: 'Assessment' }).uncheck();
  await expect(summary(page)).toHaveText('3 annotations from 2 articles will be written.');
  await dialog(page)
    .getByRole('group', { name: 'Stances' })
    .getByRole('checkbox', { name: 'Opinion' })
    .uncheck();
  // Figures carry no stance here: with only "reporting" left, none match.
  await expect(summary(page)).toHaveText('No annotation matches these filters.');
  await expect(dialog(page).getByRole('button', { name: 'Export…' })).toBeDisabled();
  await dialog(page)
    .getByRole('group', { name: 'Stances' })
    .getByRole('checkbox', { name: 'Opinion' })
    .check();
  await kinds.getByRole('checkbox', { name: 'Claim' }).check();
  await kinds.getByRole('checkbox', { name: 'Assessment' }).check();
  const tagged = dialog(page).getByRole('group', { name: 'Only with any of these tags' });
  await tagged.getByRole('checkbox', { name: 'nato' }).check();
  await expect(summary(page)).toHaveText('2 annotations from 1 article will be written.');
  await tagged.getByRole('checkbox', { name: 'nato' }).uncheck();
  await expect(summary(page)).toHaveText('10 annotations from 2 articles will be written.');
  // Escape closes it.
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);

  // CSV, through the toolbar button, with a BOM and every column: papaparse reads it back.
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Export…' }).click();
  await dialog(page)
    .getByRole('radio', { name: /^Whole library/ })
    .check();
  await dialog(page)
    .getByRole('checkbox', { name: /byte-order mark/ })
    .check();
  const csvBytes = await exportTo(gloss, /^CSV/, testInfo.outputPath('library.csv'), 10);
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = Papa.parse<Record<string, string>>(csvBytes.toString('utf8').slice(1), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.errors).toEqual([]);
  expect(csv.meta.fields).toHaveLength(25);
  expect(csv.data.map((r) => r['annotation_id']).sort()).toEqual([...byId.keys()].sort());
  for (const row of csv.data) {
    const a = byId.get(row['annotation_id']!)!;
    const quote = quoteOf(a).exact;
    expect(unguard(row['quote']!)).toBe(quote);
    expect(row['kind']).toBe(a.kind);
    expect(row['stance']).toBe(a.stance ?? '');
    expect(row['note']).toBe(unguard(a.note));
    expect(row['tags']).toBe(a.tags.join('; '));
    expect(row['credibility']).toBe(a.credibility === null ? '' : String(a.credibility));
    expect(row['author']).toBe(a.author.name || a.author.id);
    expect(row['created_at']).toBe(a.createdAt);
    // Offsets are code points: emoji and Arabic count once each.
    const points = [...textOf.get(a.articleId)!];
    expect(points.slice(Number(row['start']), Number(row['end'])).join('')).toBe(quote);
    if (quote.startsWith('=')) expect(row['quote']).toBe(`\u200b${quote}`);
  }
  expect(
    csv.data.find((r) => r['article_id'] === digestId && r['quote']!.startsWith('\u200b=')),
  ).toBeTruthy();

  // CSV with only three columns, in the documented order whatever order they were ticked in.
  await page.keyboard.press('Control+e');
  await dialog(page)
    .getByRole('radio', { name: /^Whole library/ })
    .check();
  await dialog(page).getByRole('radio', { name: /^CSV/ }).check();
  await dialog(page).getByRole('button', { name: 'Clear all columns' }).click();
  await expect(summary(page)).toHaveText('Tick at least one CSV column.');
  const columns = dialog(page).getByRole('group', { name: 'Columns' });
  for (const c of ['quote', 'kind', 'annotation_id'])
    await columns.getByRole('checkbox', { name: c }).check();
  await dialog(page)
    .getByRole('checkbox', { name: /byte-order mark/ })
    .uncheck();
  await dialog(page).getByRole('radio', { name: 'Tab', exact: true }).check();
  const narrow = (await exportTo(gloss, /^CSV/, testInfo.outputPath('narrow.csv'), 10)).toString('utf8');
  expect(narrow.split('\r\n')[0]).toBe('annotation_id\tkind\tquote');
  expect(narrow.charCodeAt(0)).not.toBe(0xfeff);
  const tabbed = Papa.parse<string[]>(narrow, { delimiter: '\t', skipEmptyLines: true });
  expect(tabbed.errors).toEqual([]);
  expect(tabbed.data.every((r) => r.length === 3)).toBe(true);

  // JSON: valid against the schema, and exactly the stored records.
  await page.keyboard.press('Control+e');
  await dialog(page)
    .getByRole('radio', { name: /^Whole library/ })
    .check();
  const jsonPath = testInfo.outputPath('library.json');
  const json = JSON.parse((await exportTo(gloss, /^JSON/, jsonPath, 10)).toString('utf8')) as {
    annotations: Annotation[];
    articles: { id: string; text: string }[];
  };
  expect(GlossExportSchema.safeParse(json).success).toBe(true);
  expect([...json.annotations].sort((x, y) => x.id.localeCompare(y.id))).toEqual(
    [...live].sort((x, y) => x.id.localeCompare(y.id)),
  );
  expect(json.articles.map((a) => a.text).sort()).toEqual(data.bodies.map((b) => b.text).sort());

  // W3C Web Annotation: a JSON-LD processor expands it offline (safe mode drops nothing).
  await page.keyboard.press('Control+e');
  await dialog(page)
    .getByRole('radio', { name: /^Whole library/ })
    .check();
  const w3c = JSON.parse(
    (await exportTo(gloss, /^W3C/, testInfo.outputPath('library.jsonld'), 10)).toString('utf8'),
  );
  const anno = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/jsonld/anno.jsonld'), 'utf8')) as unknown;
  const expanded = await jsonld.expand(w3c, {
    safe: true,
    documentLoader: async (url: string) => {
      if (url !== ANNO_CONTEXT) throw new Error(`unexpected fetch of ${url}`);
      return { contextUrl: null, documentUrl: url, document: anno };
    },
  });
  const OA = 'http://www.w3.org/ns/oa#';
  const AS = 'http://www.w3.org/ns/activitystreams#';
  const page0 = (expanded[0]![`${AS}first`] as Record<string, unknown>[])[0]!;
  const expandedItems = (page0[`${AS}items`] as { '@list': Record<string, unknown>[] }[])[0]!['@list'];
  expect(expandedItems).toHaveLength(10);
  for (const item of w3c.first.items as {
    id: string;
    target: { selector: { type: string; exact?: string; start?: number; end?: number }[] };
  }[]) {
    const a = byId.get(item.id.replace('urn:uuid:', ''))!;
    const quote = item.target.selector.find((s) => s.type === 'TextQuoteSelector')!;
    const pos = item.target.selector.find((s) => s.type === 'TextPositionSelector')!;
    expect(quote.exact).toBe(quoteOf(a).exact);
    expect([...textOf.get(a.articleId)!].slice(pos.start, pos.end).join('')).toBe(quote.exact);
  }
  expect(JSON.stringify(expanded)).toContain(`${OA}TextQuoteSelector`);

  // Markdown report (from File › Export…): one numbered entry per passage, under two article headings.
  await gloss.menu('export');
  await dialog(page)
    .getByRole('radio', { name: /^Whole library/ })
    .check();
  const md = (await exportTo(gloss, /^Markdown/, testInfo.outputPath('library.md'), 10)).toString('utf8');
  expect(md.match(/^## /gm)).toHaveLength(2);
  expect(md.match(/^### \d+\. /gm)).toHaveLength(10);
  expect(md).toContain('> 外交部发言人表示');
  expect(md).toContain('> قال المتحدث باسم وزارة الخارجية إن المفاوضات ستستأنف');

  // HTML report: a DOM parser finds every passage, its text intact, and no script anywhere.
  await page.keyboard.press('Control+e');
  await dialog(page)
    .getByRole('radio', { name: /^Whole library/ })
    .check();
  const html = (await exportTo(gloss, /^HTML/, testInfo.outputPath('library.html'), 10)).toString('utf8');
  const doc = new JSDOM(html).window.document;
  const entries = [...doc.querySelectorAll('article.annotation')];
  expect(entries.map((e) => e.id.replace('annotation-', '')).sort()).toEqual([...byId.keys()].sort());
  for (const e of entries) {
    const a = byId.get(e.id.replace('annotation-', ''))!;
    expect(e.querySelector('blockquote.quote')!.textContent).toBe(quoteOf(a).exact);
  }
  expect(doc.querySelectorAll('script')).toHaveLength(0);
  expect(doc.querySelectorAll('section.article')).toHaveLength(2);

  // The current article and a single selected annotation are scopes too.
  await openArticle(page, /Regional press digest/);
  await items(page).filter({ hasText: '外交部' }).locator('.annotation-summary').click();
  await page.keyboard.press('Control+e');
  await dialog(page)
    .getByRole('radio', { name: /^Selected annotations/ })
    .check();
  await expect(summary(page)).toHaveText('1 annotation from 1 article will be written.');
  const one = JSON.parse(
    (await exportTo(gloss, /^JSON/, testInfo.outputPath('one.json'), 1)).toString('utf8'),
  ) as { annotations: Annotation[]; articles: { id: string }[] };
  expect(one.annotations.map((a) => quoteOf(a).exact)).toEqual(['外交部发言人表示']);
  expect(one.articles.map((a) => a.id)).toEqual([digestId]);

  // Round trip: empty the library, import the JSON export, and every record is as it was.
  const before = await dump(page);
  // Every table of the library is emptied (the analyst's identity in `meta` stays, as on a colleague's machine).
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('gloss');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const stores = ['articles', 'bodies', 'annotations', 'sourceGrades', 'tags', 'history'];
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(stores, 'readwrite');
      for (const s of stores) tx.objectStore(s).clear();
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await gloss.reload();
  await expect(articlesList(page)).toHaveCount(0);
  // Importing the export opens the merge preview, as a colleague's project file does; nothing is
  // stored until Merge.
  await gloss.answerOpenDialog([jsonPath]);
  await gloss.menu('import-articles');
  const preview = page.getByRole('dialog', { name: 'Merge preview' });
  await expect(preview).toContainText('“library.json” from Gloss JSON export');
  const stats = preview.getByLabel('Summary');
  await expect(stats).toContainText(/2\s*New articles/);
  await expect(stats).toContainText(/10\s*New annotations/);
  await expect(stats).toContainText(/0\s*Conflicts/);
  await expect(articlesList(page)).toHaveCount(0);
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-merge-preview-json-export.png`),
  });
  await preview.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(preview).toBeHidden();
  await expect(
    page.getByRole('status').filter({ hasText: 'Merged “library.json” from Gloss JSON export' }),
  ).toContainText('2 new articles, 10 annotations added or changed');
  await expect(articlesList(page)).toHaveCount(2);
  const after = await dump(page);
  const byKey = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((x, y) => key(x).localeCompare(key(y)));
  expect(byKey(after.articles, (a) => String(a['id']))).toEqual(
    byKey(before.articles, (a) => String(a['id'])),
  );
  expect(byKey(after.bodies, (b) => b.id)).toEqual(byKey(before.bodies, (b) => b.id));
  expect(byKey(after.annotations, (a) => a.id)).toEqual(
    byKey(
      before.annotations.filter((a) => a.deletedAt === null),
      (a) => a.id,
    ),
  );
  expect(after.sourceGrades).toEqual(before.sourceGrades);
  expect(after.tags.map((t) => t.name).sort()).toEqual(before.tags.map((t) => t.name).sort());
  // Imported again, it merges to nothing: the preview says so, and Done changes nothing.
  await gloss.answerOpenDialog([jsonPath]);
  await gloss.menu('import-articles');
  await expect(preview).toContainText('merging it changes nothing');
  await preview.getByRole('button', { name: 'Done', exact: true }).click();
  await expect(preview).toBeHidden();
  expect(await dump(page)).toEqual(after);
  // And the reader shows them again.
  await openArticle(page, /Regional press digest/);
  await expect(items(page)).toHaveCount(4);
  await expect(page.locator('mark.hl-figure')).toHaveText('counted 12 🚀 launches');

  // A file that is not an export is refused with the reason, and nothing changes.
  const notExport = testInfo.outputPath('features.json');
  writeFileSync(notExport, '{"type": "FeatureCollection", "features": []}');
  await gloss.answerOpenDialog([notExport]);
  await gloss.menu('import-articles');
  await expect(page.getByRole('alert').filter({ hasText: 'features.json' })).toContainText(
    'not a Gloss export',
  );
  expect(await dump(page)).toEqual(after);
});

test('a large export runs off the main thread with progress, and Cancel stops it', async ({ gloss }) => {
  test.setTimeout(120_000);
  const { page } = gloss;
  await importPaths(gloss, [DIGEST], 1);
  await importPaths(gloss, [ISW], 2);
  await openArticle(page, /Trump acknowledges/);
  // 100 000 annotations on the digest (not the article on screen), written straight into IndexedDB.
  const seeded = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('gloss');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const articles = await new Promise<{ id: string; title: string }[]>((resolve) => {
      const r = db.transaction('articles').objectStore('articles').getAll();
      r.onsuccess = () => resolve(r.result as { id: string; title: string }[]);
    });
    const digest = articles.find((a) => a.title.startsWith('Regional'))!;
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('annotations', 'readwrite');
      const store = tx.objectStore('annotations');
      for (let i = 0; i < 100_000; i++) {
        store.put({
          id: `0b1e55ed-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
          articleId: digest.id,
          selectors: [
            { type: 'TextPositionSelector', start: 0, end: 21 },
            { type: 'TextQuoteSelector', exact: 'Regional press digest', prefix: '', suffix: ' 🌍' },
          ],
          kind: i % 3 === 0 ? 'figure' : 'claim',
          stance: null,
          note: `note ${i}`,
          tags: [`batch-${i % 7}`],
          attribution: '',
          credibility: null,
          figure: null,
          author: { id: 'seed', name: 'Seed' },
          createdAt: '2026-11-23T10:00:00.000Z',
          updatedAt: '2026-11-23T10:00:00.000Z',
          updatedBy: { id: 'seed', name: 'Seed' },
          provenance: {},
          deletedAt: null,
        });
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return 100_000;
  });
  expect(seeded).toBe(100_000);

  await page.keyboard.press('Control+e');
  await dialog(page)
    .getByRole('radio', { name: /^Whole library/ })
    .check();
  await expect(summary(page)).toHaveText('100,000 annotations from 1 article will be written.', {
    timeout: 30_000,
  });
  const workerStarted = page.waitForEvent('worker');
  await dialog(page).getByRole('button', { name: 'Export…' }).click();
  expect((await workerStarted).url()).toMatch(/export\.worker[^/]*\.js$/);
  const progress = dialog(page).getByRole('progressbar', { name: 'Export progress' });
  await expect(progress).toBeVisible();
  // While the worker reads and writes, the window keeps painting: no frame waits half a second.
  const longestFrameGap = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        let worst = 0;
        const start = last;
        const tick = (now: number) => {
          worst = Math.max(worst, now - last);
          last = now;
          if (now - start < 1000) requestAnimationFrame(tick);
          else resolve(worst);
        };
        requestAnimationFrame(tick);
      }),
  );
  expect(longestFrameGap).toBeLessThan(500);
  await expect(
    dialog(page)
      .getByRole('status')
      .filter({ hasText: /Reading annotations|Writing the CSV/ }),
  ).toBeVisible();
  await dialog(page).getByRole('button', { name: 'Cancel export' }).click();
  await expect(progress).toHaveCount(0);
  await expect(summary(page)).toHaveText('100,000 annotations from 1 article will be written.');
  // No save dialog was asked for (the harness would have failed it), and nothing went wrong.
  await expect(dialog(page).getByRole('alert')).toHaveCount(0);
  await expect(dialog(page).getByRole('button', { name: 'Export…' })).toBeEnabled();
});

test('screenshot: the export dialog over the annotated ISW article', async ({ gloss }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = gloss;
  await importPaths(gloss, [ISW], 1);
  const marks: [string, string, string[]][] = [
    [
      'US President Donald Trump stated that Russia may have territorial ambitions beyond Ukraine',
      'c',
      ['r', '2'],
    ],
    ['Trump responded that “it’s possible.”', 'c', ['r', '1']],
    [
      'ISW has long assessed that Russia is preparing its military and society for a possible future conflict with NATO',
      'a',
      ['o'],
    ],
    [
      'Rubio stated that Russia has suffered over 80,000 killed-in-action (KIA) since January 2025',
      'c',
      ['r', '3'],
    ],
    ['ISW continues to assess that Russia is unwilling to engage in substantive negotiations', 'a', ['o']],
    ['Russia’s state-owned Votkinsk Plant has hired 2,500 workers', 'c', ['r', '2']],
    ['$13 million', 'f', []],
    ['from 250 in 2023 to 700 in 2024', 'f', []],
    ['Russia had stockpiled roughly 600 Iskander-M ballistic missiles', 'c', ['r', '3']],
    ['five percent of gross domestic product (GDP)', 'f', []],
    ['6.5 billion Norwegian kroner (about $642 million)', 'f', []],
    ['Ukrainian forces likely conducted a long-range strike', 'a', ['o']],
  ];
  for (const [text, kind, keys] of marks) await annotate(page, text, kind, keys);
  await items(page).filter({ hasText: 'Trump responded' }).locator('.annotation-summary').click();
  await tagAndNote(page, ['nato', 'russia-intentions']);
  await page.getByLabel(/^Reliability of /).selectOption('B');
  await page
    .getByRole('region', { name: 'Reader' })
    .locator('.reader-scroll')
    .evaluate((el) => (el.scrollTop = 0));
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Export…' }).click();
  await expect(summary(page)).toHaveText('12 annotations from 1 article will be written.');
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-export-dialog.png`),
  });
});

test('the annotations table’s current filter and saved sets are export scopes', async ({
  gloss,
}, testInfo) => {
  const { page } = gloss;
  await importPaths(gloss, [ISW], 1);
  await annotate(page, 'Trump responded that “it’s possible.”', 'c', ['r']);
  await annotate(page, 'over 80,000 killed-in-action', 'f');
  await annotate(page, 'ISW has long assessed that Russia is preparing its military', 'a', ['o']);

  // In the table: only figures, saved as a set; then only opinions.
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Table' }).click();
  const grid = page.getByRole('grid', { name: 'Annotations' });
  await grid.getByLabel('Filter Kind').selectOption('figure');
  await page.getByRole('button', { name: 'Save filter as set…' }).click();
  await page.getByLabel('Set name').fill('Casualty figures');
  await page.getByLabel('Set name').press('Enter');
  await expect(
    page
      .getByRole('navigation', { name: 'Annotated sets' })
      .getByRole('button', { name: /^Casualty figures/ }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await grid.getByLabel('Filter Stance').selectOption('opinion');

  await page.keyboard.press('Control+e');
  await expect(dialog(page)).toBeVisible();
  const filterScope = dialog(page).getByRole('radio', { name: /^Current table filter/ });
  await expect(filterScope).toBeEnabled();
  await filterScope.check();
  await expect(summary(page)).toHaveText('1 annotation from 1 article will be written.');
  const setScope = dialog(page).getByRole('radio', { name: /^Set “Casualty figures”/ });
  await setScope.check();
  await expect(summary(page)).toHaveText('1 annotation from 1 article will be written.');

  const csv = (await exportTo(gloss, /^CSV/, testInfo.outputPath('figures.csv'), 1)).toString('utf8');
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\ufeff/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.data).toHaveLength(1);
  expect(parsed.data[0]!['kind']).toBe('figure');
  expect(parsed.data[0]!['quote']).toBe('over 80,000 killed-in-action');
  expect(parsed.data[0]!['figure_value']).toBe('80000');
});
