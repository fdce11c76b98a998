import { join } from 'node:path';
import { CORPUS, FIXTURES, expect, test } from '../harness/fixtures';
import { countStore } from '../harness/store-dump';

test('a Hypothesis export is previewed (matched and not, with why) and its matches imported', async ({
  gloss,
}, testInfo) => {
  const { page } = gloss;
  await gloss.answerOpenDialog([
    join(CORPUS, 'text', 'isw-2025-06-25.txt'),
    join(CORPUS, 'text', 'putin-historical-lands.txt'),
    join(CORPUS, 'html', 'bbc-1', 'source.html'),
  ]);
  await gloss.menu('import-articles');
  await expect(page.getByRole('listbox', { name: 'Articles' }).getByRole('option')).toHaveCount(3);

  await gloss.answerOpenDialog([join(FIXTURES, 'hypothesis', 'export.json')]);
  await gloss.menu('import-articles');
  const dialog = page.getByRole('dialog', { name: 'Import Hypothesis annotations' });
  await expect(dialog).toContainText('3 annotations matched an article, 3 annotations did not.');
  const matched = dialog.getByRole('region', { name: 'Matched', exact: true });
  await expect(matched.getByRole('listitem')).toHaveCount(3);
  await expect(matched).toContainText('(by address)');
  await expect(matched).toContainText('(by title)');
  await expect(matched).toContainText('(by quote)');
  const missed = dialog.getByRole('region', { name: 'Not matched' });
  await expect(missed).toContainText('a page note: it quotes no passage');
  await expect(missed).toContainText('a reply, not a passage');
  await expect(missed).toContainText('no article with its address, its title or its quote');
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-hypothesis-preview.png`),
  });
  await dialog.getByRole('button', { name: 'Import 3 annotations' }).click();
  await expect(dialog).toBeHidden();
  // The matches go through the same merge preview as a colleague's file: nothing is written
  // until Merge.
  const preview = page.getByRole('dialog', { name: 'Merge preview' });
  await expect(preview.getByLabel('Summary')).toContainText(/3\s*New annotations/);
  await preview.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(preview).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Merged “export.json”' })).toContainText(
    '3 annotations added or changed',
  );
  const count = await countStore(page, 'annotations');
  expect(count).toBe(3);
});
