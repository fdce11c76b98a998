import { useEffect } from 'react';
import { db } from '../../db';
import { useGloss } from '../../store';
import type { Reveal } from '../../store/library-slice';

const BLOCK_SELECTOR = 'p, h2, blockquote, li';
const GIVE_UP_MS = 4000;

/** The DOM position of an offset inside a block element (its text nodes, in order). */
function pointIn(el: HTMLElement, offset: number): { node: Text; offset: number } | null {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let seen = 0;
  let last: Text | null = null;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (offset <= seen + n.data.length) return { node: n, offset: offset - seen };
    seen += n.data.length;
    last = n;
  }
  return last ? { node: last, offset: last.data.length } : null;
}

/**
 * Tries once to show the passage; true when done. The reader builds its text after the article
 * loads and adds highlights a frame later, so the caller retries each frame for a while.
 */
function tryReveal(reveal: Reveal, blocks: { start: number; end: number }[]): boolean {
  const root = document.querySelector<HTMLElement>('[aria-label="Article text"]');
  if (!root) return false;
  if ('annotationId' in reveal) {
    const mark = root.querySelector<HTMLElement>(`mark[data-ids~="${CSS.escape(reveal.annotationId)}"]`);
    if (!mark) return false;
    mark.scrollIntoView({ block: 'center' });
    return true;
  }
  const els = root.querySelectorAll<HTMLElement>(BLOCK_SELECTOR);
  if (els.length !== blocks.length) return false;
  const index = blocks.findIndex((b) => reveal.start >= b.start && reveal.start < b.end);
  const block = blocks[index];
  const el = els[index];
  if (!block || !el) return true; // the text changed since it was indexed: nothing to show
  const a = pointIn(el, reveal.start - block.start);
  const b = pointIn(el, Math.min(reveal.end, block.end) - block.start);
  if (!a || !b) return true;
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  el.scrollIntoView({ block: 'center' });
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  const rect = range.getBoundingClientRect();
  // As a drag would: the selection toolbar offers Claim / Assessment / Figure for it.
  useGloss.getState().setPendingSelection({
    start: reveal.start,
    end: Math.min(reveal.end, block.end),
    rect: { top: rect.top, left: rect.left, bottom: rect.bottom },
  });
  return true;
}

/** Brings a search hit into view in the reader once its article is open. */
export function RevealPassage() {
  const reveal = useGloss((s) => s.reveal);
  useEffect(() => {
    if (!reveal) return;
    let frame = 0;
    let cancelled = false;
    const deadline = performance.now() + GIVE_UP_MS;
    void db.bodies.get(reveal.articleId).then((body) => {
      if (cancelled || !body) return;
      const step = () => {
        const state = useGloss.getState();
        if (state.selectedArticleId !== reveal.articleId || state.reveal !== reveal) return;
        if (tryReveal(reveal, body.blocks) || performance.now() > deadline) {
          state.revealPassage(null);
          return;
        }
        frame = requestAnimationFrame(step);
      };
      frame = requestAnimationFrame(step);
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
    };
  }, [reveal]);
  return null;
}
