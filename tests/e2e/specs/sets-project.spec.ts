import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProjectFile } from '../../../core/project';
import { answerFirstRun } from '../harness/analyst';
import { CORPUS, expect, startChromiumApp, test, type GlossApp } from '../harness/fixtures';
import { annotationItems, selectText } from '../harness/reader';

const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');
const PUTIN = join(CORPUS, 'text', 'putin-historical-lands.txt');
const ISW_TITLE = /Trump acknowledges Russia may have territorial ambitions/;
const PUTIN_CLAIM = 'Russia will achieve the liberation of its historical lands by military means';
const CLAIM = 'Trump responded that “it’s possible.”';
const FIGURE = 'over 80,000 killed-in-action';

const library = (gloss: GlossApp) => gloss.page.getByRole('listbox', { name: 'Articles' });
const sets = (gloss: GlossApp) => gloss.page.getByRole('navigation', { name: 'Annotated sets' });
const rows = (gloss: GlossApp) =>
  gloss.page
    .getByRole('grid', { name: 'Annotations' })
    .getByRole('rowgroup', { name: 'Annotation rows' })
    .getByRole('row');
const notice = (gloss: GlossApp, text: string | RegExp) =>
  gloss.page.getByRole('status').filter({ hasText: text }).last();

/** Two articles: the ISW report with a claim and a figure (source graded B), Putin's with a claim. */
async function annotateTwo(gloss: GlossApp): Promise<void> {
  const { page } = gloss;
  await gloss.answerOpenDialog([ISW, PUTIN]);
  await gloss.menu('import-articles');
  await expect(library(gloss).getByRole('option')).toHaveCount(2);
  await library(gloss).getByRole('option', { name: /Putin/ }).first().click();
  await selectText(page, PUTIN_CLAIM);
  await page.keyboard.press('c');
  await expect(annotationItems(gloss)).toHaveCount(1);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await library(gloss).getByRole('option', { name: ISW_TITLE }).click();
  await selectText(page, CLAIM);
  await page.keyboard.press('c');
  await expect(annotationItems(gloss)).toHaveCount(1);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await selectText(page, FIGURE);
  await page.keyboard.press('f');
  await expect(annotationItems(gloss)).toHaveCount(2);
  await page.getByLabel(/^Reliability of /).selectOption('B');
  await expect(page.getByLabel(/^Reliability of /)).toHaveValue('B');
}

test('a set saved as a project holds only its annotations and articles, validates, and opens in a fresh profile', async ({
  gloss,
}, testInfo) => {
  test.setTimeout(120_000);
  const { page } = gloss;
  await annotateTwo(gloss);

  // The claims, as a saved filter: one on each article.
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Table' }).click();
  await expect(rows(gloss)).toHaveCount(3);
  await page.getByRole('grid', { name: 'Annotations' }).getByLabel('Filter Quote').fill('possible');
  await expect(rows(gloss)).toHaveCount(1);
  await page.getByRole('button', { name: 'Save filter as set…' }).click();
  await page.getByLabel('Set name').fill('Trump quotes');
  await page.getByLabel('Set name').press('Enter');
  await expect(sets(gloss).getByRole('button', { name: /^Trump quotes/ })).toBeVisible();

  const path = testInfo.outputPath('trump-quotes.gloss');
  await gloss.answerSaveDialog(path);
  await sets(gloss).getByRole('button', { name: 'Save set Trump quotes as project' }).click();
  await expect(
    notice(gloss, 'Saved the set “Trump quotes” as “trump-quotes.gloss”: 1 article, 1 annotation.'),
  ).toBeVisible();

  // The file: the one claim, its article (not Putin's), its source's grade, the set.
  const doc = await readProjectFile(new Uint8Array(readFileSync(path)));
  expect(doc.annotations.map((a) => [a.kind, a.deletedAt])).toEqual([['claim', null]]);
  expect(doc.articles.map((a) => a.title)).toEqual([expect.stringMatching(ISW_TITLE)]);
  expect(doc.sourceGrades.map((g) => g.reliability)).toEqual(['B']);
  expect(doc.sets).toEqual([
    expect.objectContaining({
      name: 'Trump quotes',
      type: 'dynamic',
      filter: { contains: { quote: 'possible' } },
    }),
  ]);
  expect(doc.envelope).toMatchObject({ name: 'Trump quotes', partial: { set: { name: 'Trump quotes' } } });
  // The command line's validate accepts it.
  const out = execFileSync('node', ['--import', 'tsx', 'cli/index.ts', 'validate', path], {
    encoding: 'utf8',
  });
  expect(out).toContain('valid Gloss project (format version 2): 1 article, 1 annotation (+0 deleted)');
  // And evaluates the set as the table did: the one annotation the table showed.
  const exported = JSON.parse(
    execFileSync(
      'node',
      ['--import', 'tsx', 'cli/index.ts', 'export', path, '--format', 'json', '--set', 'Trump quotes'],
      { encoding: 'utf8' },
    ),
  ) as { annotations: { id: string }[] };
  expect(exported.annotations.map((a) => a.id)).toEqual(doc.annotations.map((a) => a.id));

  // A fresh profile opens it: one article, one annotation, the set in the sidebar.
  const fresh = await startChromiumApp();
  try {
    await answerFirstRun(fresh.page, 'Second Profile');
    await fresh.answerOpenDialog([path]);
    await fresh.menu('open-project');
    await expect(notice(fresh, /Opened “trump-quotes.gloss”: 1 article, 1 annotation/)).toBeVisible();
    await expect(library(fresh).getByRole('option')).toHaveCount(1);
    await expect(library(fresh).getByRole('option', { name: ISW_TITLE })).toContainText('1 claim');
    await sets(fresh)
      .getByRole('button', { name: /^Trump quotes/ })
      .click();
    await expect(rows(fresh)).toHaveCount(1);
    await expect(rows(fresh).first()).toContainText('it’s possible');
    await expect(rows(fresh).first()).toContainText('B');
  } finally {
    await fresh.close();
  }
});
