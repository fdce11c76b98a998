import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/** The rows of a fixed-height list to put in the document: `[start, end)`, overscan included. */
export interface RowWindow {
  start: number;
  end: number;
}

/**
 * Which rows of a list of `count` rows, each `rowHeight` pixels tall, a scroll box showing
 * `viewport` pixels from `scrollTop` needs, with `overscan` more on either side. Constant time:
 * with rows of one height there is nothing to measure, whatever the number of rows.
 */
export function rowWindow(
  scrollTop: number,
  viewport: number,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  if (count <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewport)) / rowHeight);
  const start = Math.min(count - 1, Math.max(0, first - overscan));
  return { start, end: Math.max(start + 1, Math.min(count, last + overscan)) };
}

/**
 * The scroll position that brings row `index` into view, moving as little as possible (none if
 * it is fully visible already), or undefined when no scroll is needed.
 */
export function scrollToShow(
  index: number,
  scrollTop: number,
  viewport: number,
  rowHeight: number,
): number | undefined {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return top + rowHeight - viewport;
  return undefined;
}

/**
 * Virtualises a list whose rows all have one height. Unlike a general virtualizer, which
 * measures every row again when the list changes (200,000 rows on each filter change of the
 * annotations table), this only divides: the cost does not grow with the number of rows. The
 * component re-renders only when the window of rows changes, not on every scroll event.
 */
export function useFixedRows(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindow & { total: number; scrollToIndex(index: number): void } {
  const [box, setBox] = useState({ scrollTop: 0, viewport: 0 });
  const shown = rowWindow(box.scrollTop, box.viewport, count, rowHeight, overscan);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const read = () =>
      setBox((was) => {
        const next = { scrollTop: el.scrollTop, viewport: el.clientHeight };
        const a = rowWindow(was.scrollTop, was.viewport, count, rowHeight, overscan);
        const b = rowWindow(next.scrollTop, next.viewport, count, rowHeight, overscan);
        return a.start === b.start && a.end === b.end && was.viewport === next.viewport ? was : next;
      });
    read();
    el.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scrollRef, count, rowHeight, overscan]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const to = scrollToShow(index, el.scrollTop, el.clientHeight, rowHeight);
      if (to !== undefined) el.scrollTop = to;
    },
    [scrollRef, rowHeight],
  );

  return { ...shown, total: count * rowHeight, scrollToIndex };
}
