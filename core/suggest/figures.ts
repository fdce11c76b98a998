import { scanFigures } from '../annotate/figures';
import type { Context } from './context';
import type { Suggestion } from './types';

/** Words before a number that make it a label, not a quantity ("Article 5", "No. 3"). */
const DESIGNATORS = new Set(
  (
    'article section chapter clause paragraph no number nos issue vol volume page pages pp p part ' +
    'appendix annex figure fig table resolution rule point phase stage level tier grade category ' +
    'class type model mark route highway flight room unit item step round season episode version ' +
    'block lot gate platform line building floor district ward precinct sector hall terminal'
  ).split(' '),
);
/** Entity types of wink that are about time, never figures ("two years", "June 24"). */
const TIME_TYPES = new Set(['DATE', 'DURATION', 'TIME', 'ORDINAL']);
/** Parts of speech that can be part of what is counted ("2,500 workers"). */
const COUNTED_POS = new Set(['NOUN', 'PROPN', 'ADJ']);
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*[\p{L}\p{N}]|[\p{L}]/uy;

/**
 * What a number counts: the noun phrase right after it ("killed-in-action", "Iskander-M
 * ballistic missiles", "new RAVEN air defense systems"), ending on a noun, at most five words.
 */
function countedNoun(ctx: Context, from: number): { unit: string; end: number } | undefined {
  const { text, analysis } = ctx;
  const words: { text: string; end: number; noun: boolean }[] = [];
  let at = from;
  // The first token at or after `from` (tokens are sorted by offset).
  let lo = 0;
  let hi = analysis.tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (analysis.tokens[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  let tokenIndex = lo;
  while (words.length < 5) {
    const space = /^[ \u00a0]/u.test(text.slice(at, at + 1)) ? 1 : 0;
    if (words.length === 0 && space === 0) break;
    WORD.lastIndex = at + space;
    const m = WORD.exec(text);
    if (!m) break;
    while (tokenIndex < analysis.tokens.length && analysis.tokens[tokenIndex]!.start < m.index) tokenIndex++;
    const tok = analysis.tokens[tokenIndex];
    const hyphenated = m[0].includes('-');
    const pos = tok?.pos ?? '';
    // Capitalised words name what is counted ("350 Advanced Short Range Air-to-Air Missiles").
    const capitalised = /^\p{Lu}/u.test(m[0]);
    if (!hyphenated && !capitalised && !COUNTED_POS.has(pos)) break;
    words.push({ text: m[0], end: m.index + m[0].length, noun: hyphenated || capitalised || pos !== 'ADJ' });
    at = m.index + m[0].length;
  }
  while (words.length && !words[words.length - 1]!.noun) words.pop();
  if (!words.length) return undefined;
  return { unit: words.map((w) => w.text).join(' '), end: words[words.length - 1]!.end };
}

/**
 * Figures: amounts of money, percentages, measures, counts, spelled-out numbers, with their
 * value and unit (a currency code, `%`, a measure, or else what is counted). Dates, years,
 * durations, ordinals, footnote markers and labels ("Article 5", "F-16") are not figures.
 */
export function figureSuggestions(ctx: Context): Suggestion[] {
  const { text, analysis } = ctx;
  const timeSpans = analysis.entities.filter((e) => TIME_TYPES.has(e.type));
  const out: Suggestion[] = [];
  let e = 0;
  for (const f of scanFigures(text)) {
    while (e < timeSpans.length && timeSpans[e]!.end <= f.start) e++;
    const time = timeSpans[e];
    if (time && time.start < f.end && !f.salient) continue;
    const before = /([\p{L}.]+)\.?\s+$/u.exec(text.slice(Math.max(0, f.start - 16), f.start))?.[1];
    if (before && DESIGNATORS.has(before.toLowerCase().replace(/\.$/u, ''))) continue;
    // A time of day, a score or a date ("10:30", "3-1", "9/11"), a duration ("six-month").
    if (/^[:\-–/]\d/u.test(text.slice(f.end, f.end + 2))) continue;
    if (/\d[/:\-–]$/u.test(text.slice(Math.max(0, f.start - 2), f.start))) continue;
    if (
      /^-(?:year|month|week|day|hour|minute|second|decade|century)s?\b/iu.test(text.slice(f.end, f.end + 9))
    )
      continue;
    // A list's numbering ("1. Finland", "2) Norway") at the start of a line.
    if (
      /(?:^|\n)[ \t]*$/u.test(text.slice(Math.max(0, f.start - 8), f.start)) &&
      /^[.)]\s/u.test(text.slice(f.end, f.end + 2))
    )
      continue;
    // "40+ years": a duration, however open-ended.
    if (
      /^\+?\s*(?:years?|months?|weeks?|days?|hours?|decades?|centuries)\b/iu.test(
        text.slice(f.end, f.end + 12),
      ) &&
      text[f.end] === '+'
    )
      continue;
    // A number word that begins a name mid-sentence ("on Ninety Mile Beach", "the Three Gorges").
    if (
      /^\p{Lu}\p{Ll}+[ \u00a0]\p{Lu}/u.test(text.slice(f.start, f.start + 40)) &&
      /\p{Ll}[,;]?\s+$/u.test(text.slice(Math.max(0, f.start - 3), f.start))
    )
      continue;
    let end = f.end;
    let unit = f.unit;
    const counted = countedNoun(ctx, f.end);
    // What is counted, for counts only: money and measures already carry their unit ("$13
    // million contract" is a figure of 13 million USD, not of contracts).
    if (counted && unit === '') {
      unit = counted.unit;
      end = counted.end;
    }
    out.push({
      type: 'figure',
      start: f.start,
      end,
      quote: text.slice(f.start, end),
      fields: { value: f.value, unit },
    });
  }
  return out;
}
