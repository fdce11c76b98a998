import { join } from 'node:path';
import { expectAccessible } from '../harness/axe';
import { CORPUS, expect, test } from '../harness/fixtures';
import { annotationItems, importAndOpen, selectText } from '../harness/reader';

/*
 * An undo the library cannot carry out — the step's article was moved to the Trash since — changes
 * nothing and says so in an analyst's words: the step by name, what happened, what to do (Open
 * Trash, restore, undo again), the store's message with ids only on request. A real corpus
 * article, the app's own keys and buttons. (The same refusal after a colleague removed the
 * article through Team Sync: team-sync-twins.spec.ts.)
 */

const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');
const CLAIM = 'Trump responded that “it’s possible.”';

test('an undo whose article is in the Trash says so, and Open Trash leads the way back', async ({
  gloss,
}) => {
  const { page } = gloss;
  await importAndOpen(gloss, ISW, 'Marco Rubio');
  await selectText(page, CLAIM);
  await page.keyboard.press('c');
  await expect(annotationItems(gloss)).toHaveCount(1);
  await page.keyboard.press('o');
  await expect(annotationItems(gloss).first()).toContainText('Opinion');

  const library = page.getByRole('listbox', { name: 'Articles' });
  await library.getByRole('option').first().click();
  await page.keyboard.press('Delete');
  await page
    .getByRole('dialog', { name: 'Delete 1 article and 1 annotation?' })
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  await expect(library.getByRole('option')).toHaveCount(0);

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  const notice = page.getByRole('alert').filter({ hasText: 'Could not undo' });
  await expect(notice).toContainText(
    'Could not undo “Set stance”: its article is no longer in the library. Nothing was changed.',
  );
  await expect(notice).toContainText(
    /“Trump acknowledges Russia may have territorial ambitions[^”]*” is in the Trash: restore it \(Edit › Trash…\), then undo again\./,
  );
  await expect(notice.getByText(/^This annotation \(/)).toBeHidden();
  await page.screenshot({ path: join('reports', 'screenshots', 'chromium-undo-refused-trash.png') });
  await notice.getByText('Technical detail').click();
  await expect(notice.getByText(/^This annotation \(/)).toBeVisible();
  await expectAccessible(page, 'the undo refusal notice');
  await expect(library.getByRole('option')).toHaveCount(0);

  await notice.getByRole('button', { name: 'Open Trash' }).click();
  const trash = page.getByRole('dialog', { name: 'Trash' });
  await trash.getByRole('button', { name: 'Restore 1 article and 1 annotation' }).click();
  await trash.getByRole('button', { name: 'Close trash' }).click();
  await expect(library.getByRole('option')).toHaveCount(1);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(page.getByText('Undone: Set stance')).toBeVisible();
});
