import { expect, type Page } from '@playwright/test';

/** The name the `gloss` fixture gives as analyst on first run, unless a spec asks otherwise. */
export const DEFAULT_ANALYST = 'Test Analyst';

/** Answers the first-run question “who is annotating?” with `name`. */
export async function answerFirstRun(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Welcome to Gloss' });
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  await dialog.getByLabel('Your name').fill(name);
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(dialog).toBeHidden();
}
