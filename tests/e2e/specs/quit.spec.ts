import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProjectFile } from '../../../core/project';
import { CORPUS, expect, test } from '../harness/fixtures';
import { importAndOpen, selectText } from '../harness/reader';

const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');
const CLAIM = 'Trump responded that “it’s possible.”';

const backups = (dir: string): string[] => {
  try {
    return readdirSync(join(dir, 'backups')).sort();
  } catch {
    return [];
  }
};

test('quitting writes a last backup of unsaved work before the window closes', async ({ gloss }) => {
  const { page } = gloss;
  await importAndOpen(gloss, ISW, 'US President Donald Trump stated');
  await selectText(page, CLAIM);
  await page.keyboard.press('c');
  await expect(page.locator('mark[data-ids]')).toHaveCount(1);
  expect(backups(gloss.userDataDir)).toEqual([]);

  await gloss.quit();

  // The backup holds the work as it was at the moment of quitting.
  const files = backups(gloss.userDataDir);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/-a1-n1\.gloss$/);
  const doc = await readProjectFile(readFileSync(join(gloss.userDataDir, 'backups', files[0]!)));
  expect(doc.annotations.map((a) => a.kind)).toEqual(['claim']);
  expect(doc.articles[0]!.title).toContain('Trump acknowledges Russia');
});

test('quitting with nothing new since the last backup writes none, and still closes', async ({ gloss }) => {
  const { page } = gloss;
  await importAndOpen(gloss, ISW, 'US President Donald Trump stated');
  await gloss.menu('back-up-now');
  await expect(page.getByRole('status').filter({ hasText: 'Backup written.' })).toBeVisible();
  expect(backups(gloss.userDataDir)).toHaveLength(1);
  await gloss.quit();
  expect(backups(gloss.userDataDir)).toHaveLength(1);
});
