import { join } from 'node:path';
import { CORPUS, expect, test, type GlossApp } from '../harness/fixtures';
import { expectAccessible } from '../harness/axe';
import { annotationItems, selectText } from '../harness/reader';
import { paragraphs, seed } from '../../bench/seed-library';

const TEXT = ['isw-2025-06-25.txt', 'putin-historical-lands.txt', 'putin-press-on-reuters.txt'].map((f) =>
  join(CORPUS, 'text', f),
);
const PAGES = ['bbc-1', 'guardian-1'].map((site) => join(CORPUS, 'html', site, 'source.html'));
const ISW_TITLE = /Trump acknowledges Russia may have territorial ambitions/;

const CLAIM = 'Trump responded that “it’s possible.”';
const FIGURE = 'over 80,000 killed-in-action';
/** A made-up word that only a note holds. */
const NOTE = 'Zanzibarite wording: checked against the NATO transcript.';

const library = (gloss: GlossApp) => gloss.page.getByRole('listbox', { name: 'Articles' });
const search = (gloss: GlossApp) => gloss.page.getByRole('combobox', { name: 'Search library' });
const results = (gloss: GlossApp) => gloss.page.getByRole('listbox', { name: 'Search results' });
const heading = (gloss: GlossApp) =>
  gloss.page.getByRole('region', { name: 'Reader' }).getByRole('heading', { level: 1 });

async function importCorpus(gloss: GlossApp): Promise<void> {
  await gloss.answerOpenDialog([...TEXT, ...PAGES]);
  await gloss.menu('import-articles');
  await expect(library(gloss).getByRole('option')).toHaveCount(5);
}

/** Opens the ISW article and gives it a claim with a note and a figure. */
async function annotateIsw(gloss: GlossApp): Promise<void> {
  const { page } = gloss;
  await library(gloss).getByRole('option', { name: ISW_TITLE }).click();
  await expect(heading(gloss)).toHaveText(ISW_TITLE);
  await selectText(page, CLAIM);
  await page.keyboard.press('c');
  await expect(annotationItems(gloss)).toHaveCount(1);
  const note = page.getByRole('group', { name: 'Edit annotation' }).getByLabel('Note');
  await note.fill(NOTE);
  await note.press('Tab');
  await expect(annotationItems(gloss).first()).toContainText('✎ note');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await selectText(page, FIGURE);
  await page.keyboard.press('f');
  await expect(annotationItems(gloss)).toHaveCount(2);
}

const shot = (gloss: GlossApp, project: string, name: string) =>
  gloss.page.screenshot({ path: join('reports', 'screenshots', `${project}-${name}.png`) });

test('the library counts annotations, sorts, filters, and deletes with undo', async ({ gloss }, testInfo) => {
  const { page } = gloss;
  await importCorpus(gloss);
  await annotateIsw(gloss);
  const isw = library(gloss).getByRole('option', { name: ISW_TITLE });
  await expect(isw).toContainText('1 claim');
  await expect(isw).toContainText('1 figure');

  // Only the annotated article passes "Annotated"; clearing brings all five back.
  await page.getByRole('button', { name: 'Sort and filter' }).click();
  await page.getByLabel('Has annotations').selectOption('yes');
  await expect(library(gloss).getByRole('option')).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Library' }).locator('.count').first()).toHaveText('1 of 5');
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(library(gloss).getByRole('option')).toHaveCount(5);

  // Sort by title, ascending: the options follow the titles' order.
  await page.getByLabel('Sort by').selectOption('title');
  await page.getByLabel('Order').selectOption('asc');
  await shot(gloss, testInfo.project.name, 'library');
  const titles = await library(gloss).locator('.article-title').allTextContents();
  expect(titles).toEqual(
    [...titles].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })),
  );

  // Select two with Ctrl+click, delete them with their annotations, then undo.
  await isw.click();
  await library(gloss)
    .getByRole('option')
    .filter({ hasNotText: 'Trump acknowledges' })
    .first()
    .click({ modifiers: ['Control'] });
  await expect(library(gloss).locator('[aria-selected="true"]')).toHaveCount(2);
  // Deleting asks first, naming what goes; Cancel keeps everything.
  await page.getByRole('button', { name: 'Delete 2 articles' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete 2 articles and 2 annotations?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(library(gloss).getByRole('option')).toHaveCount(5);
  await page.getByRole('button', { name: 'Delete 2 articles' }).click();
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Deleted 2 articles and 2 annotations' }),
  ).toBeVisible();
  await expect(library(gloss).getByRole('option')).toHaveCount(3);
  await expect(page.getByRole('region', { name: 'Reader' })).toContainText('No article open');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(library(gloss).getByRole('option')).toHaveCount(5);
  await expect(isw).toContainText('1 claim');
  await isw.click();
  await expect(annotationItems(gloss)).toHaveCount(2);

  // The Delete key asks too; after a reload the deletion is still in the trash, to restore.
  await isw.click();
  await page.keyboard.press('Delete');
  await page
    .getByRole('dialog', { name: 'Delete 1 article and 2 annotations?' })
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  await expect(library(gloss).getByRole('option')).toHaveCount(4);
  await gloss.reload();
  await expect(library(gloss).getByRole('option')).toHaveCount(4);
  await gloss.menu('open-trash');
  const trash = page.getByRole('dialog', { name: 'Trash' });
  await expect(trash).toContainText(/Trump acknowledges Russia/);
  await expectAccessible(page, 'the trash');
  await trash.getByRole('button', { name: 'Restore 1 article and 2 annotations' }).click();
  await expect(trash).toContainText('The trash is empty');
  await trash.getByRole('button', { name: 'Close trash' }).click();
  await expect(library(gloss).getByRole('option')).toHaveCount(5);
  await isw.click();
  await expect(annotationItems(gloss)).toHaveCount(2);
});

test('search finds a word only a note holds and one only an article body holds, and opens each at its passage', async ({
  gloss,
}, testInfo) => {
  const { page } = gloss;
  await importCorpus(gloss);
  await annotateIsw(gloss);

  // Ctrl+K focuses the search box; the note's word finds the annotation, marked in its excerpt.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+k');
  await expect(search(gloss)).toBeFocused();
  await page.keyboard.type('zanzibarite');
  await expect(results(gloss).getByRole('option')).toHaveCount(1);
  const noteHit = results(gloss).getByRole('option').first();
  await expect(noteHit).toContainText('Note');
  await expect(noteHit.locator('mark')).toHaveText('Zanzibarite');
  await search(gloss).fill('russia nato');
  await expect(results(gloss).getByRole('option').first()).toBeVisible();
  await shot(gloss, testInfo.project.name, 'search-results');
  await search(gloss).fill('zanzibarite');
  await expect(results(gloss).getByRole('option')).toHaveCount(1);

  // Open another article first, so that choosing the hit has to switch back.
  await library(gloss).getByRole('option', { name: /Putin/ }).first().click();
  await expect(heading(gloss)).not.toHaveText(ISW_TITLE);
  await search(gloss).click();
  await results(gloss).getByRole('option').first().click();
  await expect(heading(gloss)).toHaveText(ISW_TITLE);
  await expect(
    page.getByRole('list', { name: 'Annotations of this article' }).locator(':scope > [aria-current="true"]'),
  ).toContainText('it’s possible');
  await expect(page.locator('mark.hl-selected')).toHaveText(CLAIM);

  // A word only in the Reuters article's text: "/" focuses search, Enter opens the passage selected.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(search(gloss)).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('deepstatemap');
  await expect(results(gloss).getByRole('option')).toHaveCount(1);
  await expect(results(gloss).getByRole('option').first()).toContainText('Article text');
  await expect(results(gloss).locator('mark')).toHaveText('DeepStateMap');
  await page.keyboard.press('Enter');
  await expect(heading(gloss)).not.toHaveText(ISW_TITLE);
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('DeepStateMap');
  await expect(page.getByRole('toolbar', { name: 'Annotate selection' })).toBeVisible();

  // The index is stored: after a reload the note's word is found again, and a deleted
  // annotation is no longer found.
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            new Promise<boolean>((resolve) => {
              const open = indexedDB.open('gloss');
              open.onsuccess = () => {
                const get = open.result.transaction('meta').objectStore('meta').get('searchIndex');
                get.onsuccess = () => {
                  const stored = get.result?.value as
                    { version: number; body: { terms: string } } | undefined;
                  resolve(
                    !!stored &&
                      stored.version === 3 &&
                      (JSON.parse(stored.body.terms) as string[]).includes('zanzibarite'),
                  );
                  open.result.close();
                };
              };
            }),
        ),
      { timeout: 15_000 },
    )
    .toBe(true);
  await gloss.reload();
  await search(gloss).fill('zanzibarite');
  await expect(results(gloss).getByRole('option')).toHaveCount(1);
  await results(gloss).getByRole('option').first().click();
  await expect(heading(gloss)).toHaveText(ISW_TITLE);
  await page.keyboard.press('Delete');
  await expect(annotationItems(gloss)).toHaveCount(1);
  await search(gloss).fill('zanzibarite');
  await expect(
    page.getByRole('status').filter({ hasText: 'Nothing in the library matches “zanzibarite”' }),
  ).toBeVisible();
});

test('the annotations table filters, bulk-edits in one undoable step, and saves sets that survive a reload', async ({
  gloss,
}, testInfo) => {
  const { page } = gloss;
  await importCorpus(gloss);
  await annotateIsw(gloss);
  const grid = page.getByRole('grid', { name: 'Annotations' });
  const rows = grid.getByRole('rowgroup', { name: 'Annotation rows' }).getByRole('row');
  const sets = page.getByRole('navigation', { name: 'Annotated sets' });

  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Table' }).click();
  await expect(rows).toHaveCount(2);
  // The table fills the middle pane, whatever its rows, and they scroll inside it (it draws only
  // the rows in view: a table as tall as its rows would draw them all).
  const heights = await page.evaluate(() => ({
    table: document.querySelector('section[aria-label="Annotations table"]')!.getBoundingClientRect().height,
    pane: document.querySelector('main[aria-label="Main view"]')!.parentElement!.getBoundingClientRect()
      .height,
  }));
  expect(Math.abs(heights.table - heights.pane)).toBeLessThanOrEqual(1);
  await expect(rows.filter({ hasText: 'it’s possible' })).toContainText('Trump acknowledges');

  // Filter by kind, save the filter as a set.
  await grid.getByLabel('Filter Kind').selectOption('figure');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('killed-in-action');
  await page.getByRole('button', { name: 'Save filter as set…' }).click();
  await page.getByLabel('Set name').fill('Figures');
  await page.getByLabel('Set name').press('Enter');
  await expect(sets.getByRole('button', { name: /^Figures/ })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(2);

  // Select both rows, make them opinion in one step, undo it with Ctrl+Z.
  await rows.nth(0).click();
  await rows.nth(1).click({ modifiers: ['Shift'] });
  await expect(grid.locator('[role="row"][aria-selected="true"]')).toHaveCount(2);
  await page.getByLabel('Set stance of selected').selectOption('opinion');
  await expect(rows.filter({ hasText: 'opinion' })).toHaveCount(2);
  await rows.nth(1).press('Control+z');
  await expect(rows.filter({ hasText: 'opinion' })).toHaveCount(0);

  // Pin the two into a static set.
  await page.getByRole('button', { name: 'Pin selected to set…' }).click();
  await page.getByLabel('Set name').fill('Briefing');
  await page.getByRole('button', { name: 'Save set', exact: true }).click();
  await expect(sets.getByRole('button', { name: /^Briefing/ })).toContainText('2 pinned');
  await shot(gloss, testInfo.project.name, 'table');

  // After a reload both sets are there and show what they hold.
  await gloss.reload();
  await sets.getByRole('button', { name: /^Figures/ }).click();
  await expect(rows).toHaveCount(1);
  await expect(grid.getByLabel('Filter Kind')).toHaveValue('figure');
  await sets.getByRole('button', { name: /^Briefing/ }).click();
  await expect(rows).toHaveCount(2);

  // A double click opens the annotation in the reader.
  await rows.filter({ hasText: 'it’s possible' }).dblclick();
  await expect(heading(gloss)).toHaveText(ISW_TITLE);
  await expect(
    page.getByRole('list', { name: 'Annotations of this article' }).locator(':scope > [aria-current="true"]'),
  ).toContainText('it’s possible');
});

test('a library of 450 articles lists, sorts, filters, moves and selects through its worker', async ({
  gloss,
}) => {
  const { page } = gloss;
  // 450 articles with one annotation each, written into IndexedDB as the benchmarks seed them:
  // `seed-i` imported i seconds after midnight, source by i % 5 (4: Meduza), title ending "(i)".
  await seed(page, paragraphs(), { articles: 450, perArticle: 1 });
  await gloss.reload();
  const count = page.getByRole('region', { name: 'Library' }).locator('.count').first();
  await expect(count).toHaveText('450');
  const options = library(gloss).getByRole('option');
  // Newest import first; only the rows in view are in the document.
  await expect(options.first()).toHaveAttribute('id', 'library-article-seed-449');
  expect(await options.count()).toBeLessThan(100);

  // Filtered by source in the list's worker: 90 of 450, newest Meduza article first.
  await page.getByRole('button', { name: 'Sort and filter' }).click();
  await page.getByRole('combobox', { name: 'Source', exact: true }).selectOption('Meduza');
  await expect(count).toHaveText('90 of 450');
  await expect(options.first()).toHaveAttribute('id', 'library-article-seed-449');
  await expect(options.nth(1)).toHaveAttribute('id', 'library-article-seed-444');

  // End moves to the last of the 90 (the oldest, seed-4) and opens it; Home back to the first.
  await library(gloss).focus();
  await page.keyboard.press('End');
  await expect(library(gloss)).toHaveAttribute('aria-activedescendant', 'library-article-seed-4');
  await expect(heading(gloss)).toHaveText(/\(4\)$/u);
  await page.keyboard.press('Home');
  await expect(library(gloss)).toHaveAttribute('aria-activedescendant', 'library-article-seed-449');
  await page.keyboard.press('ArrowDown');
  await expect(library(gloss)).toHaveAttribute('aria-activedescendant', 'library-article-seed-444');
  // Select all selects the 90 shown, not the 450.
  await page.keyboard.press('Control+a');
  await expect(page.getByRole('button', { name: 'Delete 90 articles…' })).toBeVisible();

  // Sorted by title across every article: the rows in view follow the titles' order, and a
  // Shift+click selects the range between two rows.
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(count).toHaveText('450');
  await page.getByLabel('Sort by').selectOption('title');
  await page.getByLabel('Order').selectOption('asc');
  await expect(options.first()).not.toHaveAttribute('id', 'library-article-seed-449');
  // The rows shown once both choices are applied (sorting by title first shows them descending).
  const byTitle = (a: string, b: string) =>
    a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });
  await expect
    .poll(async () => {
      const titles = await library(gloss).locator('.article-title').allTextContents();
      return titles.length > 5 && titles.every((t, i) => i === 0 || byTitle(titles[i - 1]!, t) <= 0);
    })
    .toBe(true);
  const titles = await library(gloss).locator('.article-title').allTextContents();
  expect(titles.length).toBeGreaterThan(5);
  expect(titles).toEqual([...titles].sort(byTitle));
  await options.nth(1).click();
  await options.nth(4).click({ modifiers: ['Shift'] });
  await expect(library(gloss).locator('[aria-selected="true"]')).toHaveCount(4);
  await expect(page.getByRole('button', { name: 'Delete 4 articles…' })).toBeVisible();
});
