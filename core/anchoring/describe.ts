import type { TextPositionSelector, TextQuoteSelector } from '../model';

/** How much context, in Unicode code points, a quote selector keeps on each side of the quote. */
export const CONTEXT_LENGTH = 32;

/** The selectors {@link describe} emits: always a position and a quote selector, in that order. */
export type RangeSelectors = [TextPositionSelector, TextQuoteSelector];

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * The UTF-16 offset `points` code points before `from` (or 0), never splitting a surrogate pair.
 * @internal
 */
export function backCodePoints(text: string, from: number, points: number): number {
  let i = from;
  for (let n = 0; n < points && i > 0; n++) {
    i--;
    if (i > 0 && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) i--;
  }
  return i;
}

/**
 * The UTF-16 offset `points` code points after `from` (or `text.length`), never splitting a
 * surrogate pair.
 * @internal
 */
export function forwardCodePoints(text: string, from: number, points: number): number {
  let i = from;
  for (let n = 0; n < points && i < text.length; n++) {
    i += isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/**
 * Describes the range `[start, end)` of `text` by the two selectors Gloss stores: a
 * `TextPositionSelector` (fast, exact while the text is unchanged) and a `TextQuoteSelector`
 * (the quoted text plus {@link CONTEXT_LENGTH} code points of context on each side, which lets
 * {@link anchor} find the passage again after the text changed).
 *
 * Offsets are JavaScript string indices (UTF-16 code units) into `text`, as everywhere in Gloss
 * (see ARCHITECTURE.md, "Data model"); exporters convert to code points. The context is cut at
 * code-point boundaries, so a prefix or suffix never begins or ends with half a surrogate pair.
 *
 * @param text - The article text.
 * @param start - Start of the range (inclusive), a UTF-16 offset.
 * @param end - End of the range (exclusive), a UTF-16 offset.
 * @returns `[position, quote]`, valid for `AnnotationSchema.selectors`.
 * @throws RangeError if the range is empty, reversed or outside `text`.
 */
export function describe(text: string, start: number, end: number): RangeSelectors {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || end <= start) {
    throw new RangeError(`cannot describe range [${start}, ${end}) of a text of length ${text.length}`);
  }
  return [
    { type: 'TextPositionSelector', start, end },
    {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(backCodePoints(text, start, CONTEXT_LENGTH), start),
      suffix: text.slice(end, forwardCodePoints(text, end, CONTEXT_LENGTH)),
    },
  ];
}
