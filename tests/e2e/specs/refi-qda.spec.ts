import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { FIXTURES, expect, test, type GlossApp } from '../harness/fixtures';
import { dumpStores, readMeta } from '../harness/store-dump';

const VARIANTS = join(FIXTURES, 'refi-qda', 'variants');

/** Zips a fixture folder into a .qdpx file, as the tool ships it. */
function qdpx(folder: string, out: string): string {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(folder, path).split('\\').join('/')] = new Uint8Array(readFileSync(path));
    }
  };
  walk(folder);
  writeFileSync(out, zipSync(files));
  return out;
}

interface StoredAnnotation {
  kind: string;
  stance: string | null;
  tags: string[];
  note: string;
  selectors: { type: string; exact?: string }[];
}

async function annotations(gloss: GlossApp): Promise<StoredAnnotation[]> {
  return (await dumpStores(gloss.page, ['annotations'] as const)).annotations as StoredAnnotation[];
}

test('a REFI-QDA project imports after its codes are mapped, and the mapping is remembered', async ({
  gloss,
}, testInfo) => {
  const { page } = gloss;
  const file = qdpx(join(VARIANTS, 'maxqda-24'), testInfo.outputPath('putin.qdpx'));
  await gloss.answerOpenDialog([file]);
  await gloss.menu('import-articles');
  const dialog = page.getByRole('dialog', { name: "Map the project's codes" });
  await expect(dialog).toContainText('MAXQDA 24 (Release 24.7.0)');
  await expect(dialog).toContainText('1 text source, 3 coded passages, 6 codes');
  await expect(dialog.getByRole('combobox', { name: 'Statement type/Claim becomes' })).toHaveValue(
    'kind:claim',
  );
  await expect(dialog.getByRole('combobox', { name: 'Topics/Weapons becomes' })).toHaveValue('tag');
  await dialog.getByRole('combobox', { name: 'Topics/Threat becomes' }).selectOption('stance:opinion');
  await dialog.getByRole('combobox', { name: 'Topics/Weapons becomes' }).selectOption('nothing');
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-qdpx-mapping.png`),
  });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog).toBeHidden();
  // Through the same merge preview as a colleague's file: nothing is written until Merge.
  const preview = page.getByRole('dialog', { name: 'Merge preview' });
  await expect(preview.getByLabel('Summary')).toContainText(/3\s*New annotations/);
  await preview.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(preview).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Merged “putin.qdpx”' })).toContainText(
    '3 annotations added or changed',
  );
  const stored = await annotations(gloss);
  const quote = (a: StoredAnnotation) => a.selectors.find((s) => s.type === 'TextQuoteSelector')!.exact!;
  expect(stored.map((a) => [quote(a).slice(0, 24), a.kind, a.stance, a.tags]).sort()).toEqual(
    [
      ['Oreshnik', 'claim', null, []],
      ['Russia will achieve the ', 'claim', 'opinion', []],
      ['Russian forces currently', 'assessment', null, []],
    ].sort(),
  );
  expect(stored.find((a) => quote(a) === 'Oreshnik')!.note).toBe('Memo written in MAXQDA');

  // The choices are the project's (the meta the project file's envelope is saved from).
  const remembered = await readMeta(gloss.page, 'refiMapping');
  expect(remembered).toMatchObject({
    'Topics/Threat': 'stance:opinion',
    'Topics/Weapons': 'nothing',
    'Statement type/Claim': 'kind:claim',
  });

  // The next project with the same codes opens with the analyst's choices.
  await gloss.answerOpenDialog([file]);
  await gloss.menu('import-articles');
  await expect(dialog.getByRole('combobox', { name: 'Topics/Threat becomes' })).toHaveValue('stance:opinion');
  await expect(dialog.getByRole('combobox', { name: 'Topics/Weapons becomes' })).toHaveValue('nothing');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('a real NVivo export imports with every coded passage on its text', async ({ gloss }, testInfo) => {
  const { page } = gloss;
  await gloss.answerOpenDialog([join(FIXTURES, 'refi-qda', 'real', 'nvivo-12.6-windows.qdpx')]);
  await gloss.menu('import-articles');
  const dialog = page.getByRole('dialog', { name: "Map the project's codes" });
  await expect(dialog).toContainText('NVivo for Windows 12.6');
  await expect(dialog).toContainText('2 text sources, 303 coded passages, 152 codes');
  await expect(
    dialog.getByRole('combobox', { name: '2. Attitűd szint az oltáshoz/piros becomes' }),
  ).toHaveValue('tag');
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-qdpx-mapping-nvivo.png`),
  });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog).toBeHidden();
  const preview = page.getByRole('dialog', { name: 'Merge preview' });
  await expect(preview.getByLabel('Summary')).toContainText(/303\s*New annotations/);
  await preview.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(preview).toBeHidden();
  const stored = await annotations(gloss);
  expect(stored).toHaveLength(303);
  const quotes = stored.map((a) => a.selectors.find((s) => s.type === 'TextQuoteSelector')!.exact!);
  expect(quotes).toContain('Zacher - az egy magyar név?');
  expect(quotes).toContain('Szépen hangzik! De bizhatunk-e benne??😷');
});

test('a real export with none of its texts is refused, saying why, and nothing is stored', async ({
  gloss,
}) => {
  const { page } = gloss;
  await gloss.answerOpenDialog([
    join(FIXTURES, 'refi-qda', 'real', 'atlas-ti-8.4-macos-sources-removed.qdpx'),
  ]);
  await gloss.menu('import-articles');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('could not be imported');
  await expect(alert).toContainText('atlas-ti-8.4-macos-sources-removed.qdpx');
  await expect(alert).toContainText('No text source in this project can be imported');
  await expect(alert).toContainText('“Mabel.txt” left out');
  await expect(page.getByRole('dialog', { name: "Map the project's codes" })).toHaveCount(0);
  expect(await annotations(gloss)).toEqual([]);
});

test('a mapping an earlier Gloss kept in local storage moves into the project at start-up', async ({
  gloss,
}) => {
  await gloss.page.evaluate(() =>
    localStorage.setItem(
      'gloss.refiCodeMapping',
      JSON.stringify({ 'Topics/Threat': 'stance:opinion', Broken: 'kind:rumour' }),
    ),
  );
  await gloss.reload();
  const meta = () => readMeta(gloss.page, 'refiMapping');
  await expect.poll(meta).toEqual({ 'Topics/Threat': 'stance:opinion' });
  expect(await gloss.page.evaluate(() => localStorage.getItem('gloss.refiCodeMapping'))).toBeNull();
});
