/**
 * Converts a UTF-16 code-unit offset into `text` (what JavaScript strings and Gloss selectors
 * use) into a Unicode code-point offset (what W3C TextPositionSelector counts).
 */
export function toCodePointOffset(text: string, utf16Offset: number): number {
  let points = 0;
  for (let i = 0; i < utf16Offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < utf16Offset) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    points++;
  }
  return points;
}

/** The inverse of {@link toCodePointOffset}: a code-point offset into a UTF-16 offset. */
export function fromCodePointOffset(text: string, codePointOffset: number): number {
  let i = 0;
  for (let points = 0; points < codePointOffset && i < text.length; points++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}
