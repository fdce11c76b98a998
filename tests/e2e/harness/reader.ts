import type { Page } from '@playwright/test';
import { expect, type GlossApp } from './fixtures';

/**
 * Selects `exact` (its `occurrence`-th appearance) in the reader's text, as a user's drag would,
 * and releases the mouse there. The text may span several text nodes (highlights split it).
 */
export async function selectText(page: Page, exact: string, occurrence = 0): Promise<void> {
  // The reader may still be opening the article (after a click in the library, a reload).
  await expect(page.getByRole('textbox', { name: 'Article text' })).toContainText(exact);
  const found = await page.evaluate(
    ({ exact, occurrence }) => {
      const root = document.querySelector<HTMLElement>('[aria-label="Article text"]');
      if (!root) return 'no reader';
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      let all = '';
      const starts: number[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push(n as Text);
        starts.push(all.length);
        all += (n as Text).data;
      }
      let at = -1;
      for (let i = 0; i <= occurrence; i++) {
        at = all.indexOf(exact, at + 1);
        if (at < 0) return `not found: ${exact}`;
      }
      const locate = (offset: number, preferNext: boolean) => {
        for (let i = nodes.length - 1; i >= 0; i--) {
          const s = starts[i]!;
          if (offset > s || (offset === s && !preferNext) || (offset === s && preferNext)) {
            if (offset - s <= nodes[i]!.data.length) return { node: nodes[i]!, offset: offset - s };
          }
        }
        return { node: nodes[0]!, offset: 0 };
      };
      const a = locate(at, true);
      const b = locate(at + exact.length, false);
      const range = document.createRange();
      range.setStart(a.node, a.offset);
      range.setEnd(b.node, b.offset);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      const rect = range.getBoundingClientRect();
      root.dispatchEvent(
        new MouseEvent('mouseup', { bubbles: true, clientX: rect.right, clientY: rect.bottom }),
      );
      return 'ok';
    },
    { exact, occurrence },
  );
  if (found !== 'ok') throw new Error(`selectText: ${found}`);
}

/**
 * Changes the stored text of the (only) article behind the app's back, as a re-extraction of
 * the page would: replaces the first occurrence of `find` with `replace` in IndexedDB and moves
 * the blocks after it (a block wholly inside a deleted stretch goes). Reload to see the result.
 */
export async function replaceInStoredText(page: Page, find: string, replace: string): Promise<void> {
  const result = await page.evaluate(
    ({ find, replace }) =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const tx = idb.transaction(['bodies'], 'readwrite');
          const bodies = tx.objectStore('bodies');
          const all = bodies.getAll();
          all.onsuccess = () => {
            const rows = all.result as { text: string; blocks: { start: number; end: number }[] }[];
            if (rows.length !== 1) return resolve(`expected one article, found ${rows.length}`);
            const body = rows[0]!;
            const at = body.text.indexOf(find);
            if (at < 0) return resolve(`not in the text: ${find}`);
            const end = at + find.length;
            const delta = replace.length - find.length;
            body.text = body.text.slice(0, at) + replace + body.text.slice(end);
            body.blocks = body.blocks
              .filter((b) => !(replace === '' && b.start >= at && b.end <= end))
              .map((b) => ({
                ...b,
                start: b.start >= end ? b.start + delta : b.start,
                end: b.end >= end ? b.end + delta : Math.min(b.end, at + replace.length),
              }));
            bodies.put(body);
          };
          tx.oncomplete = () => {
            idb.close();
            resolve('ok');
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { find, replace },
  );
  if (result !== 'ok') throw new Error(`replaceInStoredText: ${result}`);
}

/** Imports one file through File › Import articles… and waits for it to open in the reader. */
export async function importAndOpen(gloss: GlossApp, path: string, expectText: string): Promise<void> {
  await gloss.answerOpenDialog([path]);
  await gloss.menu('import-articles');
  await expect(gloss.page.getByRole('textbox', { name: 'Article text' })).toContainText(expectText);
}

/** The rows of the annotations pane's list. */
export const annotationItems = (gloss: GlossApp) =>
  gloss.page.getByRole('list', { name: 'Annotations of this article' }).locator(':scope > li');
