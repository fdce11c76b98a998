import { join } from 'node:path';
import { COMMANDS } from '../../../core/bridge/commands';
import { expectAccessible } from '../harness/axe';
import { CORPUS, expect, test, type GlossApp } from '../harness/fixtures';
import { annotationItems, selectText } from '../harness/reader';

const TEXT = ['isw-2025-06-25.txt', 'putin-historical-lands.txt', 'putin-press-on-reuters.txt'].map((f) =>
  join(CORPUS, 'text', f),
);
const PAGES = ['bbc-1', 'guardian-1'].map((site) => join(CORPUS, 'html', site, 'source.html'));
const ISW_TITLE = /Trump acknowledges Russia may have territorial ambitions/;
const CLAIM = 'Trump responded that “it’s possible.”';
const FIGURE = 'over 80,000 killed-in-action';

const library = (gloss: GlossApp) => gloss.page.getByRole('listbox', { name: 'Articles' });
const toolbar = (gloss: GlossApp) => gloss.page.getByRole('toolbar', { name: 'Main' });
const palette = (gloss: GlossApp) => gloss.page.getByRole('dialog', { name: 'Command palette' });
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function importCorpus(gloss: GlossApp): Promise<void> {
  await gloss.answerOpenDialog([...TEXT, ...PAGES]);
  await gloss.menu('import-articles');
  await expect(library(gloss).getByRole('option')).toHaveCount(5);
}

async function annotateIsw(gloss: GlossApp): Promise<void> {
  const { page } = gloss;
  await library(gloss).getByRole('option', { name: ISW_TITLE }).click();
  await selectText(page, CLAIM);
  await page.keyboard.press('c');
  await expect(annotationItems(gloss)).toHaveCount(1);
  await page.keyboard.press('Escape');
  await selectText(page, FIGURE);
  await page.keyboard.press('f');
  await expect(annotationItems(gloss)).toHaveCount(2);
}

const shot = (gloss: GlossApp, host: string, name: string) =>
  gloss.page.screenshot({ path: join('reports', 'screenshots', `${host}-${name}.png`) });

test('the command palette lists every command with its key and runs the one chosen', async ({ gloss }) => {
  const { page } = gloss;
  await page.keyboard.press(`${mod}+Shift+P`);
  await expect(palette(gloss)).toBeVisible();
  const options = palette(gloss).getByRole('option');
  await expect(options).toHaveCount(COMMANDS.length);
  await expect(options.filter({ hasText: 'Annotations Table' })).toContainText(
    process.platform === 'darwin' ? '⇧⌘T' : 'Ctrl+Shift+T',
  );
  await expectAccessible(page, 'the command palette');

  // Words filter by the start of a word; Enter runs the first match.
  await palette(gloss).getByRole('combobox', { name: 'Command' }).fill('over');
  await expect(options).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(palette(gloss)).toBeHidden();
  await expect(page.getByRole('region', { name: 'Overview' })).toBeVisible();

  // Esc closes it without running anything.
  await page.keyboard.press(`${mod}+Shift+P`);
  await page.keyboard.press('Escape');
  await expect(palette(gloss)).toBeHidden();
  await expect(page.getByRole('region', { name: 'Overview' })).toBeVisible();
});

test('the toolbar is one row of named icon buttons, and the view switch stays put', async ({ gloss }) => {
  const { page } = gloss;
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1100, height: 800 },
  ]) {
    await page.setViewportSize(size);
    const box = await toolbar(gloss).boundingBox();
    expect(box?.height, `toolbar height at ${size.width} px`).toBeLessThanOrEqual(44);
  }
  // Every button has a name and a tooltip with what it does.
  for (const button of await toolbar(gloss).getByRole('button').all()) {
    await expect(button).toHaveAccessibleName(/\S/);
    await expect(button).toHaveAttribute('title', /\S/);
  }
  const view = page.getByRole('group', { name: 'View' });
  const before = await view.boundingBox();
  await importCorpus(gloss);
  await expect(toolbar(gloss).getByRole('button', { name: 'Review import (5)' })).toBeVisible();
  expect(await view.boundingBox()).toEqual(before);

  // A toolbar button runs the menu's command: Review before adding is a toggle.
  const reviewFirst = toolbar(gloss).getByRole('button', { name: 'Review before adding' });
  await expect(reviewFirst).toHaveAttribute('aria-pressed', 'false');
  await reviewFirst.click();
  await expect(reviewFirst).toHaveAttribute('aria-pressed', 'true');
  await gloss.menu('toggle-review-first');
  await expect(reviewFirst).toHaveAttribute('aria-pressed', 'false');
});

test('the Annotate commands work from the menu as from their keys', async ({ gloss }) => {
  const { page } = gloss;
  await importCorpus(gloss);
  await library(gloss).getByRole('option', { name: ISW_TITLE }).click();
  await selectText(page, CLAIM);
  await gloss.menu('mark-assessment');
  await expect(annotationItems(gloss)).toHaveCount(1);
  await expect(annotationItems(gloss).first()).toContainText(/assessment/i);
  await gloss.menu('set-opinion');
  await expect(annotationItems(gloss).first()).toContainText(/opinion/i);
  await gloss.menu('delete-annotation');
  await expect(annotationItems(gloss)).toHaveCount(0);
  await gloss.menu('undo');
  await expect(annotationItems(gloss)).toHaveCount(1);
});

test('dark mode follows the system, and a choice in View › Appearance overrides it and is kept', async ({
  gloss,
}) => {
  const { page } = gloss;
  const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(theme).toBe('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(theme).toBe('light');
  await gloss.menu('theme-dark');
  await expect.poll(theme).toBe('dark');
  await gloss.reload();
  await expect.poll(theme).toBe('dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(23, 25, 28)');
  await gloss.menu('theme-system');
  await expect.poll(theme).toBe('light');
});

test('side panes collapse and come back from the View menu', async ({ gloss }) => {
  const { page } = gloss;
  const libraryPane = page.getByRole('region', { name: 'Library' });
  await expect(libraryPane).toBeVisible();
  await page.keyboard.press(`${mod}+Alt+1`);
  await expect(libraryPane).toBeHidden();
  await gloss.menu('toggle-library');
  await expect(libraryPane).toBeVisible();
  await gloss.menu('toggle-annotations');
  await expect(page.getByRole('region', { name: 'Annotations' })).toBeHidden();
});

for (const theme of ['light', 'dark'] as const) {
  test(`every view passes axe in ${theme} mode, and is photographed at 1440×900 and 1100×800`, async ({
    gloss,
  }, testInfo) => {
    test.setTimeout(240_000);
    const { page } = gloss;
    const host = testInfo.project.name;
    await page.emulateMedia({ colorScheme: theme });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
    await expect(page.getByRole('region', { name: 'Reader' })).toContainText('Import an article');
    await expectAccessible(page, `the empty library (${theme})`);
    await shot(gloss, host, `empty-${theme}`);
    await importCorpus(gloss);
    await annotateIsw(gloss);
    // Footnote markers read as superscripts, and a highlight next to one is unharmed.
    const text = page.getByRole('textbox', { name: 'Article text' });
    await expect(text.locator('sup').first()).toHaveText('[1]');
    await expect(text.locator('mark.hl-claim')).toContainText('it’s possible');
    const views = [
      { name: 'reader', command: 'view-reader', region: 'Reader' },
      { name: 'table', command: 'view-table', region: 'Annotations table' },
      { name: 'overview', command: 'view-overview', region: 'Overview' },
    ] as const;
    for (const v of views) {
      if (v.name !== 'reader') await gloss.menu(v.command);
      await expect(page.getByRole('region', { name: v.region })).toBeVisible();
      await expectAccessible(page, `the ${v.name} (${theme})`);
      for (const size of [
        { width: 1440, height: 900 },
        { width: 1100, height: 800 },
      ]) {
        await page.setViewportSize(size);
        await shot(gloss, host, `${v.name}-${theme}-${size.width}`);
      }
      if (v.name === 'overview') await gloss.menu('view-overview');
      else if (v.name === 'table') await gloss.menu('view-table');
    }

    // Every dialog the menu opens, one at a time.
    const dialogs = [
      { command: 'export', name: 'Export annotations' },
      { command: 'review-import', name: 'Import review' },
      { command: 'agreement', name: /Agreement/ },
      { command: 'change-analyst', name: 'Analyst' },
      { command: 'paste-article', name: /Paste/ },
      { command: 'open-trash', name: 'Trash' },
      { command: 'delete-articles', name: /^Delete 1 article and 2 annotations/ },
      { command: 'command-palette', name: 'Command palette' },
    ] as const;
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const d of dialogs) {
      await gloss.menu(d.command);
      const dialog = page.getByRole('dialog', { name: d.name });
      await expect(dialog).toBeVisible();
      await expectAccessible(page, `the ${d.command} dialog (${theme})`);
      await shot(gloss, host, `dialog-${d.command}-${theme}`);
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
  });
}

test.describe('the first start', () => {
  test.use({ analyst: null });

  test('asks who is annotating in a dialog that must be answered: no ×, Escape keeps it', async ({
    gloss,
  }) => {
    const { page } = gloss;
    const dialog = page.getByRole('dialog', { name: 'Welcome to Gloss' });
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await expect(dialog.getByRole('button', { name: /close/i })).toHaveCount(0);
    await expectAccessible(page, 'the first-run dialog');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Your name').fill('Ann Analyst');
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Analyst: Ann Analyst' })).toBeVisible();
  });
});

test('table columns resize, hide and move, and are remembered; tags are added and removed, not replaced', async ({
  gloss,
}) => {
  const { page } = gloss;
  await importCorpus(gloss);
  await annotateIsw(gloss);
  await gloss.menu('view-table');
  const grid = page.getByRole('grid', { name: 'Annotations' });
  const headers = grid.getByRole('columnheader');
  await expect(headers.filter({ hasText: 'Published' })).toBeVisible();
  await expect(headers.filter({ hasText: 'Admiralty' })).toBeVisible();
  const rows = grid.getByRole('rowgroup', { name: 'Annotation rows' }).getByRole('row');
  await expect(rows.filter({ hasText: '80,000' })).toContainText(/Jun 25, 2025|25 Jun 2025/);

  // Resize Tags with the keyboard: 130 px → 162 px.
  const resize = grid.getByRole('separator', { name: 'Resize Tags column' });
  await expect(resize).toHaveAttribute('aria-valuenow', '130');
  await resize.press('ArrowRight');
  await resize.press('ArrowRight');
  await expect(resize).toHaveAttribute('aria-valuenow', '162');
  const tagsHeader = headers.filter({ hasText: 'Tags' });
  expect((await tagsHeader.boundingBox())?.width).toBeCloseTo(162, 0);

  // Show Note, hide Stance, move Annotated to the left of Published.
  await page.getByRole('button', { name: 'Columns' }).click();
  const panel = page.getByRole('group', { name: 'Columns' });
  await panel.getByRole('checkbox', { name: 'Note' }).check();
  await panel.getByRole('checkbox', { name: 'Stance' }).uncheck();
  await panel.getByRole('button', { name: 'Move Annotated left' }).click();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  const names = async () => (await headers.allInnerTexts()).map((t) => t.replace(/[▾▴]/g, '').trim());
  const before = await names();
  expect(before).toContain('Note');
  expect(before).not.toContain('Stance');
  expect(before.indexOf('Annotated')).toBe(before.indexOf('Published') - 1);

  await gloss.reload();
  await gloss.menu('view-table');
  await expect(headers.first()).toBeVisible();
  expect(await names()).toEqual(before);
  await expect(grid.getByRole('separator', { name: 'Resize Tags column' })).toHaveAttribute(
    'aria-valuenow',
    '162',
  );

  // Tags: each row keeps its own; Add tags adds, Remove tags takes away only those named.
  await rows.filter({ hasText: '80,000' }).click();
  await page.getByLabel('Tags to add to or remove from the selected (comma-separated)').fill('casualties');
  await page.getByRole('button', { name: 'Add tags', exact: true }).click();
  await expect(rows.filter({ hasText: '80,000' })).toContainText('casualties');
  await rows.filter({ hasText: '80,000' }).click();
  await rows.filter({ hasText: 'it’s possible' }).click({ modifiers: ['Shift'] });
  await page.getByLabel('Tags to add to or remove from the selected (comma-separated)').fill('nato');
  await page.getByRole('button', { name: 'Add tags', exact: true }).click();
  await expect(rows.filter({ hasText: '80,000' })).toContainText('casualties, nato');
  await expect(rows.filter({ hasText: 'it’s possible' })).toContainText('nato');
  await page.getByLabel('Tags to add to or remove from the selected (comma-separated)').fill('casualties');
  await page.getByRole('button', { name: 'Remove tags', exact: true }).click();
  await expect(rows.filter({ hasText: '80,000' })).not.toContainText('casualties');
  await expect(rows.filter({ hasText: '80,000' })).toContainText('nato');
});

test('importing saved web pages breaks no Content-Security-Policy rule (their inline styles and handlers go first)', async ({
  gloss,
}) => {
  const { page } = gloss;
  const reports: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) reports.push(m.text());
  });
  await page.evaluate(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(e.violatedDirective));
  });
  const sites = ['bbc-1', 'guardian-1', 'cnn', 'nytimes-1', 'wapo-1', 'lemonde-1', 'medium-1'];
  await gloss.answerOpenDialog(sites.map((s) => join(CORPUS, 'html', s, 'source.html')));
  await gloss.menu('import-articles');
  await expect(library(gloss).getByRole('option')).toHaveCount(sites.length, { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual(
    [],
  );
  expect(reports).toEqual([]);
});
