import { join } from 'node:path';
import { designDocument } from '../../../core/sync';
import { createDatabase, putRaw, type TestCouch } from '../../unit/cli/sync/couch';
import { CORPUS, expect, type GlossApp } from './fixtures';
import { annotationItems, selectText } from './reader';

/*
 * What the team-sync specs do to an app profile: open File › Team Sync… and connect, wait for
 * the indicator, open the corpus article, select an annotation and write its note.
 */

/** The corpus article the team-sync specs annotate. */
export const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');

export const syncIndicator = (app: GlossApp) => app.page.getByRole('button', { name: /^Team sync:/ });
export const syncDialog = (app: GlossApp) => app.page.getByRole('dialog', { name: 'Team sync' });
/** The annotation in the list whose text holds `text`. */
export const item = (app: GlossApp, text: string) => annotationItems(app).filter({ hasText: text });
export const editor = (app: GlossApp) => app.page.getByRole('group', { name: 'Edit annotation' });

/** File › Team Sync…: fills server, database, user and password, and clicks Connect. */
export async function fillConnect(
  app: GlossApp,
  server: string,
  db: string,
  user: string,
  password: string,
): Promise<void> {
  await app.menu('team-sync');
  const d = syncDialog(app);
  await d.getByLabel('Server address').fill(server);
  await d.getByLabel('Database').fill(db);
  await d.getByLabel('User name').fill(user);
  await d.getByLabel('Password', { exact: true }).fill(password);
  await d.getByRole('button', { name: 'Connect' }).click();
}

/** Waits for the indicator to say up to date (after an outage, up to the 30 s back-off and a sync). */
export async function upToDate(app: GlossApp): Promise<void> {
  await expect(syncIndicator(app)).toHaveAttribute('data-state', 'up-to-date', { timeout: 60_000 });
}

export async function openArticle(app: GlossApp): Promise<void> {
  await app.page.getByRole('listbox', { name: 'Articles' }).getByRole('option').first().click();
  await expect(app.page.getByRole('textbox', { name: 'Article text' })).toContainText('Marco Rubio');
}

/** Selects the annotation (a click on the selected one would close its editor). */
export async function selectAnnotation(app: GlossApp, shown: string): Promise<void> {
  const it = item(app, shown);
  if ((await it.getAttribute('aria-current')) !== 'true') await it.locator('.annotation-summary').click();
  await expect(it).toHaveAttribute('aria-current', 'true');
}

/** Selects the annotation and writes its note (committed by leaving the field). */
export async function setNote(app: GlossApp, shown: string, note: string): Promise<void> {
  await selectAnnotation(app, shown);
  const field = editor(app).getByLabel('Note');
  await field.fill(note);
  await field.press('Tab');
}

/** Selects `passage` in the reader and marks it a claim (`shown`: the text its list item shows). */
export async function claim(app: GlossApp, passage: string, shown: string): Promise<void> {
  await selectText(app.page, passage);
  await app.page.keyboard.press('c');
  await expect(item(app, shown)).toContainText('Claim');
}

/** Waits until the annotation's note (in its editor) reads `note`. */
export async function setNoteVisible(app: GlossApp, shown: string, note: string): Promise<void> {
  const it = item(app, shown);
  if ((await it.getAttribute('aria-current')) !== 'true') await it.locator('.annotation-summary').click();
  await expect(editor(app).getByLabel('Note')).toHaveValue(note, { timeout: 30_000 });
}

/** A new team database on `couch` (its name: `prefix` and the time), members and Gloss's design document. */
export async function newDatabase(couch: TestCouch, prefix: string, members: string[]): Promise<string> {
  const name = `${prefix}-${Date.now()}`;
  await createDatabase(couch, name, members);
  await putRaw(couch, name, designDocument());
  return name;
}
