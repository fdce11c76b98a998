import { useEffect, useRef, useState } from 'react';
import type { Article } from '../../../../core/model';
import type { Suggestion } from '../../../../core/suggest';
import { useGloss } from '../../store';
import { blockElements, offsetToDomPoint, spanToRange } from '../reader/highlights';
import { rejectionKey } from './rejections';

interface Box {
  key: string;
  type: Suggestion['type'];
  rects: { top: number; left: number; width: number; height: number }[];
}

const BATCH = 200;
const BAND_PX = 400;
const TYPE_LABEL: Record<Suggestion['type'], string> = {
  figure: 'Figure',
  quotation: 'Quotation',
  attribution: 'Attributed statement',
  assessment: 'Assessment language',
  opinion: 'Opinion cue',
};

/** What a suggestion proposes, in words (for its label and for screen readers). */
export function describeSuggestion(s: Suggestion): string {
  const f = s.fields;
  if (s.type === 'figure')
    return `${TYPE_LABEL.figure}: ${(f.value ?? 0).toLocaleString()} ${f.unit ?? ''}`.trim();
  if (s.type === 'quotation' || s.type === 'attribution')
    return `${TYPE_LABEL[s.type]}: ${f.speaker ? `by ${f.speaker}` : 'no speaker found'}`;
  return `${TYPE_LABEL[s.type]}${f.cue ? ` (“${f.cue}”)` : ''}`;
}

/** The reader's text element inside the scroll container. */
export const readerRoot = (container: HTMLElement | null): HTMLElement | null =>
  container?.querySelector<HTMLElement>('.reader-text') ?? null;

/**
 * Dashed outlines over the suggested spans and the keyboard caret, drawn in a layer over the
 * text (not in it: the text and the annotations' marks stay as they are, and the layer never
 * takes a click). Outlines are measured in batches, a frame each, so that a long article's
 * hundreds of suggestions never hold the main thread for long.
 */
export function ReadingLayer({
  article,
  container,
  suggestions,
  onAccept,
  onReject,
}: {
  article: Article;
  container: HTMLElement | null;
  suggestions: Suggestion[];
  onAccept(s: Suggestion): void;
  onReject(s: Suggestion): void;
}) {
  const show = useGloss((s) => s.showSuggestions);
  const currentKey = useGloss((s) => s.currentSuggestion);
  const caret = useGloss((s) => s.caret);
  const announcement = useGloss((s) => s.readerAnnouncement);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const measured = useRef<{ article: string; layout: number; boxes: Map<string, Box> }>({
    article: '',
    layout: -1,
    boxes: new Map(),
  });
  const [layout, setLayout] = useState(0);
  const [focused, setFocused] = useState(false);
  const [caretBox, setCaretBox] = useState<{ top: number; left: number; height: number } | null>(null);

  // Measure again when the text's width changes (pane resized, window resized) or the text moves
  // down or up (a warning shown above it, the suggestion bar changing height): the outlines are
  // placed in the scroll container, so a shifted text would leave them where it was.
  useEffect(() => {
    const root = readerRoot(container);
    if (!root || !container) return;
    const topOf = () =>
      root.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
    let width = root.clientWidth;
    let top = topOf();
    const observer = new ResizeObserver(() => {
      const now = topOf();
      if (root.clientWidth !== width || Math.abs(now - top) > 0.5) {
        width = root.clientWidth;
        top = now;
        setLayout((n) => n + 1);
      }
    });
    observer.observe(root);
    // What lies above the text in the container (the article's header) moves it when it grows.
    for (let el: Element | null = root; el && el !== container; el = el.parentElement)
      for (let before = el.previousElementSibling; before; before = before.previousElementSibling)
        observer.observe(before);
    const onFocus = () => setFocused(true);
    const onBlur = () => setFocused(false);
    root.addEventListener('focus', onFocus);
    root.addEventListener('blur', onBlur);
    return () => {
      observer.disconnect();
      root.removeEventListener('focus', onFocus);
      root.removeEventListener('blur', onBlur);
    };
  }, [container, article]);

  // Which screenful the reader shows, in steps of a few hundred pixels: only the outlines near
  // it are measured and drawn (a long article has thousands).
  const [band, setBand] = useState(0);
  useEffect(() => {
    if (!container) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setBand(Math.floor(container.scrollTop / BAND_PX)));
    };
    container.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      container.removeEventListener('scroll', onScroll);
    };
  }, [container]);

  useEffect(() => {
    const root = readerRoot(container);
    if (!root || !container || !show) return;
    const els = blockElements(root);
    // The article offsets of the blocks from a screen above to a screen below the view.
    const view = container.getBoundingClientRect();
    const above = view.top - view.height - BAND_PX;
    const below = view.bottom + view.height + BAND_PX;
    const blockAt = (y: number): number => {
      let lo = 0;
      let hi = els.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (els[mid]!.getBoundingClientRect().bottom < y) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const from = article.blocks[blockAt(above)]?.start ?? 0;
    const to = article.blocks[blockAt(below)]?.end ?? article.text.length;
    const near = suggestions.filter((s) => s.end > from && s.start < to);
    // Outlines measured before stay right while the text's layout does not change (accepting a
    // suggestion or adding an annotation only removes outlines).
    // A new text for the same article (through Team Sync, a restored passage) is measured anew.
    const text = `${article.id}:${article.contentHash}`;
    if (measured.current.article !== text || measured.current.layout !== layout) {
      measured.current = { article: text, layout, boxes: new Map() };
    }
    const cache = measured.current.boxes;
    let frame = 0;
    let i = 0;
    const out: Box[] = [];
    const step = () => {
      const base = container.getBoundingClientRect();
      const dx = container.scrollLeft - base.left;
      const dy = container.scrollTop - base.top;
      let measuredNow = 0;
      for (; i < near.length && measuredNow < BATCH; i++) {
        const s = near[i]!;
        const key = rejectionKey(s);
        const known = cache.get(key);
        if (known) {
          out.push(known);
          continue;
        }
        measuredNow++;
        const range = spanToRange(els, article.blocks, s.start, s.end);
        if (!range) continue;
        const rects = Array.from(range.getClientRects())
          .filter((r) => r.width > 0.5)
          .map((r) => ({ top: r.top + dy, left: r.left + dx, width: r.width, height: r.height }));
        const box = { key, type: s.type, rects };
        cache.set(key, box);
        out.push(box);
      }
      if (i < near.length) frame = requestAnimationFrame(step);
      else {
        setBoxes(out);
        performance.mark('gloss:suggest:drawn');
      }
    };
    // The first batch waits for an idle moment: the article's text and its highlights come first.
    const idle = requestIdleCallback(() => (frame = requestAnimationFrame(step)), { timeout: 1000 });
    return () => {
      cancelIdleCallback(idle);
      cancelAnimationFrame(frame);
    };
  }, [container, article, suggestions, show, layout, band]);

  // Measured after layout, in the next frame (the text may just have been re-rendered).
  useEffect(() => {
    const root = readerRoot(container);
    if (!root || !container || caret === null) return;
    const frame = requestAnimationFrame(() => {
      const point = offsetToDomPoint(blockElements(root), article.blocks, caret);
      if (!point) return;
      const range = document.createRange();
      range.setStart(point.node, point.offset);
      range.collapse(true);
      const r = range.getClientRects()[0] ?? (point.node.parentElement ?? root).getBoundingClientRect();
      const base = container.getBoundingClientRect();
      setCaretBox({
        top: r.top - base.top + container.scrollTop,
        left: r.left - base.left + container.scrollLeft,
        height: r.height,
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [container, article, caret, layout]);

  const shown = show ? boxes : [];
  const current = suggestions.find((s) => rejectionKey(s) === currentKey);
  const currentBox = shown.find((b) => b.key === currentKey);
  const first = currentBox?.rects[0];
  return (
    <>
      <div className="reading-layer" aria-hidden="true">
        {shown.length > 0 && (
          <svg className="sg-outlines" width="1" height="1">
            {shown.map((b) =>
              b.rects.map((r, k) => (
                <rect
                  key={`${b.key}#${k}`}
                  className={`sg-box sg-${b.type}${b.key === currentKey ? ' sg-current' : ''}`}
                  x={r.left - 1}
                  y={r.top - 1}
                  width={r.width + 2}
                  height={r.height + 2}
                  rx={3}
                />
              )),
            )}
          </svg>
        )}
        {caretBox && focused && caret !== null && (
          <div
            className="reader-caret"
            style={{ top: caretBox.top, left: caretBox.left - 1, height: caretBox.height }}
          />
        )}
      </div>
      <div className="reading-layer">
        {current && first && (
          <div
            className="sg-label"
            role="group"
            aria-label="Current suggestion"
            style={{ top: first.top - 26, left: first.left }}
          >
            {describeSuggestion(current)}
            <button type="button" tabIndex={-1} onClick={() => onAccept(current)}>
              Accept <kbd>Y</kbd>
            </button>
            <button type="button" tabIndex={-1} onClick={() => onReject(current)}>
              Reject <kbd>X</kbd>
            </button>
          </div>
        )}
      </div>
      <p id="reader-keys-hint" className="visually-hidden">
        Arrow keys move by word and sentence, Control with up and down by paragraph. S selects the sentence,
        Shift+S the clause, Shift with left and right arrows shrinks or extends it by a word; then C, A or F
        annotates. Right and left square brackets go to the next and previous suggestion, Y accepts it, X
        rejects it, H hides suggestions.
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
