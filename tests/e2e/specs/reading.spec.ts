import { join } from 'node:path';
import { CORPUS, expect, test, type GlossApp } from '../harness/fixtures';

const LANDS = join(CORPUS, 'text', 'putin-historical-lands.txt');
const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');

async function open(gloss: GlossApp, file: string, contains: string) {
  await gloss.answerOpenDialog([file]);
  await gloss.menu('import-articles');
  await expect(gloss.page.getByRole('textbox', { name: 'Article text' })).toContainText(contains);
}

const list = (gloss: GlossApp) => gloss.page.getByRole('list', { name: 'Annotations of this article' });
const items = (gloss: GlossApp) => list(gloss).locator(':scope > li');
const editor = (gloss: GlossApp) => gloss.page.getByRole('group', { name: 'Edit annotation' });
const bar = (gloss: GlossApp) => gloss.page.getByRole('group', { name: 'Suggestions' });
const status = (gloss: GlossApp) => gloss.page.locator('.reader [role="status"]');
/** The pane's count of annotations (its list is virtual: only the rows on screen exist). */
const count = (gloss: GlossApp) => gloss.page.getByRole('region', { name: 'Annotations' }).locator('.count');

test('keyboard reading: Tab to the text, move by word and sentence, S selects a sentence, Shift+arrows, then C', async ({
  gloss,
}, testInfo) => {
  const { page } = gloss;
  await open(gloss, LANDS, 'historical lands');
  const text = page.getByRole('textbox', { name: 'Article text' });
  await expect(text).toHaveAttribute('tabindex', '0');
  // Sentences come from the suggestion pass: wait for it, then reach the text by keyboard.
  await expect(bar(gloss)).toContainText('Suggestions:');
  await text.focus();
  await expect(text).toBeFocused();

  // ↓ moves by sentence: the second sentence is "Speaking at an annual meeting …".
  await page.keyboard.press('ArrowDown');
  await expect(status(gloss)).toContainText('Speaking at an annual meeting');
  await expect(page.locator('.reader-caret')).toBeVisible();
  // → moves by word.
  await page.keyboard.press('ArrowRight');
  await expect(status(gloss)).toHaveText(/^at /u);
  // S selects the sentence at the caret; the selection is announced.
  await page.keyboard.press('s');
  await expect(status(gloss)).toContainText(
    'Selected: Speaking at an annual meeting with senior military officials',
  );
  await expect(page.getByRole('toolbar', { name: 'Annotate selection' })).toBeVisible();
  // Shift+S narrows to the clause; Shift+← drops a word, Shift+→ adds it back.
  await page.keyboard.press('Shift+S');
  await expect(status(gloss)).toHaveText(
    /^Selected: Speaking at an annual meeting with senior military officials\./u,
  );
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(status(gloss)).toHaveText(/^Selected: Speaking at an annual meeting with senior military\./u);
  await page.keyboard.press('Shift+ArrowRight');
  await expect(status(gloss)).toHaveText(
    /^Selected: Speaking at an annual meeting with senior military officials\./u,
  );
  await page.screenshot({
    path: join('reports', 'screenshots', `${testInfo.project.name}-keyboard-selection.png`),
  });
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(
    'Speaking at an annual meeting with senior military officials',
  );

  // C makes a claim of it; R marks it reporting.
  await page.keyboard.press('c');
  await expect(items(gloss)).toHaveCount(1);
  await expect(items(gloss).first()).toContainText(
    'Speaking at an annual meeting with senior military officials',
  );
  await page.keyboard.press('r');
  await expect(items(gloss).first()).toContainText('reporting');

  // Ctrl+↓ goes to the next paragraph, and S selects its first sentence.
  await text.focus();
  await page.keyboard.press('Control+ArrowDown');
  await page.keyboard.press('s');
  await expect(status(gloss)).toContainText('Selected: The remarks come amid continued fighting');
});

test('suggestions: dashed outlines, next/accept/reject by key, accept all figures, hide; honest attribution', async ({
  gloss,
}, testInfo) => {
  const { page } = gloss;
  await open(gloss, ISW, 'Marco Rubio');
  await expect(bar(gloss)).toContainText('figures');
  await expect(page.locator('.sg-box.sg-figure').first()).toBeVisible();
  await expect(page.locator('.sg-box.sg-quotation').first()).toBeVisible();
  // Every outline is drawn in one SVG: hundreds of positioned boxes made each frame's paint and
  // hit test slow enough to double the time to create an annotation in a long article.
  await expect(page.locator('.reading-layer svg.sg-outlines')).toHaveCount(1);
  expect(await page.locator('.reading-layer div.sg-box').count()).toBe(0);
  await page.screenshot({ path: join('reports', 'screenshots', `${testInfo.project.name}-suggestions.png`) });

  // ] goes to the first suggestion: the headline's attributed statement.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(']');
  await expect(status(gloss)).toContainText('Attributed statement: by Donald Trump');
  await expect(page.locator('.sg-current').first()).toBeVisible();
  await expect(page.locator('.sg-label').getByRole('button', { name: /Accept/ })).toBeVisible();
  // X rejects it (remembered); the next one becomes current.
  await page.keyboard.press('x');
  await expect(bar(gloss).getByRole('button', { name: 'Show rejected (1)' })).toBeVisible();
  await expect(status(gloss)).toContainText('Rejected the attribution suggestion');

  // Y on the quotation “it’s possible.”: a claim attributed to Donald Trump, marked as suggested.
  // (After the rejection the next suggestion is current; ] then [ announces it.)
  await page.keyboard.press(']');
  await page.keyboard.press('[');
  for (let i = 0; i < 24; i++) {
    if (/Quotation: by Donald Trump/u.test((await status(gloss).textContent()) ?? '')) break;
    await page.keyboard.press(']');
  }
  await expect(status(gloss)).toContainText('Quotation: by Donald Trump');
  await page.keyboard.press('y');
  await expect(items(gloss)).toHaveCount(1);
  await expect(items(gloss).first()).toContainText('it’s possible');
  await expect(items(gloss).first()).toContainText('Donald Trump (suggested)');
  await expect(editor(gloss).getByText('Suggested', { exact: true })).toBeVisible();
  // Confirming makes it the analyst's.
  await editor(gloss).getByRole('button', { name: 'Confirm' }).click();
  await expect(items(gloss).first()).not.toContainText('(suggested)');
  await expect(items(gloss).first()).toContainText('Donald Trump');

  // Accept all figures: every figure becomes a figure annotation with value and unit, one undo step.
  await expect(page.locator('.sg-box.sg-figure').first()).toBeVisible();
  const accept = bar(gloss).getByRole('button', { name: /Accept all figures/ });
  const n = Number(/\((\d+)\)/u.exec((await accept.textContent()) ?? '')?.[1]);
  expect(n).toBeGreaterThan(10);
  await accept.click();
  await expect(count(gloss)).toHaveText(String(1 + n));
  await expect(list(gloss)).toContainText('= 80,000 killed-in-action');
  await expect(list(gloss)).toContainText('= 13,000,000 USD');
  await expect(page.locator('.sg-box.sg-figure')).toHaveCount(0);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(count(gloss)).toHaveText('1');
  await expect(page.locator('.sg-box.sg-figure').first()).toBeVisible();

  // H hides the outlines, and shows them again.
  await page.keyboard.press('h');
  await expect(page.locator('.sg-box')).toHaveCount(0);
  await expect(bar(gloss).getByRole('button', { name: 'Show suggestions' })).toBeVisible();
  await page.keyboard.press('h');
  await expect(page.locator('.sg-box').first()).toBeVisible();

  // The rejection is remembered across a reload.
  await page.reload();
  await page.getByRole('listbox', { name: 'Articles' }).getByRole('option').first().click();
  await expect(bar(gloss)).toContainText('Suggestions:');
  await expect(bar(gloss).getByRole('button', { name: 'Show rejected (1)' })).toBeVisible();
});

test('suggestions by mouse: a click in a suggested span offers Accept and Reject', async ({ gloss }) => {
  const { page } = gloss;
  await open(gloss, LANDS, '$800 million');
  await expect(bar(gloss)).toContainText('1 figures');
  // Click in the middle of "$800 million".
  const box = await page.evaluate(() => {
    const root = document.querySelector('[aria-label="Article text"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n as Text).data.indexOf('$800 million');
      if (at === -1) continue;
      (n.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
      const range = document.createRange();
      range.setStart(n, at + 2);
      range.setEnd(n, at + 3);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    return null;
  });
  expect(box).not.toBeNull();
  await page.mouse.click(box!.x, box!.y);
  const label = page.locator('.sg-label');
  await expect(label).toContainText('Figure: 800,000,000 USD');
  await label.getByRole('button', { name: /Accept/ }).click();
  await expect(items(gloss)).toHaveCount(1);
  await expect(items(gloss).first()).toContainText('= 800,000,000 USD');
  await expect(page.locator('.sg-box.sg-figure')).toHaveCount(0);
});
