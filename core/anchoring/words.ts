/** How far around a boundary {@link snapToWords} looks for the word it falls in (UTF-16 units). */
const WINDOW = 128;

let segmenter: Intl.Segmenter | undefined;
const words = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' }));

const SPACE = /\s/u;

/**
 * The word segment (UAX #29, via `Intl.Segmenter`) that strictly contains `offset`, i.e. starts
 * before it and ends after it, or undefined when `offset` is already a word boundary.
 */
function wordAround(text: string, offset: number): { start: number; end: number } | undefined {
  if (offset <= 0 || offset >= text.length) return undefined;
  const from = Math.max(0, offset - WINDOW);
  const to = Math.min(text.length, offset + WINDOW);
  const seg = words()
    .segment(text.slice(from, to))
    .containing(offset - from);
  if (!seg || !seg.isWordLike) return undefined;
  const start = from + seg.index;
  const end = start + seg.segment.length;
  return start < offset && end > offset ? { start, end } : undefined;
}

/**
 * Snaps a selection to whole words, as a reader expects after a sloppy drag: whitespace at
 * either end is dropped, and an edge that falls inside a word moves outward to that word's
 * boundary. Word boundaries are Unicode's (UAX #29 through `Intl.Segmenter`), so "ISW’s" is one
 * word, "killed-in-action" three, "80,000" one, and scripts without spaces (Chinese, Japanese,
 * Thai) are segmented by dictionary. Punctuation at the edges is kept as selected. Offsets are
 * UTF-16 code units.
 *
 * @returns The snapped range; the range unchanged if it is empty or only whitespace.
 */
export function snapToWords(text: string, start: number, end: number): { start: number; end: number } {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(text.length, Math.max(start, end));
  while (s < e && SPACE.test(text[s]!)) s++;
  while (e > s && SPACE.test(text[e - 1]!)) e--;
  if (s >= e) return { start, end };
  const first = wordAround(text, s);
  if (first) s = first.start;
  const last = wordAround(text, e);
  if (last) e = last.end;
  return { start: s, end: e };
}
