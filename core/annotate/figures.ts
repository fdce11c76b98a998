import type { Figure } from '../model';

/*
 * A small, rule-based reader of the figures news prose uses: "$13 million", "€5bn", "80,000",
 * "five percent", "half a million", "1,415 square kilometers". It works on tokens (numbers,
 * words, single symbols) with their offsets, so that the rules can look one or two tokens either
 * way without a fragile monster regex.
 */

interface Token {
  kind: 'num' | 'word' | 'sym';
  text: string;
  /** Lower-cased text (words). */
  lower: string;
  start: number;
  end: number;
}

const TOKEN = /\d+(?:[,\u00a0\u202f]\d{3})*(?:\.\d+)?|\.\d+|[\p{L}\p{M}]+(?:['’][\p{L}]+)?|\S/gu;

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  for (const m of s.matchAll(TOKEN)) {
    const text = m[0];
    const first = text.charCodeAt(0);
    const kind =
      (first >= 48 && first <= 57) || (text[0] === '.' && text.length > 1)
        ? 'num'
        : /\p{L}/u.test(text[0]!)
          ? 'word'
          : 'sym';
    out.push({ kind, text, lower: text.toLowerCase(), start: m.index, end: m.index + text.length });
  }
  return out;
}

const ONES: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
/** Abbreviated scales that may follow a number anywhere ("5bn", "2.3 mln"). */
const SCALE_ABBR: Record<string, number> = { bn: 1e9, bln: 1e9, mn: 1e6, mln: 1e6, tn: 1e12, trn: 1e12 };
/** One-letter scales, read as such only after a currency ("£3.5m", "$40k", "$2b"). */
const SCALE_LETTER: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

const CURRENCY_SYMBOLS: Record<string, string> = {
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₽': 'RUB',
  '₴': 'UAH',
  '₹': 'INR',
  '₺': 'TRY',
  '₩': 'KRW',
};
/** Letters written before `$`: "US$", "C$", "A$". */
const DOLLAR_PREFIXES: Record<string, string> = {
  us: 'USD',
  c: 'CAD',
  ca: 'CAD',
  a: 'AUD',
  au: 'AUD',
  nz: 'NZD',
  hk: 'HKD',
};
const CURRENCY_CODES = new Set([
  'USD',
  'EUR',
  'GBP',
  'RUB',
  'UAH',
  'CNY',
  'JPY',
  'CHF',
  'INR',
  'CAD',
  'AUD',
  'DKK',
  'NOK',
  'SEK',
  'PLN',
]);
/** Currency nouns after a number; adjectives before them ("Danish kroner") refine the code. */
const CURRENCY_WORDS: Record<string, string> = {
  dollar: 'USD',
  dollars: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  sterling: 'GBP',
  ruble: 'RUB',
  rubles: 'RUB',
  rouble: 'RUB',
  roubles: 'RUB',
  hryvnia: 'UAH',
  hryvnias: 'UAH',
  hryvnas: 'UAH',
  yuan: 'CNY',
  renminbi: 'CNY',
  yen: 'JPY',
  rupee: 'INR',
  rupees: 'INR',
  franc: 'CHF',
  francs: 'CHF',
  zloty: 'PLN',
  zlotys: 'PLN',
  kroner: 'NOK',
  krone: 'NOK',
  kronor: 'SEK',
  krona: 'SEK',
};
const CURRENCY_ADJECTIVES: Record<string, Record<string, string>> = {
  danish: { kroner: 'DKK', krone: 'DKK' },
  swedish: { kronor: 'SEK', krona: 'SEK' },
  norwegian: { kroner: 'NOK', krone: 'NOK' },
  canadian: { dollar: 'CAD', dollars: 'CAD' },
  australian: { dollar: 'AUD', dollars: 'AUD' },
  swiss: { franc: 'CHF', francs: 'CHF' },
  us: { dollar: 'USD', dollars: 'USD' },
};

/** Measurement units after a number: word sequences (lower case) and what they are written as. */
const MEASURES: [string[], string][] = [
  [['square', 'kilometers'], 'km²'],
  [['square', 'kilometres'], 'km²'],
  [['square', 'kilometer'], 'km²'],
  [['square', 'kilometre'], 'km²'],
  [['sq', 'km'], 'km²'],
  [['sq', '.', 'km'], 'km²'],
  [['km', '²'], 'km²'],
  [['km', '2'], 'km²'],
  [['square', 'miles'], 'mi²'],
  [['square', 'mile'], 'mi²'],
  [['sq', 'mi'], 'mi²'],
  [['square', 'meters'], 'm²'],
  [['square', 'metres'], 'm²'],
  [['hectares'], 'ha'],
  [['hectare'], 'ha'],
  [['kilometers'], 'km'],
  [['kilometres'], 'km'],
  [['kilometer'], 'km'],
  [['kilometre'], 'km'],
  [['km'], 'km'],
  [['miles'], 'mi'],
  [['mile'], 'mi'],
  [['meters'], 'm'],
  [['metres'], 'm'],
  [['meter'], 'm'],
  [['metre'], 'm'],
  [['tonnes'], 't'],
  [['tons'], 't'],
  [['tonne'], 't'],
  [['ton'], 't'],
  [['kilograms'], 'kg'],
  [['kg'], 'kg'],
  [['barrels', 'per', 'day'], 'bbl/d'],
  [['barrels', 'a', 'day'], 'bbl/d'],
  [['barrels'], 'bbl'],
  [['bpd'], 'bbl/d'],
  [['percentage', 'points'], 'pp'],
  [['percentage', 'point'], 'pp'],
  [['per', 'cent'], '%'],
  [['percent'], '%'],
  [['pct'], '%'],
  [['%'], '%'],
];

const MONTHS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);
const ORDINAL_SUFFIXES = new Set(['st', 'nd', 'rd', 'th']);
const MINUS = new Set(['-', '−', '–']);

interface Candidate extends Figure {
  /** Has a currency, a unit or a scale word: a figure rather than a bare count or label. */
  salient: boolean;
}

const isNumberWord = (w: string): boolean => w in ONES || w in TENS || w === 'hundred' || w in SCALES;

/**
 * Reads a run of number words from token `i` ("twenty-five", "three hundred and fifty
 * thousand", "half a million", "a million", "two and a half billion").
 */
function readNumberWords(
  toks: Token[],
  i: number,
): { value: number; next: number; words: number } | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  let words = 0;
  let k = i;
  let last = '';
  const peek = (j: number): string => (toks[j]?.kind === 'word' ? toks[j]!.lower : '');
  // "half a million", "a million", "a hundred"
  if (peek(k) === 'half' && (peek(k + 1) === 'a' || peek(k + 1) === 'an') && SCALES[peek(k + 2)]) {
    return { value: 0.5 * SCALES[peek(k + 2)]!, next: k + 3, words: 3 };
  }
  if ((peek(k) === 'a' || peek(k) === 'an') && (peek(k + 1) === 'hundred' || SCALES[peek(k + 1)])) {
    current = 1;
    seen = true;
    k++;
    last = 'a';
  }
  for (; k < toks.length; k++) {
    const t = toks[k]!;
    const w = t.kind === 'word' ? t.lower : '';
    if (
      w in ONES &&
      (last === '' || last === 'tens' || last === 'and' || last === 'scale' || last === 'hundred')
    ) {
      current += ONES[w]!;
      last = 'ones';
    } else if (w in TENS && (last === '' || last === 'and' || last === 'scale' || last === 'hundred')) {
      current += TENS[w]!;
      last = 'tens';
    } else if (w === 'hundred' && seen && last !== 'hundred') {
      current = (current || 1) * 100;
      last = 'hundred';
    } else if (w in SCALES && seen && last !== 'and') {
      total += (current || 1) * SCALES[w]!;
      current = 0;
      last = 'scale';
    } else if (
      t.kind === 'sym' &&
      t.text === '-' &&
      last === 'tens' &&
      peek(k + 1) in ONES &&
      toks[k + 1]!.start === t.end
    ) {
      continue;
    } else if (w === 'and' && seen && peek(k + 1) === 'a' && peek(k + 2) === 'half') {
      current += 0.5;
      k += 2;
      last = 'tens';
      words += 3;
      continue;
    } else if (w === 'and' && seen && (last === 'hundred' || last === 'scale') && isNumberWord(peek(k + 1))) {
      last = 'and';
    } else break;
    seen = true;
    words++;
  }
  if (!seen) return undefined;
  return { value: total + current, next: k, words };
}

/** The unit written after a number (from token `i`), if any. */
function readUnit(toks: Token[], i: number): { unit: string; next: number } | undefined {
  const t = toks[i];
  if (!t) return undefined;
  const adjective = CURRENCY_ADJECTIVES[t.lower];
  const noun = toks[i + 1]?.lower;
  if (adjective && noun && adjective[noun]) return { unit: adjective[noun], next: i + 2 };
  if (t.kind === 'word' && CURRENCY_WORDS[t.lower]) return { unit: CURRENCY_WORDS[t.lower]!, next: i + 1 };
  if (t.kind === 'word' && CURRENCY_CODES.has(t.text)) return { unit: t.text, next: i + 1 };
  for (const [seq, unit] of MEASURES) {
    if (seq.every((w, j) => toks[i + j]?.lower === w)) {
      // "2" in "km2" counts only when written tight against "km".
      if (seq[1] === '2' && toks[i + 1]!.start !== t.end) continue;
      return { unit, next: i + seq.length };
    }
  }
  return undefined;
}

/** Reads the currency written before a number from token `i` ("$", "US$", "€", "USD"). */
function readCurrency(toks: Token[], i: number): { unit: string; next: number } | undefined {
  const t = toks[i];
  if (!t) return undefined;
  if (t.kind === 'sym' && CURRENCY_SYMBOLS[t.text]) return { unit: CURRENCY_SYMBOLS[t.text]!, next: i + 1 };
  const dollar = toks[i + 1];
  if (
    t.kind === 'word' &&
    DOLLAR_PREFIXES[t.lower] &&
    dollar?.text === '$' &&
    dollar.start === t.end &&
    t.text === t.text.toUpperCase()
  ) {
    return { unit: DOLLAR_PREFIXES[t.lower]!, next: i + 2 };
  }
  if (t.kind === 'word' && CURRENCY_CODES.has(t.text) && toks[i + 1]?.kind === 'num')
    return { unit: t.text, next: i + 1 };
  return undefined;
}

const parseDigits = (s: string): number => Number(s.replace(/[,\u00a0\u202f]/gu, ''));
/** value × scale without binary noise (1.2 × 1e9 is 1 200 000 000, not 1 200 000 000.0000002). */
const scaled = (value: number, scale: number): number => Number((value * scale).toPrecision(12));

/** Denominators of fractions written in words ("one-fifth", "two-thirds", "three-quarters"). */
const FRACTIONS: Record<string, number> = {
  half: 2,
  halves: 2,
  third: 3,
  thirds: 3,
  quarter: 4,
  quarters: 4,
  fourth: 4,
  fourths: 4,
  fifth: 5,
  fifths: 5,
  sixth: 6,
  sixths: 6,
  seventh: 7,
  sevenths: 7,
  eighth: 8,
  eighths: 8,
  ninth: 9,
  ninths: 9,
  tenth: 10,
  tenths: 10,
};

/** A hyphenated fraction in words from token `i` ("one-fifth" → 0.2, "two-thirds" → 0.667). */
function readFraction(toks: Token[], i: number): { value: number; next: number } | undefined {
  const n = toks[i];
  const dash = toks[i + 1];
  const d = toks[i + 2];
  if (!n || !dash || !d || n.kind !== 'word' || !(n.lower in ONES) || ONES[n.lower] === 0) return undefined;
  if (dash.text !== '-' || dash.start !== n.end || d.start !== dash.end || !(d.lower in FRACTIONS))
    return undefined;
  return { value: Number((ONES[n.lower]! / FRACTIONS[d.lower]!).toPrecision(12)), next: i + 3 };
}

/** Tries to read a figure starting at token `i`. */
function readFigure(s: string, toks: Token[], i: number): { figure: Candidate; next: number } | undefined {
  let k = i;
  let negative = false;
  const t0 = toks[k]!;
  if (t0.kind === 'word' && t0.lower === 'minus') {
    negative = true;
    k++;
  } else if (t0.kind === 'sym' && MINUS.has(t0.text)) {
    // A sign, not a hyphen: nothing word-like glued before it ("F-16", "COVID-19", "2022-2025").
    const before = s[t0.start - 1];
    if (before && /[\p{L}\p{N}]/u.test(before)) return undefined;
    negative = true;
    k++;
  }
  const currency = readCurrency(toks, k);
  if (currency) k = currency.next;
  // "-$5 million" and "$-5 million" are both seen.
  if (!negative && toks[k]?.kind === 'sym' && MINUS.has(toks[k]!.text) && currency) {
    negative = true;
    k++;
  }
  const t = toks[k];
  if (!t) return undefined;
  let value: number;
  let fromWords = false;
  let wordCount = 0;
  if (t.kind === 'num') {
    // Glued to letters: a model or code ("F-16", "G7", "Su-34"), an ordinal ("25th") or a footnote.
    const before = s[t.start - 1];
    if (before && /\p{L}/u.test(before)) return undefined;
    if (before === '-' && /\p{L}/u.test(s[t.start - 2] ?? '')) return undefined;
    const after = toks[k + 1];
    if (after && after.start === t.end && after.kind === 'word' && ORDINAL_SUFFIXES.has(after.lower))
      return undefined;
    if (toks[k - 1]?.text === '[' && after?.text === ']') return undefined;
    value = parseDigits(t.text);
    k++;
  } else {
    const fraction = readFraction(toks, k);
    if (fraction) return { figure: { value: fraction.value, unit: '', salient: true }, next: fraction.next };
    const words = readNumberWords(toks, k);
    if (!words) return undefined;
    value = words.value;
    fromWords = true;
    wordCount = words.words;
    k = words.next;
  }
  let scale = 1;
  const next = toks[k];
  if (next?.kind === 'word') {
    if (!fromWords && SCALES[next.lower]) scale = SCALES[next.lower]!;
    else if (SCALE_ABBR[next.lower]) scale = SCALE_ABBR[next.lower]!;
    else if (currency && SCALE_LETTER[next.lower] && next.start === toks[k - 1]!.end)
      scale = SCALE_LETTER[next.lower]!;
    else if (
      currency &&
      SCALE_LETTER[next.lower] &&
      next.text.length === 1 &&
      !/\p{L}/u.test(s[next.end] ?? '')
    )
      scale = SCALE_LETTER[next.lower]!;
    else if (
      !currency &&
      (next.lower === 'm' || next.lower === 'k') &&
      next.start === toks[k - 1]!.end &&
      toks[k + 1]?.kind === 'word' &&
      /^(?:people|children|men|women|\p{Ll}+s)$/u.test(toks[k + 1]!.text) &&
      !/^(?:years|months|weeks|days|hours|minutes|seconds|metres|meters|miles|kilometres|kilometers|inches|feet|yards)$/u.test(
        toks[k + 1]!.lower,
      )
    )
      // "1.5m people", "10k troops": a count in millions or thousands (metres and the like aside).
      scale = SCALE_LETTER[next.lower]!;
    if (scale !== 1) {
      k++;
      // "1.5 million and a half" is rare; "2 hundred thousand" rarer: one scale word only.
    }
  }
  let unit = currency?.unit ?? '';
  const after = readUnit(toks, k);
  if (after && (!currency || after.unit === currency.unit)) {
    unit = after.unit;
    k = after.next;
  }
  if (!currency && !after && scale === 1) {
    // Bare number words: "one" and "a" are mostly pronouns and articles ("one source said").
    if (fromWords && wordCount === 1 && (value === 1 || value === 0)) return undefined;
    if (!fromWords && Number.isInteger(value) && !/[,.]/u.test(t.text)) {
      // A year ("in 2022") or the day of a date ("June 25", "25 June").
      if (value >= 1800 && value <= 2100 && t.text.length === 4) return undefined;
      const prev = toks[i - 1];
      const following = toks[k];
      if (
        value >= 1 &&
        value <= 31 &&
        ((prev && MONTHS.has(prev.lower)) || (following && MONTHS.has(following.lower)))
      ) {
        return undefined;
      }
    }
  }
  const figure: Candidate = {
    value: scaled(negative ? -value : value, scale),
    unit,
    // Number words that include a scale ("half a million") are as salient as "500,000" with one.
    salient: unit !== '' || scale !== 1 || (fromWords && value >= 1000),
  };
  return { figure, next: k };
}

/**
 * Reads the figure a passage states, for a `figure` annotation.
 *
 * Understands digits with thousands separators and decimals ("80,000", "1.2", "-3.5"), number
 * words ("five", "twenty-five", "three hundred and fifty thousand", "half a million", "a
 * million"), fractions in words ("one-fifth" → 0.2, "two-thirds"), scale words and abbreviations ("13 million", "€5bn", "£3.5m", "2.3 mln"),
 * currencies before ("$", "US$", "€", "£", "₽", "₴", "USD") or after ("euros", "Danish kroner")
 * the number, percentages ("5%", "five percent", "per cent"), and measurement units.
 *
 * The unit is decided as follows: an ISO 4217 currency code (`USD`, `EUR`, …); `%` for a
 * percentage; `pp` for percentage points; a measurement unit (`km²` for "square kilometers",
 * `km`, `mi`, `t`, `bbl`, …); otherwise `''`. A counted noun is not a unit: "80,000
 * killed-in-action" is `{value: 80000, unit: ''}`, since the noun phrase is open-ended and stays
 * readable in the passage itself.
 *
 * Salience: years ("in 2022"), days of dates ("June 25"), footnote markers ("[7]"), ordinals
 * ("25th"), designations ("F-16", "G7") and a lone "one" or "a" are skipped; among the rest, the
 * first figure with a currency, unit or scale wins, else the first plain number.
 *
 * @param passage - The annotated text.
 * @returns The figure, or null when the passage states none.
 */
export function parseFigure(passage: string): Figure | null {
  const toks = tokenize(passage);
  let plain: Candidate | undefined;
  for (let i = 0; i < toks.length;) {
    const found = readFigure(passage, toks, i);
    if (!found) {
      i++;
      continue;
    }
    if (found.figure.salient) return { value: found.figure.value, unit: found.figure.unit };
    plain ??= found.figure;
    i = Math.max(found.next, i + 1);
  }
  return plain ? { value: plain.value, unit: plain.unit } : null;
}

/** A figure found in a longer text, with its offsets. */
export interface FoundFigure extends Figure {
  start: number;
  end: number;
  /** Has a currency, a unit or a scale word (else a plain count such as "2,500" or "five"). */
  salient: boolean;
}

/**
 * Every figure of `text`, in order, read by the same rules as {@link parseFigure} (years, days
 * of dates, footnote markers, ordinals, designations and a lone "one" skipped).
 *
 * @returns Each figure with its UTF-16 offsets: from the sign or currency to the last token of
 *   the number, scale or unit ("$13 million", "1,415 square kilometers", "five percent").
 */
export function scanFigures(text: string): FoundFigure[] {
  const toks = tokenize(text);
  const out: FoundFigure[] = [];
  for (let i = 0; i < toks.length;) {
    const found = readFigure(text, toks, i);
    if (!found) {
      i++;
      continue;
    }
    const { value, unit, salient } = found.figure;
    out.push({ start: toks[i]!.start, end: toks[found.next - 1]!.end, value, unit, salient });
    i = Math.max(found.next, i + 1);
  }
  return out;
}
