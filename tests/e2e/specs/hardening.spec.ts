import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { readProjectFile, writeProjectFile } from '../../../core/project';
import { makeProject } from '../../unit/core/project/make-project';
import { answerFirstRun } from '../harness/analyst';
import {
  CHROMIUM_FLAGS,
  CORPUS,
  FIXTURES,
  RENDERER_DIR,
  chromiumPath,
  expect,
  test,
  type GlossApp,
} from '../harness/fixtures';

const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');
const articles = (gloss: GlossApp) =>
  gloss.page.getByRole('listbox', { name: 'Articles' }).getByRole('option');
const notice = (gloss: GlossApp, text: string | RegExp) =>
  gloss.page.getByRole('status').filter({ hasText: text }).last();

async function importIsw(gloss: GlossApp): Promise<void> {
  await gloss.answerOpenDialog([ISW]);
  await gloss.menu('import-articles');
  await expect(articles(gloss)).toHaveCount(1);
}

test('Save Project As keeps a private file private, follows a link, and refuses a read-only file', async ({
  gloss,
}, testInfo) => {
  await importIsw(gloss);

  // 0600 stays 0600.
  const privatePath = testInfo.outputPath('private.gloss');
  writeFileSync(privatePath, 'an older save');
  chmodSync(privatePath, 0o600);
  await gloss.answerSaveDialog(privatePath);
  await gloss.menu('save-project-as');
  await expect(notice(gloss, 'Saved the project as “private.gloss”')).toBeVisible();
  expect(statSync(privatePath).mode & 0o777).toBe(0o600);
  expect((await readProjectFile(readFileSync(privatePath))).articles).toHaveLength(1);

  // Through a symbolic link: the real file is written, the link stays a link.
  mkdirSync(testInfo.outputPath('shared'));
  const real = testInfo.outputPath('shared', 'team.gloss');
  writeFileSync(real, 'stale');
  const link = testInfo.outputPath('team-link.gloss');
  symlinkSync(real, link);
  await gloss.answerSaveDialog(link);
  await gloss.menu('save-project-as');
  await expect(notice(gloss, 'Saved the project as “team-link.gloss”')).toBeVisible();
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  expect(readlinkSync(link)).toBe(real);
  expect((await readProjectFile(readFileSync(real))).articles).toHaveLength(1);

  // A read-only file is left as it is, and the analyst is told why.
  const locked = testInfo.outputPath('locked.gloss');
  writeFileSync(locked, 'keep me');
  chmodSync(locked, 0o444);
  await gloss.answerSaveDialog(locked);
  await gloss.menu('save-project-as');
  await expect(gloss.page.getByRole('alert')).toContainText('“locked.gloss” is read-only');
  await gloss.page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-save-read-only.png`),
  });
  expect(readFileSync(locked, 'utf8')).toBe('keep me');
  expect(statSync(locked).mode & 0o777).toBe(0o444);
});

test('a project file over 20 MB opens: project files have their own bounds', async ({ gloss }, testInfo) => {
  const doc = await makeProject({ articles: 2, annotations: 3 });
  doc.articles[0]!.original = new Uint8Array(randomBytes(24 * 1024 * 1024));
  const path = testInfo.outputPath('with-originals.gloss');
  writeFileSync(path, await writeProjectFile(doc));
  expect(statSync(path).size).toBeGreaterThan(20 * 1024 * 1024);
  await gloss.answerOpenDialog([path]);
  await gloss.menu('open-project');
  // 24 MB cross the test host's JSON binding as base64 first: allow it the time.
  await expect(notice(gloss, /Opened “with-originals\.gloss”: 2 articles, 3 annotations/)).toBeVisible({
    timeout: 60_000,
  });
  await expect(articles(gloss)).toHaveCount(2);
});

test('JSON nested 50,000 levels deep is refused and the library stays as it was', async ({ gloss }) => {
  await importIsw(gloss);
  const file = join(FIXTURES, 'project', 'bad', 'deep-nesting.gloss');
  const mode = statSync(file).mode;
  for (const command of ['open-project', 'merge-project'] as const) {
    await gloss.answerOpenDialog([file]);
    await gloss.menu(command);
    const alert = gloss.page.getByRole('alert').last();
    await expect(alert).toContainText('“deep-nesting.gloss” could not be opened; the library is unchanged.');
    await expect(alert).toContainText('more than 100 levels deep');
    await expect(gloss.page.getByRole('dialog')).toHaveCount(0);
  }
  await expect(articles(gloss)).toHaveCount(1);
  expect(statSync(file).mode).toBe(mode);
});

test('a folder named like a project, handed over by the system, is not read into', async ({
  gloss,
}, testInfo) => {
  await importIsw(gloss);
  const bundle = testInfo.outputPath('evil.gloss');
  mkdirSync(join(bundle, 'inside'), { recursive: true });
  writeFileSync(join(bundle, 'inside', 'notes.txt'), 'must not be read');
  await gloss.openFromSystem([bundle]);
  await expect(gloss.page.getByRole('alert').last()).toContainText(
    '“evil.gloss” is a folder, not a project file.',
  );
  await gloss.page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-open-folder-named-gloss.png`),
  });
  await expect(articles(gloss)).toHaveCount(1);
});

/**
 * The packaged renderer is a `file://` page, where `script-src 'self'` would admit a script from
 * any local folder. The built page pins its scripts (an inline loader admitted by its hash adds
 * the entry with its `integrity`; `'strict-dynamic'` trusts what that code adds and imports):
 * here the built renderer, copied as a package would hold it, is opened from `file://` in
 * Chromium (file access allowed, as Electron's file: is), with a classic and a module `<script>`
 * from another folder, an inline script and an `onerror` handler added to its markup. The app
 * loads (and a lazy chunk after it); none of the four runs, and the policy reports each.
 */
test(
  'from file://, the built renderer loads and a script outside its folder is refused by CSP',
  // eslint-disable-next-line no-empty-pattern -- the test starts its own browser: no fixture
  async ({}, testInfo) => {
    const root = testInfo.outputPath('package');
    const renderer = join(root, 'resources', 'renderer');
    cpSync(RENDERER_DIR, renderer, { recursive: true });
    const elsewhere = join(root, 'Downloads');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'evil.js'), 'window.__evil = "classic";\n');
    writeFileSync(join(elsewhere, 'evil.mjs'), 'window.__evil = "module";\n');
    const page = join(renderer, 'index.html');
    const html = readFileSync(page, 'utf8');
    writeFileSync(
      page,
      html
        .replace(
          '</head>',
          `<script src="../../Downloads/evil.js"></script>\n<script type="module" src="${pathToFileURL(join(elsewhere, 'evil.mjs')).href}"></script>\n<script>window.__evil = "inline";</script>\n</head>`,
        )
        .replace(
          '<div id="root"></div>',
          '<div id="root"></div><img alt="" src="data:," onerror="window.__evil = \'handler\'">',
        ),
    );
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_FLAGS, '--allow-file-access-from-files'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript(() => {
        const w = window as unknown as { __violations: string[] };
        w.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
        );
      });
      const tab = await context.newPage();
      const errors: string[] = [];
      const refusals: string[] = []; // the console names the refused file
      tab.on('pageerror', (err) => errors.push(err.message));
      tab.on('console', (m) => {
        refusals.push(m.text());
      });
      await tab.goto(pathToFileURL(page).href);
      // The app itself loaded from file:// under the pinned policy (its chunks came in through
      // 'strict-dynamic'): without a desktop bridge it asks for the analyst's name.
      await expect(tab.getByRole('dialog', { name: 'Welcome to Gloss' })).toBeVisible();
      // Both foreign scripts were refused by script-src (the report names only the scheme of a
      // file: URL; the console names the file).
      await expect
        .poll(() =>
          tab.evaluate(() =>
            (window as unknown as { __violations: string[] }).__violations
              .filter((v) => v.startsWith('script-src-'))
              .sort(),
          ),
        )
        .toEqual([
          'script-src-attr inline', // the onerror handler
          'script-src-elem file', // evil.js and evil.mjs, from another folder
          'script-src-elem file',
          'script-src-elem inline', // the inline script
        ]);
      const refused = refusals.filter((m) =>
        /^Loading the script .* violates the following Content Security Policy/.test(m),
      );
      expect(refused).toEqual([
        expect.stringMatching(/^Loading the script 'file:[^']*\/package\/Downloads\/evil\.js' violates/),
        expect.stringMatching(/^Loading the script 'file:[^']*\/package\/Downloads\/evil\.mjs' violates/),
      ]);
      expect(await tab.evaluate(() => (window as unknown as { __evil?: string }).__evil)).toBeUndefined();
      expect(errors).toEqual([]);
      // A chunk loaded later with import() (the Overview) is trusted through 'strict-dynamic'.
      await answerFirstRun(tab, 'CSP Tester');
      await tab.getByRole('button', { name: 'Overview' }).click();
      await expect(tab.getByText('No annotations yet')).toBeVisible();
      expect(await tab.evaluate(() => (window as unknown as { __evil?: string }).__evil)).toBeUndefined();
      expect(errors).toEqual([]);
      await tab.screenshot({ path: join('reports', 'screenshots', `${testInfo.project.name}-file-csp.png`) });
    } finally {
      await browser.close();
    }
  },
);
