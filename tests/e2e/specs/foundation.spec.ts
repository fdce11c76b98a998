import { join } from 'node:path';
import { CORPUS, FIXTURES, expect, test, type GlossApp } from '../harness/fixtures';

const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');
const ISW_TITLE = /Trump acknowledges Russia may have territorial ambitions beyond Ukraine/;

const library = (gloss: GlossApp) => gloss.page.getByRole('listbox', { name: 'Articles' });
const reader = (gloss: GlossApp) => gloss.page.getByRole('region', { name: 'Reader' });

/** Counts what the store holds, straight from IndexedDB, bypassing the UI. */
async function storedCounts(gloss: GlossApp): Promise<{ articles: number; bodies: number }> {
  return gloss.page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const names = Array.from(idb.objectStoreNames);
          if (!names.includes('articles')) return resolve({ articles: 0, bodies: 0 });
          const tx = idb.transaction(['articles', 'bodies'], 'readonly');
          const a = tx.objectStore('articles').count();
          const b = tx.objectStore('bodies').count();
          tx.oncomplete = () => {
            resolve({ articles: a.result, bodies: b.result });
            idb.close();
          };
        };
      }),
  );
}

test('a newcomer sees what to do next in every pane', async ({ gloss }) => {
  const { page } = gloss;
  await expect(page.getByRole('region', { name: 'Library' })).toContainText('Your library is empty');
  await expect(
    page.getByRole('region', { name: 'Library' }).getByRole('button', { name: 'Import articles…' }),
  ).toBeVisible();
  await expect(reader(gloss)).toContainText('No article open');
  await expect(page.getByRole('region', { name: 'Annotations' })).toBeVisible();
});

test('File > Import articles… puts the ISW article in the library, opens it, and it survives a reload', async ({
  gloss,
}) => {
  const { page } = gloss;
  await gloss.answerOpenDialog([ISW]);
  await gloss.menu('import-articles');

  const item = library(gloss).getByRole('option', { name: ISW_TITLE });
  await expect(item).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1 article' })).toBeVisible();

  await item.click();
  await expect(reader(gloss).getByRole('heading', { level: 1 })).toHaveText(ISW_TITLE);
  const text = reader(gloss).getByRole('textbox', { name: 'Article text' });
  await expect(text).toHaveAttribute('contenteditable', 'false');
  // The article's paragraphs, each a block of its own, in order.
  const paragraphs = text.locator('p');
  await expect(
    paragraphs.filter({ hasText: 'US Secretary of State Marco Rubio correctly stated' }),
  ).toHaveCount(1);
  const all = await paragraphs.allTextContents();
  const rubio = all.findIndex((p) => p.startsWith('US Secretary of State Marco Rubio'));
  const lavrov = all.findIndex((p) =>
    p.startsWith('Russian officials are promoting purposefully vague rhetoric'),
  );
  expect(rubio).toBeGreaterThan(0);
  expect(lavrov).toBe(rubio + 1);
  // Bullet lines of the key takeaways are list items.
  await expect(text.locator('li').filter({ hasText: 'Marco Rubio correctly stated' })).toHaveCount(1);

  await gloss.reload();
  await expect(library(gloss).getByRole('option', { name: ISW_TITLE })).toBeVisible();
  expect(await storedCounts(gloss)).toEqual({ articles: 1, bodies: 1 });
  await library(gloss).getByRole('option', { name: ISW_TITLE }).click();
  await expect(text.locator('p').filter({ hasText: 'over 80,000 killed-in-action' })).toHaveCount(1);
});

test('importing the same article twice says it is already there and stores it once', async ({ gloss }) => {
  await gloss.answerOpenDialog([ISW]);
  await gloss.menu('import-articles');
  await expect(library(gloss).getByRole('option')).toHaveCount(1);
  await gloss.answerOpenDialog([ISW]);
  await gloss.menu('import-articles');
  await expect(gloss.page.getByRole('status').filter({ hasText: '1 already in the library' })).toBeVisible();
  await expect(library(gloss).getByRole('option')).toHaveCount(1);
  expect(await storedCounts(gloss)).toEqual({ articles: 1, bodies: 1 });
});

for (const [file, message] of [
  ['photo.txt', /binary/i],
  ['empty.txt', /empty/i],
  ['blank.txt', /empty/i],
] as const) {
  test(`a bad file (${file}) gets a clear message and leaves the store unchanged`, async ({ gloss }) => {
    const { page } = gloss;
    await gloss.answerOpenDialog([join(FIXTURES, 'import-bad', file)]);
    await gloss.menu('import-articles');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('could not be imported');
    await expect(alert).toContainText(file);
    await expect(alert).toContainText(message);
    await expect(page.getByRole('region', { name: 'Library' })).toContainText('Your library is empty');
    expect(await storedCounts(gloss)).toEqual({ articles: 0, bodies: 0 });
  });
}

test('one bad file among good ones: the good one imports, the bad one is reported', async ({ gloss }) => {
  await gloss.answerOpenDialog([join(FIXTURES, 'import-bad', 'photo.txt'), ISW]);
  await gloss.menu('import-articles');
  await expect(library(gloss).getByRole('option', { name: ISW_TITLE })).toBeVisible();
  const notice = gloss.page
    .getByRole('status')
    .filter({ hasText: 'Imported 1 article; 1 could not be imported' });
  await expect(notice).toContainText('photo.txt');
  expect(await storedCounts(gloss)).toEqual({ articles: 1, bodies: 1 });
});

test('dropping a file on the window imports it', async ({ gloss }) => {
  const { page } = gloss;
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(join(CORPUS, 'text', 'putin-historical-lands.txt'), 'utf8');
  const dataTransfer = await page.evaluateHandle((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], 'putin-historical-lands.txt', { type: 'text/plain' }));
    return dt;
  }, text);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await expect(page.getByText('Drop files to import them')).toBeVisible();
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
  await expect(library(gloss).getByRole('option')).toHaveCount(1);
  await expect(page.getByText('Drop files to import them')).toBeHidden();
  expect(await storedCounts(gloss)).toEqual({ articles: 1, bodies: 1 });
});

test('the bridge exposes exactly the table’s eighteen functions and the page runs under a strict CSP', async ({
  gloss,
}) => {
  const { page } = gloss;
  const shape = await page.evaluate(() => {
    const g = (window as unknown as { gloss: Record<string, unknown> }).gloss;
    return Object.keys(g)
      .sort()
      .map((k) => `${k}:${typeof g[k]}`);
  });
  expect(shape).toEqual([
    'appInfo:function',
    'beginSave:function',
    'endSave:function',
    'listBackups:function',
    'onMenu:function',
    'pickFiles:function',
    'readBackup:function',
    'readyToQuit:function',
    'saveFile:function',
    'syncFetch:function',
    'syncForget:function',
    'syncKeyring:function',
    'syncSave:function',
    'syncSettings:function',
    'syncTest:function',
    'takeOpenedFiles:function',
    'writeBackup:function',
    'writeSave:function',
  ]);
  expect(
    await page.evaluate(() => 'require' in window || 'process' in window || 'ipcRenderer' in window),
  ).toBe(false);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  // Scripts are pinned: an inline loader admitted by its hash adds the entry (with its
  // integrity), and 'strict-dynamic' trusts what that code adds and imports. Scripts in the page's
  // markup — inline or from another folder — are refused: hardening.spec.ts loads such a page
  // from file://. (A script added by code already running is trusted by design.)
  expect(csp).toMatch(/script-src 'strict-dynamic' 'sha384-[A-Za-z0-9+/]{64}';/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
});

test('the bridge refuses bad arguments with a typed error', async ({ gloss }) => {
  const result = await gloss.page.evaluate(() =>
    (window as unknown as { gloss: { saveFile(a: unknown): Promise<unknown> } }).gloss.saveFile({
      suggestedName: '../../etc/passwd',
      bytes: new Uint8Array([1]),
    }),
  );
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
});

test('screenshot: the ISW article open in the reader', async ({ gloss }, testInfo) => {
  await gloss.answerOpenDialog([
    ISW,
    join(CORPUS, 'text', 'putin-historical-lands.txt'),
    join(CORPUS, 'text', 'putin-press-on-reuters.txt'),
  ]);
  await gloss.menu('import-articles');
  await expect(library(gloss).getByRole('option')).toHaveCount(3);
  await library(gloss).getByRole('option', { name: ISW_TITLE }).click();
  await expect(reader(gloss).getByRole('heading', { level: 1 })).toHaveText(ISW_TITLE);
  await gloss.page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-reader-isw.png`),
  });
});
