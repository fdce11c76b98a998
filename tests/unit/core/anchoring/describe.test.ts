import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchor, CONTEXT_LENGTH, describe as describeRange } from '../../../../core/anchoring';
import { SelectorSchema } from '../../../../core/model';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/anchoring');

interface BaselineRange {
  quote: string;
  occurrence: number;
  selectors: unknown[];
}
const baseline = JSON.parse(readFileSync(join(FIXTURES, 'isw-baseline.json'), 'utf8')) as {
  text: string;
  contextLength: number;
  ranges: BaselineRange[];
};
const text = readFileSync(join(FIXTURES, baseline.text), 'utf8');

/** The UTF-16 start of the n-th (0-based) occurrence of `quote`. */
function nth(quote: string, n: number): number {
  let at = -1;
  for (let k = 0; k <= n; k++) {
    at = text.indexOf(quote, at + 1);
    if (at === -1) throw new Error(`occurrence ${n} of ${quote} not found`);
  }
  return at;
}

const codePoints = (s: string): number => [...s].length;

describe('describe: golden baseline (ISW 2025-06-25)', () => {
  it('covers a useful spread of ranges', () => {
    expect(baseline.contextLength).toBe(CONTEXT_LENGTH);
    expect(baseline.ranges.length).toBeGreaterThanOrEqual(10);
  });

  it.each(baseline.ranges.map((r) => [r.quote.slice(0, 40), r] as const))(
    'recomputes the stored selectors for “%s”',
    (_label, r) => {
      const start = nth(r.quote, r.occurrence);
      const selectors = describeRange(text, start, start + r.quote.length);
      expect(selectors).toEqual(r.selectors);
      for (const s of selectors) expect(SelectorSchema.safeParse(s).success).toBe(true);
      expect(anchor(text, selectors)).toEqual({
        status: 'exact',
        start,
        end: start + r.quote.length,
        score: 1,
      });
    },
  );

  it('stores context that really surrounds the quote, 32 code points unless cut by the text edge', () => {
    for (const r of baseline.ranges) {
      const [pos, quote] = describeRange(
        text,
        nth(r.quote, r.occurrence),
        nth(r.quote, r.occurrence) + r.quote.length,
      );
      expect(text.slice(pos.start - quote.prefix.length, pos.end + quote.suffix.length)).toBe(
        quote.prefix + quote.exact + quote.suffix,
      );
      expect(codePoints(quote.prefix)).toBe(Math.min(CONTEXT_LENGTH, codePoints(text.slice(0, pos.start))));
      expect(codePoints(quote.suffix)).toBe(Math.min(CONTEXT_LENGTH, codePoints(text.slice(pos.end))));
    }
  });
});

describe('describe', () => {
  it('returns a position and a quote selector with UTF-16 offsets', () => {
    const t = 'The Kremlin said the talks would continue.';
    expect(describeRange(t, 4, 11)).toEqual([
      { type: 'TextPositionSelector', start: 4, end: 11 },
      {
        type: 'TextQuoteSelector',
        exact: 'Kremlin',
        prefix: 'The ',
        suffix: ' said the talks would continue.',
      },
    ]);
  });

  it('counts context in code points and never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(40);
    const t = `${emoji}quote${emoji}`;
    const start = emoji.length;
    const [pos, quote] = describeRange(t, start, start + 5);
    expect(pos).toEqual({ type: 'TextPositionSelector', start: 80, end: 85 });
    expect(quote.prefix).toBe('😀'.repeat(32));
    expect(quote.suffix).toBe('😀'.repeat(32));
    expect(quote.prefix.length).toBe(64);
  });

  it('keeps a whole emoji at the edge of the context rather than half of it', () => {
    // 31 ASCII characters then an emoji before the quote: the 32nd code point back is the emoji.
    const t = `x🇺🇦${'a'.repeat(31)}Q`;
    const [, quote] = describeRange(t, t.length - 1, t.length);
    expect(quote.prefix).toBe(`🇦${'a'.repeat(31)}`);
    expect(quote.prefix.charCodeAt(0)).toBe(0xd83c);
  });

  it('rejects empty, reversed and out-of-range spans', () => {
    expect(() => describeRange('abc', 1, 1)).toThrow(RangeError);
    expect(() => describeRange('abc', 2, 1)).toThrow(RangeError);
    expect(() => describeRange('abc', -1, 2)).toThrow(RangeError);
    expect(() => describeRange('abc', 0, 4)).toThrow(RangeError);
    expect(() => describeRange('abc', 0.5, 2)).toThrow(RangeError);
  });
});
