import { describe, expect, it } from 'vitest';
import { rowWindow, scrollToShow } from '../../../renderer/src/app/fixed-rows';

describe('rowWindow', () => {
  it('covers the rows in view and the overscan on either side', () => {
    // 34 px rows, 340 px in view from the top: rows 0–9 visible, 3 more below.
    expect(rowWindow(0, 340, 200_000, 34, 3)).toEqual({ start: 0, end: 13 });
    // Scrolled to row 1,000 exactly: rows 1,000–1,009 visible.
    expect(rowWindow(34_000, 340, 200_000, 34, 3)).toEqual({ start: 997, end: 1_013 });
    // Half a row in: the partly visible rows at both edges are included.
    expect(rowWindow(34_017, 340, 200_000, 34, 0)).toEqual({ start: 1_000, end: 1_011 });
  });

  it('stays inside the list at its ends, and when the list shrank under the scroll position', () => {
    expect(rowWindow(0, 340, 5, 34, 12)).toEqual({ start: 0, end: 5 });
    expect(rowWindow(6_799_660, 340, 200_000, 34, 12)).toEqual({ start: 199_978, end: 200_000 });
    // A filter left 20 rows while the box was scrolled far down: the last rows, never an empty window.
    expect(rowWindow(6_799_660, 340, 20, 34, 2)).toEqual({ start: 19, end: 20 });
    expect(rowWindow(-50, 340, 100, 34, 0)).toEqual({ start: 0, end: 10 });
  });

  it('is empty for an empty list and before the box has a size', () => {
    expect(rowWindow(0, 340, 0, 34, 12)).toEqual({ start: 0, end: 0 });
    expect(rowWindow(0, 0, 100, 34, 0)).toEqual({ start: 0, end: 1 });
  });
});

describe('scrollToShow', () => {
  it('scrolls as little as brings the row fully into view, and not at all when it is', () => {
    expect(scrollToShow(5, 0, 340, 34)).toBeUndefined();
    expect(scrollToShow(9, 0, 340, 34)).toBeUndefined();
    expect(scrollToShow(10, 0, 340, 34)).toBe(34); // one row down: row 10 at the bottom edge
    expect(scrollToShow(3, 340, 340, 34)).toBe(102); // above the view: row 3 at the top
    expect(scrollToShow(11, 400, 340, 34)).toBe(374); // partly hidden above: its top at the top
    expect(scrollToShow(12, 400, 340, 34)).toBeUndefined();
  });
});
