import { join } from 'node:path';
import { CORPUS, expect, test, type GlossApp } from '../harness/fixtures';
import { selectText } from '../harness/reader';

const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');

const CLAIM = 'Trump responded that “it’s possible.”';
const ASSESSMENT =
  'ISW has long assessed that Russia is preparing its military and society for a possible future conflict with NATO';
const FIGURE = 'over 80,000 killed-in-action';
const OVERLAP = 'Rubio stated that Russia has suffered over 80,000';

async function openIsw(gloss: GlossApp) {
  await gloss.answerOpenDialog([ISW]);
  await gloss.menu('import-articles');
  await expect(gloss.page.getByRole('listbox', { name: 'Articles' }).getByRole('option')).toHaveCount(1);
  await expect(gloss.page.getByRole('textbox', { name: 'Article text' })).toContainText('Marco Rubio');
}

const list = (gloss: GlossApp) => gloss.page.getByRole('listbox', { name: 'Annotations of this article' });
const items = (gloss: GlossApp) => list(gloss).locator(':scope > li');
const item = (gloss: GlossApp, text: string) => items(gloss).filter({ hasText: text });
const selectedItem = (gloss: GlossApp) => list(gloss).locator(':scope > [aria-selected="true"]');
const editor = (gloss: GlossApp) => gloss.page.getByRole('group', { name: 'Edit annotation' });

test('annotate the ISW article by keyboard and toolbar, overlap, edit, undo, redo, reload', async ({
  gloss,
}) => {
  const { page } = gloss;
  await openIsw(gloss);

  // A claim by keyboard: C, then R (reporting), then 2 (credibility).
  await selectText(page, CLAIM);
  await expect(page.getByRole('toolbar', { name: 'Annotate selection' })).toBeVisible();
  await page.keyboard.press('c');
  await expect(item(gloss, 'it’s possible')).toContainText('Claim');
  await page.keyboard.press('r');
  await page.keyboard.press('2');
  await expect(item(gloss, 'it’s possible')).toContainText('reporting');
  await expect(editor(gloss).getByLabel('Credibility')).toHaveValue('2');
  await expect(page.locator('mark.hl-claim.hl-reporting')).toHaveText(CLAIM);

  // An assessment from the selection toolbar, marked as opinion.
  await selectText(page, ASSESSMENT);
  await page
    .getByRole('toolbar', { name: 'Annotate selection' })
    .getByRole('button', { name: /Assessment/ })
    .click();
  await page.keyboard.press('o');
  await expect(item(gloss, 'ISW has long assessed')).toContainText('Assessment');
  await expect(item(gloss, 'ISW has long assessed')).toContainText('opinion');
  await expect(page.locator('mark.hl-assessment.hl-opinion')).toHaveText(ASSESSMENT);

  // A figure: the value is parsed from the passage.
  await selectText(page, FIGURE);
  await page.keyboard.press('f');
  await expect(item(gloss, 'killed-in-action')).toContainText('= 80,000');
  await expect(editor(gloss).getByLabel('Figure value')).toHaveValue('80000');

  // An overlapping claim: the shared stretch carries both ids.
  await selectText(page, OVERLAP);
  await page.keyboard.press('c');
  await expect(items(gloss)).toHaveCount(4);
  const shared = page.locator('mark.hl-overlap');
  await expect(shared).toHaveText('over 80,000');
  expect((await shared.getAttribute('data-ids'))?.split(' ')).toHaveLength(2);
  // The suggested attribution comes from the sentence.
  await expect(editor(gloss).getByLabel('Attributed to')).toHaveValue(/Rubio/);

  // Edit the first claim's note.
  await item(gloss, 'it’s possible').locator('.annotation-summary').click();
  const note = editor(gloss).getByLabel('Note');
  await note.fill('Said at the NATO summit press conference.');
  await note.press('Tab');
  await expect(item(gloss, 'it’s possible')).toContainText('✎ note');

  // Undo the note edit, then redo it.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(item(gloss, 'it’s possible')).not.toContainText('✎ note');
  await page.keyboard.press('Control+Shift+z');
  await expect(item(gloss, 'it’s possible')).toContainText('✎ note');

  // Reload: everything is as it was left, and undo still knows the last step.
  await gloss.reload();
  await page.getByRole('listbox', { name: 'Articles' }).getByRole('option').click();
  await expect(items(gloss)).toHaveCount(4);
  await expect(item(gloss, 'it’s possible')).toContainText('reporting');
  await expect(item(gloss, 'it’s possible')).toContainText('✎ note');
  await expect(item(gloss, 'ISW has long assessed')).toContainText('opinion');
  await expect(item(gloss, 'killed-in-action')).toContainText('= 80,000');
  await expect(page.locator('mark.hl-overlap')).toHaveText('over 80,000');
  await item(gloss, 'it’s possible').locator('.annotation-summary').click();
  await expect(editor(gloss).getByLabel('Credibility')).toHaveValue('2');
  await expect(editor(gloss).getByLabel('Note')).toHaveValue('Said at the NATO summit press conference.');
  await page.getByRole('button', { name: /^Undo Edit note/ }).click();
  await expect(item(gloss, 'it’s possible')).not.toContainText('✎ note');
});

test('J/K move through annotations, Delete removes one, and the deletion can be undone', async ({
  gloss,
}) => {
  const { page } = gloss;
  await openIsw(gloss);
  await selectText(page, FIGURE);
  await page.keyboard.press('f');
  await selectText(page, CLAIM);
  await page.keyboard.press('c');
  await expect(items(gloss)).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(selectedItem(gloss)).toHaveCount(0);
  await page.keyboard.press('j');
  await expect(selectedItem(gloss)).toContainText('it’s possible');
  await page.keyboard.press('j');
  await expect(selectedItem(gloss)).toContainText('killed-in-action');
  await page.keyboard.press('k');
  await expect(selectedItem(gloss)).toContainText('it’s possible');
  await page.keyboard.press('Delete');
  await expect(items(gloss)).toHaveCount(1);
  await expect(page.locator('mark.hl-claim')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(items(gloss)).toHaveCount(2);
  await expect(page.locator('mark.hl-claim')).toHaveText(CLAIM);
});

test('Shift+Alt+arrows adjust the span of the selected annotation by a word', async ({ gloss }) => {
  const { page } = gloss;
  await openIsw(gloss);
  await selectText(page, 'over 80,000');
  await page.keyboard.press('f');
  await expect(page.locator('mark.hl-figure')).toHaveText('over 80,000');
  await page.keyboard.press('Shift+Alt+ArrowRight');
  await expect(page.locator('mark.hl-figure')).toHaveText('over 80,000 killed-in-action');
  await page.keyboard.press('Shift+Alt+ArrowDown');
  await expect(page.locator('mark.hl-figure')).toHaveText('80,000 killed-in-action');
});

test('the source reliability grade is kept per source', async ({ gloss }) => {
  const { page } = gloss;
  await openIsw(gloss);
  const grade = page.getByLabel(/^Reliability of /);
  await grade.selectOption('B');
  // The select shows what the database holds, so this waits for the write.
  await expect(page.getByLabel(/^Reliability of /)).toHaveValue('B');
  await gloss.reload();
  await page.getByRole('listbox', { name: 'Articles' }).getByRole('option').click();
  await expect(page.getByLabel(/^Reliability of /)).toHaveValue('B');
});

test('screenshot: a dozen annotations of every kind on the ISW article', async ({ gloss }, testInfo) => {
  const { page } = gloss;
  await openIsw(gloss);
  const marks: [string, string, string[]][] = [
    [
      'US President Donald Trump stated that Russia may have territorial ambitions beyond Ukraine',
      'c',
      ['r', '2'],
    ],
    [CLAIM, 'c', ['r', '1']],
    [ASSESSMENT, 'a', ['o']],
    [
      'Rubio stated that Russia has suffered over 80,000 killed-in-action (KIA) since January 2025',
      'c',
      ['r', '3'],
    ],
    [FIGURE, 'f', []],
    ['ISW continues to assess that Russia is unwilling to engage in substantive negotiations', 'a', ['o']],
    ['Russia’s state-owned Votkinsk Plant has hired 2,500 workers', 'c', ['r', '2']],
    ['$13 million', 'f', []],
    ['from 250 in 2023 to 700 in 2024', 'f', []],
    ['Russia had stockpiled roughly 600 Iskander-M ballistic missiles', 'c', ['r', '3']],
    ['five percent of gross domestic product (GDP)', 'f', []],
    ['6.5 billion Norwegian kroner (about $642 million)', 'f', []],
    ['Ukrainian forces likely conducted a long-range strike', 'a', ['o']],
  ];
  for (const [text, kind, keys] of marks) {
    await selectText(page, text);
    await page.keyboard.press(kind);
    await expect(items(gloss)).toHaveCount(marks.indexOf(marks.find((m) => m[0] === text)!) + 1);
    for (const k of keys) await page.keyboard.press(k);
  }
  await expect(items(gloss)).toHaveCount(marks.length);
  await item(gloss, 'Trump responded').locator('.annotation-summary').click();
  await page
    .getByRole('region', { name: 'Reader' })
    .locator('.reader-scroll')
    .evaluate((el) => (el.scrollTop = 0));
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-reader-annotated.png`),
  });
  await page
    .getByRole('region', { name: 'Reader' })
    .locator('.reader-scroll')
    .evaluate((el) => (el.scrollTop = 1400));
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-reader-annotated-figures.png`),
  });
});
