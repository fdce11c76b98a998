import { describe, expect, it } from 'vitest';
import { fromCodePointOffset, toCodePointOffset } from '../../../core/text/code-points';

describe('code-point offsets', () => {
  const text = 'a😀b — 中文 🇺🇦 end';

  it('counts an astral character as one code point', () => {
    expect(toCodePointOffset(text, 1)).toBe(1);
    expect(toCodePointOffset(text, 3)).toBe(2); // after the emoji (2 code units)
    expect(toCodePointOffset(text, 4)).toBe(3);
  });

  it('round-trips every code-point boundary', () => {
    const points = [...text].length;
    for (let p = 0; p <= points; p++) {
      expect(toCodePointOffset(text, fromCodePointOffset(text, p))).toBe(p);
    }
    expect(fromCodePointOffset(text, points)).toBe(text.length);
  });

  it('is the identity on text without surrogates', () => {
    const plain = 'Only BMP text: Ünïcödé, 中文, العربية.';
    for (let i = 0; i <= plain.length; i++) expect(toCodePointOffset(plain, i)).toBe(i);
  });
});
