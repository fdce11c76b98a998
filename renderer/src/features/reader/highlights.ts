import { $isListNode } from '@lexical/list';
import { $createMarkNode } from '@lexical/mark';
import { $getRoot, type ElementNode } from 'lexical';
import type { Article } from '../../../../core/model';
import { $textPieces, type ArticleText } from './article-nodes';

/** An annotation's place in the article text, as anchoring found it (UTF-16 offsets). */
export interface HighlightRange {
  id: string;
  start: number;
  end: number;
}

/** The reader's block nodes in article order (list items, not the lists that hold them). */
export function $blockNodes(): ElementNode[] {
  const out: ElementNode[] = [];
  for (const child of $getRoot().getChildren()) {
    if ($isListNode(child)) out.push(...(child.getChildren() as ElementNode[]));
    else out.push(child as ElementNode);
  }
  return out;
}

/** Splits the ranges by block, each clipped to its block, in O(ranges · log blocks + pieces). */
export function rangesByBlock(blocks: Article['blocks'], ranges: HighlightRange[]): HighlightRange[][] {
  const per: HighlightRange[][] = blocks.map(() => []);
  for (const r of ranges) {
    if (r.end <= r.start) continue;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (blocks[mid]!.end <= r.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < blocks.length && blocks[i]!.start < r.end; i++) {
      const b = blocks[i]!;
      const start = Math.max(r.start, b.start);
      const end = Math.min(r.end, b.end);
      if (end > start) per[i]!.push({ id: r.id, start, end });
    }
  }
  return per;
}

const signature = (ranges: HighlightRange[]): string =>
  ranges.map((r) => `${r.id}:${r.start}-${r.end}`).join(',');

/**
 * Rewrites the children of each block whose highlights changed: plain text nodes, and MarkNodes
 * carrying the ids of every annotation covering a stretch. Runs inside one `editor.update`.
 * Returns the new per-block signatures, to pass back next time so unchanged blocks are skipped.
 */
export function $applyHighlights(
  article: ArticleText,
  ranges: HighlightRange[],
  previous: string[],
): string[] {
  const nodes = $blockNodes();
  const per = rangesByBlock(article.blocks, ranges);
  const next: string[] = [];
  article.blocks.forEach((block, i) => {
    const mine = per[i]!;
    const sig = signature(mine);
    next.push(sig);
    const node = nodes[i];
    if (!node || sig === (previous[i] ?? '')) return;
    const cuts = new Set([block.start, block.end]);
    for (const r of mine) cuts.add(r.start).add(r.end);
    const points = [...cuts].sort((a, b) => a - b);
    node.clear();
    for (let k = 0; k < points.length - 1; k++) {
      const s = points[k]!;
      const e = points[k + 1]!;
      // One mark per stretch, whatever footnote markers it holds.
      const text = $textPieces(article, s, e);
      const ids = mine.filter((r) => r.start <= s && r.end >= e).map((r) => r.id);
      if (ids.length) node.append($createMarkNode(ids).append(...text));
      else node.append(...text);
    }
  });
  return next;
}

const BLOCK_SELECTOR = 'p, h2, blockquote, li';

/**
 * Turns a DOM point inside the reader into an article offset: find the block element, count
 * the characters before the point within it, add the block's start.
 */
export function domPointToOffset(
  root: HTMLElement,
  blocks: Article['blocks'],
  node: Node,
  offset: number,
): number | null {
  if (!root.contains(node)) return null;
  const els = Array.from(root.querySelectorAll<HTMLElement>(BLOCK_SELECTOR));
  let el: Node | null = node;
  while (el && el !== root && !(el instanceof HTMLElement && el.matches(BLOCK_SELECTOR))) el = el.parentNode;
  if (!el || el === root) {
    // A point between blocks (for example after triple-click): snap to the next block's start.
    const after = els.find((b) => node.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    const index = after ? els.indexOf(after) : els.length - 1;
    const block = blocks[index];
    return block ? (after ? block.start : block.end) : null;
  }
  const index = els.indexOf(el as HTMLElement);
  const block = blocks[index];
  if (!block) return null;
  const range = document.createRange();
  range.setStart(el, 0);
  range.setEnd(node, offset);
  return Math.min(block.end, block.start + range.toString().length);
}

/**
 * The inverse of {@link domPointToOffset}: the text node and offset in the reader that stand at
 * an article offset (the end of a block for an offset between blocks).
 */
export function offsetToDomPoint(
  els: readonly HTMLElement[],
  blocks: Article['blocks'],
  offset: number,
): { node: Node; offset: number } | null {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.end < offset) lo = mid + 1;
    else hi = mid;
  }
  const block = blocks[lo];
  const el = els[lo];
  if (!block || !el) return null;
  let left = Math.max(0, Math.min(offset, block.end) - block.start);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let last: Text | null = null;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (left <= n.length) return { node: n, offset: left };
    left -= n.length;
    last = n;
  }
  return last ? { node: last, offset: last.length } : { node: el, offset: 0 };
}

/** The reader's block elements, in article order (one per block). */
export function blockElements(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(BLOCK_SELECTOR));
}

/** A DOM range over an article span in the reader (`els` from {@link blockElements}). */
export function spanToRange(
  els: readonly HTMLElement[],
  blocks: Article['blocks'],
  start: number,
  end: number,
): Range | null {
  const a = offsetToDomPoint(els, blocks, start);
  const b = offsetToDomPoint(els, blocks, end);
  if (!a || !b) return null;
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}
