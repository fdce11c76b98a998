import { join } from 'node:path';
import { CORPUS, expect, test, type GlossApp } from '../harness/fixtures';
import { annotationItems as items, importAndOpen, replaceInStoredText, selectText } from '../harness/reader';

const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');
const CLAIM = 'Trump responded that “it’s possible.”';
const FIGURE = 'over 80,000 killed-in-action';
const DOOMED = 'ISW continues to assess that Russia is unwilling to engage in substantive negotiations';
const NEW_HOME = 'Rubio’s statements are consistent with ISW’s assessments';

const openIsw = (gloss: GlossApp) => importAndOpen(gloss, ISW, 'Marco Rubio');
const item = (gloss: GlossApp, text: string) => items(gloss).filter({ hasText: text });

test('after the text changes: moved passages keep their highlight, a reworded one is approximate, a deleted one is orphaned and can be re-attached', async ({
  gloss,
}) => {
  const { page } = gloss;
  await openIsw(gloss);
  for (const [text, key] of [
    [CLAIM, 'c'],
    [FIGURE, 'f'],
    [DOOMED, 'a'],
  ] as const) {
    await selectText(page, text);
    await page.keyboard.press(key);
    await expect(item(gloss, text.slice(0, 20))).toHaveCount(1);
  }
  await expect(items(gloss)).toHaveCount(3);

  // The article is re-extracted: words inserted before everything, a hyphenated word respelt in the
  // figure's passage, and the assessed sentence gone.
  await replaceInStoredText(
    page,
    'US President Donald Trump stated',
    'On Wednesday, US President Donald Trump stated',
  );
  await replaceInStoredText(page, FIGURE, 'over 80,000 killed in action');
  await replaceInStoredText(page, `${DOOMED} to end the war in Ukraine`, 'Negotiations remain stalled');
  await gloss.reload();
  await page.getByRole('listbox', { name: 'Articles' }).getByRole('option').click();

  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(reader.getByRole('note').filter({ hasText: 'could not be found' })).toContainText(
    '1 annotation could not be found in this text (orphaned). 1 matched only approximately',
  );
  await expect(page.locator('mark.hl-claim')).toHaveText(CLAIM); // moved: still exact text
  await expect(page.locator('mark.hl-figure.hl-fuzzy')).toHaveText('over 80,000 killed in action');
  await expect(item(gloss, '80,000 killed in action')).toContainText('approximate');
  await expect(page.locator('mark.hl-assessment')).toHaveCount(0);
  const orphan = item(gloss, DOOMED.slice(0, 30));
  await expect(orphan).toContainText('orphaned');

  // Re-attach the orphan to the sentence that now carries the judgement.
  await orphan.locator('.annotation-summary').click();
  await selectText(page, NEW_HOME);
  await page.getByRole('button', { name: 'Re-attach to selection' }).click();
  await expect(page.locator('mark.hl-assessment')).toHaveText(NEW_HOME);
  await expect(item(gloss, NEW_HOME)).not.toContainText('orphaned');
  await expect(reader.getByRole('note').filter({ hasText: 'could not be found' })).toHaveCount(0);

  // Re-attaching is one undoable step, and it survives a reload.
  await page.keyboard.press('Control+z');
  await expect(page.locator('mark.hl-assessment')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator('mark.hl-assessment')).toHaveText(NEW_HOME);
  await gloss.reload();
  await page.getByRole('listbox', { name: 'Articles' }).getByRole('option').click();
  await expect(page.locator('mark.hl-assessment')).toHaveText(NEW_HOME);
});

test('selections snap to whole words unless the setting is off, and the setting is kept', async ({
  gloss,
}) => {
  const { page } = gloss;
  await openIsw(gloss);
  const toolbar = page.getByRole('toolbar', { name: 'Annotate selection' });
  const snap = toolbar.getByRole('button', { name: 'Whole words' });

  await selectText(page, 'ossible future confl');
  await expect(snap).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('c');
  await expect(page.locator('mark.hl-claim')).toHaveText('possible future conflict');

  await selectText(page, 'ilitary and soci');
  await snap.click();
  await expect(snap).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('a');
  await expect(page.locator('mark.hl-assessment')).toHaveText('ilitary and soci');

  await gloss.reload();
  await page.getByRole('listbox', { name: 'Articles' }).getByRole('option').click();
  await selectText(page, 'Votkinsk');
  await expect(snap).toHaveAttribute('aria-pressed', 'false');
});

test('hovering a highlight shows a summary of each annotation covering it', async ({ gloss }, testInfo) => {
  const { page } = gloss;
  await openIsw(gloss);
  await selectText(page, 'Rubio stated that Russia has suffered over 80,000');
  await page.keyboard.press('c');
  await page.keyboard.press('r');
  await page.keyboard.press('2');
  await selectText(page, FIGURE);
  await page.keyboard.press('f');
  await expect(page.locator('mark.hl-overlap')).toHaveText('over 80,000');

  await page.locator('mark.hl-overlap').hover();
  const card = page.getByRole('tooltip');
  await expect(card).toContainText('Claim · reporting · credibility 2 · Marco Rubio');
  await expect(card).toContainText('Figure');
  await page.screenshot({ path: join('reports', 'screenshots', `${testInfo.project.name}-hover-card.png`) });
  await page.mouse.move(5, 5);
  await expect(card).toHaveCount(0);
});
