import type { Page } from '@playwright/test';

/**
 * Selects `exact` (its `occurrence`-th appearance) in the reader's text, as a user's drag would,
 * and releases the mouse there. The text may span several text nodes (highlights split it).
 */
export async function selectText(page: Page, exact: string, occurrence = 0): Promise<void> {
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
