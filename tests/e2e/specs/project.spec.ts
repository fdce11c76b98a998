import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { describe } from '../../../core/anchoring';
import { stampEdit, type Analyst, type Annotation, type Article } from '../../../core/model';
import { readProjectFile, writeProjectFile } from '../../../core/project';
import { answerFirstRun } from '../harness/analyst';
import { CORPUS, FIXTURES, expect, startChromiumApp, test, type GlossApp } from '../harness/fixtures';
import { selectText } from '../harness/reader';
import { dumpStores } from '../harness/store-dump';

const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');
const CLAIM = 'Trump responded that “it’s possible.”';
const ASSESSMENT =
  'ISW has long assessed that Russia is preparing its military and society for a possible future conflict with NATO';
const FIGURE = 'over 80,000 killed-in-action';
const BEA: Analyst = { id: '0b6f3a52-8d1e-4c57-9a0e-2f4b6c8d1e3a', name: 'Bea Colleague' };

type Dump = Record<'articles' | 'bodies' | 'annotations' | 'sourceGrades' | 'tags', unknown[]>;

/** Every record of the stores a project holds, straight from IndexedDB, sorted by key. */
async function dump(page: Page): Promise<Dump> {
  return dumpStores(page, ['articles', 'bodies', 'annotations', 'sourceGrades', 'tags'] as const);
}

const live = (d: Dump) => (d.annotations as Annotation[]).filter((a) => a.deletedAt === null);
const notice = (gloss: GlossApp, text: string | RegExp) =>
  gloss.page.getByRole('status').filter({ hasText: text }).last(); // the newest, when a message repeats

async function importIsw(gloss: GlossApp): Promise<void> {
  await gloss.answerOpenDialog([ISW]);
  await gloss.menu('import-articles');
  await expect(gloss.page.getByRole('listbox', { name: 'Articles' }).getByRole('option')).toHaveCount(1);
  await expect(gloss.page.getByRole('textbox', { name: 'Article text' })).toContainText('Marco Rubio');
}

/** A claim (reporting, credibility 2, tagged), an assessment (opinion), a figure, a source grade. */
async function annotateIsw(gloss: GlossApp): Promise<void> {
  const { page } = gloss;
  await importIsw(gloss);
  await selectText(page, CLAIM);
  await page.keyboard.press('c');
  await page.keyboard.press('r');
  await page.keyboard.press('2');
  const editor = page.getByRole('group', { name: 'Edit annotation' });
  await editor.getByRole('combobox', { name: 'Tags' }).fill('nato-summit');
  await editor.getByRole('combobox', { name: 'Tags' }).press('Enter');
  await expect(editor.getByRole('list', { name: 'Tags of this annotation' })).toContainText('nato-summit');
  // Leave the tag field, so that the next keys reach the reader.
  await editor.getByRole('combobox', { name: 'Tags' }).press('Escape');
  await selectText(page, ASSESSMENT);
  await page.keyboard.press('a');
  await page.keyboard.press('o');
  await selectText(page, FIGURE);
  await page.keyboard.press('f');
  await page.getByLabel(/^Reliability of /).selectOption('B');
  await expect(page.getByLabel(/^Reliability of /)).toHaveValue('B');
  await expect(page.locator('mark[data-ids]')).toHaveCount(3);
}

async function saveProject(gloss: GlossApp, path: string): Promise<void> {
  await gloss.answerSaveDialog(path);
  await gloss.menu('save-project-as');
  await expect(notice(gloss, 'Saved the project as')).toBeVisible();
  expect(existsSync(path)).toBe(true);
}

/**
 * The colleague's file, made from mine as Bea would after opening it: she re-grades my claim
 * (a conflict, since I never merged her work), and adds annotations of her own: the same claim
 * as opinion, the same assessment, a passage I did not mark, and a new tag.
 */
async function colleagueFile(minePath: string, outPath: string): Promise<void> {
  const doc = await readProjectFile(new Uint8Array(readFileSync(minePath)));
  const article = doc.articles[0]!;
  const later = new Date(Date.parse(doc.envelope.savedAt) + 60_000).toISOString();
  doc.envelope = { ...doc.envelope, analyst: BEA, savedAt: later };
  const claim = doc.annotations.find((a) => a.kind === 'claim')!;
  Object.assign(
    claim,
    stampEdit(claim, { ...claim, credibility: 4, note: 'Bea: doubtful, one source.' }, BEA, later),
  );
  const mark = (
    exact: string,
    kind: Annotation['kind'],
    stance: Annotation['stance'],
    n: number,
  ): Annotation => {
    const start = article.text.indexOf(exact);
    const selectors = describe(article.text, start, start + exact.length);
    return {
      id: `7c1e0d2a-0000-4000-8000-00000000000${n}`,
      articleId: article.id,
      selectors,
      kind,
      stance,
      note: '',
      tags: n === 3 ? ['bea-check'] : [],
      attribution: '',
      credibility: n === 1 ? 3 : null,
      figure: null,
      author: BEA,
      createdAt: later,
      updatedAt: later,
      updatedBy: BEA,
      provenance: {},
      deletedAt: null,
    } as Annotation;
  };
  doc.annotations.push(
    mark(CLAIM, 'claim', 'opinion', 1),
    mark(ASSESSMENT, 'assessment', 'opinion', 2),
    mark('Russia had stockpiled roughly 600 Iskander-M ballistic missiles', 'claim', 'reporting', 3),
  );
  doc.tags.push({ name: 'bea-check', color: '#7c3aed' });
  // She grades ISW C where I said B (a conflict), and corrects the article's byline (an update).
  doc.sourceGrades = doc.sourceGrades.map((g) => ({
    ...g,
    reliability: 'C',
    updatedAt: later,
    updatedBy: BEA,
  }));
  doc.articles[0] = { ...article, byline: 'Christina Harward', detailsUpdated: { by: BEA, at: later } };
  writeFileSync(outPath, await writeProjectFile(doc));
}

test.describe('first run', () => {
  test.use({ analyst: null });

  test('asks for the analyst once, stamps the name on annotations, and lets it be changed', async ({
    gloss,
  }) => {
    const { page } = gloss;
    const welcome = page.getByRole('dialog', { name: 'Welcome to Gloss' });
    await expect(welcome).toBeVisible();
    // Escape does not dismiss it, and a name is required.
    await page.keyboard.press('Escape');
    await expect(welcome).toBeVisible();
    await welcome.getByRole('button', { name: 'Start' }).click();
    await expect(welcome.getByRole('alert')).toContainText('Enter your name');
    await answerFirstRun(page, 'Ann Analyst');
    await expect(page.getByRole('button', { name: 'Analyst: Ann Analyst' })).toBeVisible();

    await importIsw(gloss);
    await selectText(page, CLAIM);
    await page.keyboard.press('c');
    await expect(page.locator('mark.hl-claim')).toHaveText(CLAIM);
    const [first] = live(await dump(page));
    expect(first?.author.name).toBe('Ann Analyst');
    expect(first?.author.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // Changed later: same id, new name on new annotations; not asked again after a reload.
    await page.getByRole('button', { name: 'Analyst: Ann Analyst' }).click();
    const change = page.getByRole('dialog', { name: 'Analyst' });
    await change.getByLabel('Your name').fill('Ann B. Analyst');
    await change.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('button', { name: 'Analyst: Ann B. Analyst' })).toBeVisible();
    await selectText(page, FIGURE);
    await page.keyboard.press('f');
    await expect(page.locator('mark.hl-figure')).toHaveText(FIGURE);
    const second = live(await dump(page)).find((a) => a.kind === 'figure');
    expect(second?.author).toEqual({ id: first?.author.id, name: 'Ann B. Analyst' });
    await gloss.reload();
    await expect(page.getByRole('button', { name: 'Analyst: Ann B. Analyst' })).toBeVisible();
    await expect(page.getByRole('dialog', { name: 'Welcome to Gloss' })).toHaveCount(0);
  });
});

test('save a project, open it in a fresh profile with every record equal, merge a colleague, merge again', async ({
  gloss,
}, testInfo) => {
  test.setTimeout(120_000);
  const { page } = gloss;
  await annotateIsw(gloss);
  const minePath = testInfo.outputPath('isw-mine.gloss');
  await saveProject(gloss, minePath);
  const original = await dump(page);
  expect(live(original)).toHaveLength(3);
  expect(original.tags).toHaveLength(1);
  expect(original.sourceGrades).toHaveLength(1);

  // A fresh profile opens it: every record is the same.
  const fresh = await startChromiumApp();
  try {
    await answerFirstRun(fresh.page, 'Second Profile');
    await fresh.answerOpenDialog([minePath]);
    await fresh.menu('open-project');
    await expect(notice(fresh, /Opened “isw-mine.gloss”: 1 article, 3 annotations/)).toBeVisible();
    expect(await dump(fresh.page)).toEqual(original);
    await expect(fresh.page.getByRole('listbox', { name: 'Articles' }).getByRole('option')).toHaveCount(1);
  } finally {
    await fresh.close();
  }

  // Bea's file: one conflict, three new annotations, a new tag.
  const beaPath = testInfo.outputPath('isw-bea.gloss');
  await colleagueFile(minePath, beaPath);
  await gloss.answerOpenDialog([beaPath]);
  await gloss.menu('merge-project');
  const preview = page.getByRole('dialog', { name: 'Merge preview' });
  await expect(preview).toContainText('Bea Colleague');
  const stats = preview.getByLabel('Summary');
  await expect(stats).toContainText(/3\s*New annotations/);
  await expect(stats).toContainText(/2\s*Conflicts/);
  // Every change says whose it is: the re-graded claim, the grade, the corrected byline.
  await expect(preview).toContainText('Theirs (Bea Colleague)');
  await expect(preview).toContainText(/Theirs: C \(graded by Bea Colleague/);
  await expect(preview.getByRole('region', { name: 'Article details corrected' })).toContainText(
    /Byline .* → “Christina Harward” — edited by Bea Colleague/,
  );
  await expect(stats).toContainText(/0\s*New articles/);
  await expect(preview.getByRole('region', { name: 'New annotations by Bea Colleague' })).toContainText(
    'Iskander-M',
  );
  await expect(preview.locator('fieldset.conflict')).toHaveCount(2);
  const conflict = preview.locator('fieldset.conflict').filter({ hasText: 'Bea: doubtful, one source.' });
  await expect(conflict).toContainText('4 — Doubtful (Bea Colleague)');
  const merge = preview.getByRole('button', { name: 'Merge', exact: true });
  await expect(merge).toBeDisabled();
  await expect(preview).toContainText('0 of 2 conflicts resolved');
  await preview.evaluate((el) => el.querySelector('.modal-body')?.scrollTo(0, 0));
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-merge-preview.png`),
  });
  await conflict.getByRole('radio', { name: 'Keep theirs' }).check();
  await expect(preview).toContainText('1 of 2 conflicts resolved');
  await preview
    .locator('fieldset.conflict')
    .filter({ hasText: 'Reliability of' })
    .getByRole('radio', { name: 'Keep mine' })
    .check();
  await expect(preview).toContainText('2 of 2 conflicts resolved');
  const beforeMerge = await dump(page);
  await merge.click();
  await expect(preview).toBeHidden();
  await expect(notice(gloss, /Merged “isw-bea.gloss” from Bea Colleague/)).toBeVisible();

  const merged = await dump(page);
  expect(live(merged)).toHaveLength(6);
  const claim = (merged.annotations as Annotation[]).find(
    (a) => a.kind === 'claim' && a.author.name === 'Test Analyst',
  );
  expect(claim).toMatchObject({ credibility: 4, note: 'Bea: doubtful, one source.' });
  // Still my claim; the credibility and note are Bea's judgements, and say so.
  expect(claim!.updatedBy).toEqual(BEA);
  expect(claim!.provenance.credibility?.by).toEqual(BEA);
  expect(claim!.provenance.kind).toBeUndefined();
  expect(merged.sourceGrades).toMatchObject([{ reliability: 'B', updatedBy: { name: 'Test Analyst' } }]);
  expect(live(merged).filter((a) => a.author.id === BEA.id)).toHaveLength(3);
  expect((merged.tags as { name: string }[]).map((t) => t.name).sort()).toEqual(['bea-check', 'nato-summit']);
  expect(merged.articles).toEqual([
    {
      ...(beforeMerge.articles as Article[])[0]!,
      byline: 'Christina Harward',
      detailsUpdated: expect.objectContaining({ by: BEA }),
    },
  ]);
  await expect(page.locator('mark[data-ids]').filter({ hasText: 'Iskander-M' })).toHaveCount(1);

  // Two analysts' work on one article: each card names its author, and Show filters by whose.
  const cards = page.getByRole('list', { name: 'Annotations of this article' }).locator(':scope > li');
  await expect(cards).toHaveCount(6);
  await expect(cards.filter({ hasText: 'by Bea Colleague' })).toHaveCount(3);
  await expect(cards.filter({ hasText: 'by Test Analyst' })).toHaveCount(3);
  const whose = page.locator('.whose select');
  await whose.selectOption('others');
  await expect(cards).toHaveCount(3);
  await expect(cards.filter({ hasText: 'by Test Analyst' })).toHaveCount(0);
  await whose.selectOption('mine');
  await expect(cards).toHaveCount(3);
  await expect(cards.filter({ hasText: 'by Bea Colleague' })).toHaveCount(0);
  await whose.selectOption('all');
  await expect(cards).toHaveCount(6);

  // The same file again, this time handed over by the operating system: nothing changes.
  await gloss.openFromSystem([beaPath]);
  const choice = page.getByRole('dialog', { name: 'Open project' });
  await choice.getByRole('button', { name: 'Merge into library…' }).click();
  await expect(preview).toContainText('nothing your library lacks');
  await expect(preview.getByLabel('Summary')).toContainText(/0\s*New annotations/);
  await preview.getByRole('button', { name: 'Done' }).click();
  await expect(notice(gloss, 'nothing new, the library is unchanged')).toBeVisible();
  expect(await dump(page)).toEqual(merged);

  // The agreement report between the two analysts.
  await page.getByRole('button', { name: 'Agreement' }).click();
  const report = page.getByRole('dialog', { name: 'Agreement report' });
  const measures = report.getByLabel('Agreement measures');
  await expect(measures).toContainText('Span F1');
  await expect(measures).toContainText('Kind — Cohen’s κ');
  await expect(measures).toContainText('Credibility — Krippendorff’s α');
  const rows = report.getByRole('table').locator('tbody tr');
  await expect(rows.filter({ hasText: 'Only A marked it' })).toContainText('80,000');
  await expect(rows.filter({ hasText: 'Only B marked it' })).toContainText('Iskander-M');
  await expect(rows.filter({ hasText: 'Classified differently' })).toContainText('it’s possible');
  await page.screenshot({ path: join('reports', 'screenshots', `${testInfo.project.name}-agreement.png`) });
});

for (const file of ['truncated.gloss', 'not-a-zip.gloss', 'wrong-type.gloss']) {
  test(`a bad project file (${file}) gets a clear error and leaves the store unchanged`, async ({
    gloss,
  }) => {
    await annotateIsw(gloss);
    const before = await dump(gloss.page);
    await gloss.answerOpenDialog([join(FIXTURES, 'project', 'bad', file)]);
    await gloss.menu('open-project');
    const alert = gloss.page.getByRole('alert');
    await expect(alert).toContainText(`“${file}” could not be opened; the library is unchanged.`);
    await expect(gloss.page.getByRole('dialog')).toHaveCount(0);
    expect(await dump(gloss.page)).toEqual(before);
  });
}

test('backups: written on request, listed, restored; an empty library at start offers the latest', async ({
  gloss,
}) => {
  const { page } = gloss;
  await annotateIsw(gloss);
  const backedUp = await dump(page);
  await page.keyboard.press('Escape');
  await gloss.menu('back-up-now');
  await expect(notice(gloss, 'Backup written.')).toBeVisible();
  const files = readdirSync(join(gloss.userDataDir, 'backups'));
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^gloss-backup-.*-a1-n3\.gloss$/);

  // Delete an annotation, then restore the backup from Help > Restore from backup….
  await page
    .getByRole('list', { name: 'Annotations of this article' })
    .locator(':scope > li')
    .first()
    .click();
  await page.keyboard.press('Delete');
  await expect(page.locator('mark[data-ids]')).toHaveCount(2);
  await gloss.menu('restore-backup');
  const dialog = page.getByRole('dialog', { name: 'Restore from backup' });
  const row = dialog
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: /^Restore the backup/ }) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('1');
  await expect(row).toContainText('3');
  await row.getByRole('button').click();
  await dialog.getByRole('button', { name: 'Replace library' }).click();
  await expect(dialog).toBeHidden();
  await expect(notice(gloss, 'Restored the backup')).toBeVisible();
  expect(await dump(page)).toEqual(backedUp);
  // The library it replaced was backed up first.
  expect(readdirSync(join(gloss.userDataDir, 'backups'))).toHaveLength(2);
  expect(
    readdirSync(join(gloss.userDataDir, 'backups')).filter((n) => n.endsWith('-a1-n2.gloss')),
  ).toHaveLength(1);
  await gloss.menu('back-up-now');
  // The third file, not just a notice (an earlier “Backup written.” may still be on screen).
  await expect.poll(() => readdirSync(join(gloss.userDataDir, 'backups')).length).toBe(3);

  // The database is lost: at start-up Gloss offers the latest backup, analyst included.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase('gloss');
        req.onsuccess = () => resolve();
        req.onerror = () => reject(req.error);
      }),
  );
  await gloss.reload();
  const offer = page.getByRole('dialog', { name: 'Your library is empty' });
  await expect(offer).toContainText('1 article, 3 annotations');
  await expect(page.getByRole('dialog', { name: 'Welcome to Gloss' })).toHaveCount(0);
  await offer.getByRole('button', { name: 'Restore latest backup' }).click();
  await expect(notice(gloss, 'Restored the backup')).toBeVisible();
  expect(await dump(page)).toEqual(backedUp);
  await expect(page.getByRole('button', { name: 'Analyst: Test Analyst' })).toBeVisible();
});
