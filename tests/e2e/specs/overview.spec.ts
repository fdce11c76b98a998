import { join } from 'node:path';
import { CORPUS, expect, test, type GlossApp } from '../harness/fixtures';
import { annotationItems, selectText } from '../harness/reader';

const FILES = [
  join(CORPUS, 'text', 'isw-2025-06-25.txt'),
  join(CORPUS, 'html', 'bbc-1', 'source.html'),
  join(CORPUS, 'html', 'guardian-1', 'source.html'),
];
const ISW = /Trump acknowledges Russia may have territorial ambitions/;
const BBC = /Obama admits US gun laws/;
const GUARDIAN = /What is the sea telling us/;
const ISW_SOURCE = 'Institute for the Study of War';

const library = (gloss: GlossApp) => gloss.page.getByRole('listbox', { name: 'Articles' });
const overview = (gloss: GlossApp) => gloss.page.getByRole('region', { name: 'Overview' });
const chart = (gloss: GlossApp, title: string) => overview(gloss).getByRole('figure', { name: title });

/** Opens an article and marks each passage with the keys given (kind, then stance). */
async function annotate(gloss: GlossApp, title: RegExp, marks: [string, string][]): Promise<void> {
  const { page } = gloss;
  await library(gloss).getByRole('option', { name: title }).click();
  await expect(page.getByRole('region', { name: 'Reader' }).getByRole('heading', { level: 1 })).toHaveText(
    title,
  );
  let count = 0;
  for (const [passage, keys] of marks) {
    await selectText(page, passage);
    for (const key of keys) await page.keyboard.press(key);
    await expect(annotationItems(gloss)).toHaveCount(++count);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
  }
}

test('the overview charts annotations per source and over time, and a bar filters the table', async ({
  gloss,
}) => {
  const { page } = gloss;
  // An empty project says what to do.
  await page.keyboard.press('Control+Shift+G');
  await expect(overview(gloss).getByRole('note')).toContainText('No annotations yet');

  await page.getByRole('button', { name: 'Reader', exact: true }).click();
  await gloss.answerOpenDialog(FILES);
  await gloss.menu('import-articles');
  await expect(library(gloss).getByRole('option')).toHaveCount(3);
  await annotate(gloss, ISW, [
    ['Trump responded that “it’s possible.”', 'cr'],
    ['ISW has long assessed that Russia is preparing its military', 'ao'],
    ['over 80,000 killed-in-action', 'f'],
  ]);
  await annotate(gloss, BBC, [
    ['the greatest frustration of his presidency', 'cr'],
    ['the president did not sound very confident', 'ao'],
  ]);
  await annotate(gloss, GUARDIAN, [['has now overseen more than 500 strandings', 'f']]);

  await page.getByRole('button', { name: 'Overview' }).click();
  await expect(overview(gloss).getByRole('heading', { level: 2 })).toHaveText('Overview of all annotations');
  const byKind = chart(gloss, 'Annotations by kind, per source');
  await expect(byKind.getByRole('button', { name: `${ISW_SOURCE}, Claim: 1` })).toBeVisible();
  await expect(byKind.getByRole('button', { name: `${ISW_SOURCE}, Assessment: 1` })).toBeVisible();
  await expect(byKind.getByRole('button', { name: `${ISW_SOURCE}, Figure: 1` })).toBeVisible();
  await expect(byKind.getByRole('button', { name: /^BBC News, / })).toHaveCount(2);
  const byStance = chart(gloss, 'Annotations by stance, per source');
  await expect(byStance.getByRole('button', { name: 'BBC News, Opinion: 1' })).toBeVisible();
  await expect(byStance.getByRole('button', { name: `${ISW_SOURCE}, No stance: 1` })).toBeVisible();
  // Three publication years (2015, 2019, 2025): one bar per year.
  const byDate = chart(gloss, 'Annotations by kind, per year of publication');
  await expect(byDate.getByRole('button', { name: '2025, Claim: 1' })).toBeVisible();
  await expect(byDate.getByRole('button', { name: '2015, Assessment: 1' })).toBeVisible();
  await expect(byDate.getByRole('button', { name: '2019, Figure: 1' })).toBeVisible();
  await page.screenshot({ path: join('reports', 'screenshots', 'chromium-overview.png') });
  // The publication chart lies below the fold: its own picture, scrolled into view.
  await byDate.screenshot({ path: join('reports', 'screenshots', 'chromium-overview-dates.png') });

  // A bar opens the table with exactly its annotations.
  await byKind.getByRole('button', { name: 'BBC News, Assessment: 1' }).click();
  const table = page.getByRole('region', { name: 'Annotations table' });
  await expect(page.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true');
  await expect(table.locator('.table-header .count')).toHaveText('1 of 6');
  await expect(table.getByRole('row').filter({ hasText: 'did not sound very confident' })).toHaveCount(1);
  await expect(table.getByText('Source: BBC News')).toBeVisible();

  // The overview then counts within the table's filter; a year bar narrows by date too.
  await page.keyboard.press('Control+Shift+G');
  await expect(overview(gloss).getByRole('heading', { level: 2 })).toContainText('source BBC News');
  await page.getByRole('button', { name: 'Show all annotations' }).click();
  await expect(overview(gloss).getByRole('heading', { level: 2 })).toHaveText('Overview of all annotations');
  await byDate.getByRole('button', { name: '2025, Figure: 1' }).press('Enter');
  await expect(table.locator('.table-header .count')).toHaveText('1 of 6');
  await expect(table.getByText('Published 2025-01-01 to 2025-12-31')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'over 80,000 killed-in-action' })).toHaveCount(1);

  // After a reload the overview still counts every annotation; the View menu opens it too.
  await gloss.reload();
  await gloss.menu('view-overview');
  await expect(overview(gloss).getByRole('heading', { level: 2 })).toHaveText('Overview of all annotations');
  await expect(chart(gloss, 'Annotations by kind, per source').getByRole('button')).toHaveCount(6);
  await gloss.menu('view-table');
  await expect(page.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true');
  await gloss.menu('view-reader');
  await expect(page.getByRole('button', { name: 'Reader' })).toHaveAttribute('aria-pressed', 'true');
});
