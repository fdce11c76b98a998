import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { stampEdit, type Analyst, type Annotation } from '../../../core/model';
import { readProjectFile, writeProjectFile } from '../../../core/project';
import { CORPUS, expect, test, type GlossApp } from '../harness/fixtures';
import { selectText } from '../harness/reader';
import { dumpStores } from '../harness/store-dump';

/**
 * A colleague's file that rewrites one of my annotations and deletes another is merged through
 * the merge preview (“Keep theirs for all”); the library was backed up first, and Undo — from
 * the merge notice, or Edit › Undo after a reload — puts every record back as it was.
 */
const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');
const CLAIM = 'Trump responded that “it’s possible.”';
const FIGURE = 'over 80,000 killed-in-action';
const MALLORY: Analyst = { id: '5d2c9e1b-7a3f-4b68-8c0d-1e2f3a4b5c6d', name: 'Mallory' };

type Dump = Record<'articles' | 'bodies' | 'annotations' | 'sourceGrades' | 'tags' | 'sets', unknown[]>;

/** Every record a library holds, straight from IndexedDB. */
async function dump(page: Page): Promise<Dump> {
  return dumpStores(page, ['articles', 'bodies', 'annotations', 'sourceGrades', 'tags', 'sets'] as const);
}

const notice = (gloss: GlossApp, text: string | RegExp) =>
  gloss.page.getByRole('status').filter({ hasText: text }).last();

/**
 * The crafted file, made from my saved project: my claim rewritten (note, kind, author) with an
 * `updatedAt` far in the future, my figure deleted; saved by “Mallory” a minute after mine.
 */
async function craftedFile(minePath: string, outPath: string): Promise<void> {
  const doc = await readProjectFile(new Uint8Array(readFileSync(minePath)));
  const later = new Date(Date.parse(doc.envelope.savedAt) + 60_000).toISOString();
  const future = '2999-12-31T23:59:59.999Z';
  doc.envelope = { ...doc.envelope, analyst: MALLORY, savedAt: later };
  const claim = doc.annotations.find((a) => a.kind === 'claim')!;
  const rewritten = stampEdit(
    claim,
    { ...claim, kind: 'assessment', note: 'Rewritten by a crafted file.', author: MALLORY },
    MALLORY,
    future,
  );
  Object.assign(claim, rewritten, { author: MALLORY });
  const figure = doc.annotations.find((a) => a.kind === 'figure')!;
  Object.assign(figure, { deletedAt: future, updatedAt: future, updatedBy: MALLORY });
  writeFileSync(outPath, await writeProjectFile(doc));
}

async function mergeCrafted(gloss: GlossApp, path: string): Promise<void> {
  const { page } = gloss;
  await gloss.answerOpenDialog([path]);
  await gloss.menu('merge-project');
  const preview = page.getByRole('dialog', { name: 'Merge preview' });
  await expect(preview.getByLabel('Summary')).toContainText(/2\s*Conflicts/);
  await preview.getByRole('button', { name: 'Keep theirs for all' }).click();
  await preview.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(preview).toBeHidden();
}

test('a merge that rewrites and deletes annotations is backed up first and undone completely', async ({
  gloss,
}, testInfo) => {
  test.setTimeout(120_000);
  const { page } = gloss;
  await gloss.answerOpenDialog([ISW]);
  await gloss.menu('import-articles');
  await expect(page.getByRole('textbox', { name: 'Article text' })).toContainText('Marco Rubio');
  await selectText(page, CLAIM);
  await page.keyboard.press('c');
  await selectText(page, FIGURE);
  await page.keyboard.press('f');
  await expect(page.locator('mark[data-ids]')).toHaveCount(2);

  const minePath = testInfo.outputPath('mine.gloss');
  await gloss.answerSaveDialog(minePath);
  await gloss.menu('save-project-as');
  await expect(notice(gloss, 'Saved the project as')).toBeVisible();
  const craftedPath = testInfo.outputPath('crafted.gloss');
  await craftedFile(minePath, craftedPath);
  const before = await dump(page);
  const backups = join(gloss.userDataDir, 'backups');
  const backupsBefore = existsSync(backups) ? readdirSync(backups).length : 0;

  // Merged: the claim is rewritten and the figure deleted, as the file asked.
  await mergeCrafted(gloss, craftedPath);
  const merged = notice(gloss, /Merged “crafted.gloss” from Mallory: \d+ changes?/);
  await expect(merged).toBeVisible();
  await expect(merged.getByRole('button', { name: 'Undo merge' })).toBeVisible();
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-merge-undo-notice.png`),
  });
  const after = (await dump(page)).annotations as Annotation[];
  expect(after.find((a) => a.note === 'Rewritten by a crafted file.')).toMatchObject({ kind: 'assessment' });
  expect(after.filter((a) => a.deletedAt !== null)).toHaveLength(1);
  // The backup was written before the merge applied.
  expect(readdirSync(backups).length).toBe(backupsBefore + 1);

  // After a reload, the backups list names the backup, and Edit › Undo takes the merge back.
  await gloss.reload();
  await expect(page.getByRole('listbox', { name: 'Articles' }).getByRole('option')).toHaveCount(1);
  await gloss.menu('restore-backup');
  const list = page.getByRole('dialog', { name: 'Restore from backup' });
  await expect(
    list.getByRole('button', { name: 'Restore the library from before the merge of “crafted.gloss”' }),
  ).toBeVisible();
  await list.getByRole('button', { name: 'Close', exact: true }).click();
  await gloss.menu('undo');
  await expect(notice(gloss, 'Undone: the merge of “crafted.gloss”')).toBeVisible();
  expect(await dump(page)).toEqual(before);
  // Reopened, the article shows both annotations again.
  await page.getByRole('listbox', { name: 'Articles' }).getByRole('option').first().click();
  await expect(page.locator('mark.hl-claim')).toHaveText(CLAIM);
  await expect(page.locator('mark.hl-figure')).toHaveText(FIGURE);

  // Merged again, and undone from the notice's own button.
  await mergeCrafted(gloss, craftedPath);
  await notice(gloss, /Merged “crafted.gloss” from Mallory/)
    .getByRole('button', { name: 'Undo merge' })
    .click();
  // The first undo's notice stays (it has details): wait for the second.
  await expect(
    page.getByRole('status').filter({ hasText: 'Undone: the merge of “crafted.gloss”' }),
  ).toHaveCount(2);
  expect(await dump(page)).toEqual(before);
  // Nothing more to undo from the merge: Edit › Undo now undoes the annotation steps before it.
  await gloss.menu('undo');
  await expect(notice(gloss, /Undone: /).filter({ hasNotText: 'merge' })).toBeVisible();
});
