import search from 'approx-string-match';
import type { Selector, TextPositionSelector, TextQuoteSelector } from '../model';

/**
 * How an annotation was found in the current text:
 * - `exact`: the stored position still holds the quoted text (or, with no position selector,
 *   the quote occurs verbatim);
 * - `moved`: the quote occurs verbatim elsewhere, or at a place that differs from it only in
 *   whitespace (runs of spaces, line wraps);
 * - `fuzzy`: an approximate match of the quote, good enough by quote, context and position;
 * - `orphan`: not found.
 */
export type AnchorStatus = 'exact' | 'moved' | 'fuzzy' | 'orphan';

/** Where {@link anchor} found an annotation: a UTF-16 range `[start, end)` into the text. */
export interface AnchorResult {
  status: AnchorStatus;
  /**
   * Start of the range. For an orphan, `start === end`: the stored position (clamped to the
   * text), or 0 without one, so that a caller can say where the passage used to be.
   */
  start: number;
  end: number;
  /**
   * Quality of the match, 0–1 (1: the quote and its whole context match). Set for `moved`
   * and `fuzzy` results; for `exact` results it is 1.
   */
  score?: number;
}

/** Tuning of {@link anchor} and {@link anchorMany}. */
export interface AnchorOptions {
  /**
   * Error budget of the fuzzy match, as a fraction of the quote's length: at most
   * `floor(length × maxErrorRatio)` insertions, deletions or substitutions. Default
   * {@link DEFAULT_MAX_ERROR_RATIO} (a quarter: one edit per four characters, which survives a
   * rewritten word or two in a sentence but not a different sentence of the same shape).
   */
  maxErrorRatio?: number;
  /**
   * The lowest combined score (see {@link MATCH_WEIGHTS}) a fuzzy match needs to be accepted.
   * Default {@link DEFAULT_MIN_FUZZY_SCORE}.
   */
  minFuzzyScore?: number;
  /** Set to false to skip the fuzzy stage (a quote not found verbatim is then an orphan). */
  fuzzy?: boolean;
}

/** Default {@link AnchorOptions.maxErrorRatio}. */
export const DEFAULT_MAX_ERROR_RATIO = 0.25;
/**
 * Default {@link AnchorOptions.minFuzzyScore}: a quote at the error limit (quote score 0.75)
 * needs some support from its context or position; a near-perfect quote is accepted alone.
 */
export const DEFAULT_MIN_FUZZY_SCORE = 0.55;

/**
 * Weights of the combined match score, after the Hypothesis client's `match-quote`: the quote
 * itself dominates, its prefix and suffix break ties between candidates and reject matches
 * whose surroundings are wrong, and nearness to the old position breaks the remaining ties.
 */
export const MATCH_WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 } as const;
const WEIGHT_SUM = MATCH_WEIGHTS.quote + MATCH_WEIGHTS.prefix + MATCH_WEIGHTS.suffix + MATCH_WEIGHTS.position;

/**
 * One text prepared for anchoring many annotations: the whitespace-collapsed copy used by the
 * whitespace-tolerant stage is built lazily, once per text (see {@link anchorMany}).
 */
class TextIndex {
  private normalised: { text: string; map: Int32Array } | undefined;

  constructor(readonly text: string) {}

  /** The text with each run of whitespace collapsed to one space, and each character's origin. */
  get collapsed(): { text: string; map: Int32Array } {
    if (!this.normalised) this.normalised = collapseWhitespace(this.text);
    return this.normalised;
  }
}

const WHITESPACE = /\s/u;

function collapseWhitespace(text: string): { text: string; map: Int32Array } {
  const map = new Int32Array(text.length + 1);
  let out = '';
  let n = 0;
  let inSpace = false;
  let chunkStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (WHITESPACE.test(text[i]!)) {
      if (!inSpace) {
        out += text.slice(chunkStart, i) + ' ';
        map[n++] = i;
        inSpace = true;
      }
      chunkStart = i + 1;
    } else {
      if (inSpace) inSpace = false;
      map[n++] = i;
    }
  }
  out += text.slice(chunkStart);
  map[n] = text.length;
  return { text: out, map: map.subarray(0, n + 1) };
}

const collapse = (s: string): string => s.replace(/\s+/gu, ' ');

/** 1 − (edit distance of `pattern` to its best match inside `window`) / pattern length. */
function similarity(pattern: string, window: string): number {
  if (pattern.length === 0) return window.length === 0 ? 1 : 0.5;
  if (window.length === 0) return 0;
  if (window.includes(pattern)) return 1;
  const matches = search(window, pattern, pattern.length);
  const errors = matches.length ? Math.min(...matches.map((m) => m.errors)) : pattern.length;
  return Math.max(0, 1 - errors / pattern.length);
}

interface Candidate {
  start: number;
  end: number;
  /** Similarity of the quote, 0–1. */
  quote: number;
}

interface Scored extends Candidate {
  score: number;
}

/** Scores a candidate by quote, context and position ({@link MATCH_WEIGHTS}). */
function scoreCandidate(text: string, q: TextQuoteSelector, c: Candidate, hint: number | undefined): number {
  const pSlack = Math.ceil(q.prefix.length / 4);
  const sSlack = Math.ceil(q.suffix.length / 4);
  const before = text.slice(Math.max(0, c.start - q.prefix.length - pSlack), c.start);
  const after = text.slice(c.end, c.end + q.suffix.length + sSlack);
  const prefix = text.endsWith(q.prefix, c.start) ? 1 : similarity(q.prefix, before);
  const suffix = text.startsWith(q.suffix, c.end) ? 1 : similarity(q.suffix, after);
  const position =
    hint === undefined ? 1 : 1 - Math.min(1, Math.abs(c.start - hint) / Math.max(1, text.length));
  return (
    (MATCH_WEIGHTS.quote * c.quote +
      MATCH_WEIGHTS.prefix * prefix +
      MATCH_WEIGHTS.suffix * suffix +
      MATCH_WEIGHTS.position * position) /
    WEIGHT_SUM
  );
}

function best(text: string, q: TextQuoteSelector, candidates: Candidate[], hint: number | undefined): Scored {
  let top: Scored | undefined;
  for (const c of candidates) {
    const score = scoreCandidate(text, q, c, hint);
    const nearer = top && hint !== undefined && Math.abs(c.start - hint) < Math.abs(top.start - hint);
    if (!top || score > top.score || (score === top.score && nearer)) top = { ...c, score };
  }
  return top!;
}

/** Every verbatim occurrence of `exact` in `text`. */
function occurrences(text: string, exact: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) out.push(i);
  return out;
}

/** How far from the old position the local searches look first (UTF-16 units, each way). */
const NEAR = 4096;

const perfectContext = (text: string, q: TextQuoteSelector, start: number, end: number): boolean =>
  text.endsWith(q.prefix, start) && text.startsWith(q.suffix, end);

/**
 * The verbatim occurrence nearest to `hint` whose prefix and suffix match exactly, searched only
 * within {@link NEAR} of it. This is what the full search would choose (a perfect occurrence
 * further away cannot be nearer), at the cost of scanning a window instead of the whole text.
 */
function nearbyPerfect(text: string, q: TextQuoteSelector, hint: number): Scored | undefined {
  const from = Math.max(0, hint - NEAR);
  const to = Math.min(text.length, hint + NEAR + q.exact.length);
  let found: number | undefined;
  for (
    let i = text.indexOf(q.exact, from);
    i !== -1 && i + q.exact.length <= to;
    i = text.indexOf(q.exact, i + 1)
  ) {
    if (!perfectContext(text, q, i, i + q.exact.length)) continue;
    if (found === undefined || Math.abs(i - hint) < Math.abs(found - hint)) found = i;
    else break;
  }
  if (found === undefined) return undefined;
  const c = { start: found, end: found + q.exact.length, quote: 1 };
  return { ...c, score: scoreCandidate(text, q, c, hint) };
}

/** Among verbatim occurrences: the nearest whose context matches exactly, else the best scored. */
function chooseOccurrence(
  text: string,
  q: TextQuoteSelector,
  starts: number[],
  hint: number | undefined,
): Scored {
  const len = q.exact.length;
  if (starts.length === 1) {
    const c = { start: starts[0]!, end: starts[0]! + len, quote: 1 };
    return { ...c, score: scoreCandidate(text, q, c, hint) };
  }
  let perfect: number | undefined;
  for (const s of starts) {
    if (perfectContext(text, q, s, s + len)) {
      if (perfect === undefined || (hint !== undefined && Math.abs(s - hint) < Math.abs(perfect - hint)))
        perfect = s;
    }
  }
  if (perfect !== undefined) {
    const c = { start: perfect, end: perfect + len, quote: 1 };
    return { ...c, score: scoreCandidate(text, q, c, hint) };
  }
  return best(
    text,
    q,
    starts.map((s) => ({ start: s, end: s + len, quote: 1 })),
    hint,
  );
}

/** The same search on the whitespace-collapsed text, mapped back to original offsets. */
function whitespaceTolerant(
  index: TextIndex,
  q: TextQuoteSelector,
  hint: number | undefined,
): Scored | undefined {
  const needle = collapse(q.exact);
  if (!/\S/u.test(needle)) return undefined;
  const { text: flat, map } = index.collapsed;
  const starts = occurrences(flat, needle);
  if (starts.length === 0) return undefined;
  const candidates = starts.map((s) => {
    const last = s + needle.length - 1;
    return { start: map[s]!, end: map[last]! + 1, quote: 1 };
  });
  return best(index.text, q, candidates, hint);
}

function fuzzy(
  index: TextIndex,
  q: TextQuoteSelector,
  hint: number | undefined,
  opts: AnchorOptions,
): Scored | undefined {
  const ratio = opts.maxErrorRatio ?? DEFAULT_MAX_ERROR_RATIO;
  const maxErrors = Math.floor(q.exact.length * ratio);
  if (maxErrors < 1) return undefined;
  const text = index.text;
  const matchesIn = (from: number, to: number): Scored | undefined => {
    const matches = search(text.slice(from, to), q.exact, maxErrors);
    if (matches.length === 0) return undefined;
    const candidates = matches.map((m) => ({
      start: from + m.start,
      end: from + m.end,
      quote: Math.max(0, 1 - m.errors / q.exact.length),
    }));
    return snapToContext(text, q, best(text, q, candidates, hint), maxErrors, hint);
  };
  let top: Scored | undefined;
  if (hint !== undefined && text.length > 2 * (NEAR + q.exact.length)) {
    // Most edits are local: a match near the old position with its whole context intact is
    // taken without scanning the rest of the text.
    const local = matchesIn(
      Math.max(0, hint - NEAR),
      Math.min(text.length, hint + NEAR + q.exact.length + maxErrors),
    );
    if (local && perfectContext(text, q, local.start, local.end)) top = local;
  }
  top ??= matchesIn(0, text.length);
  return top && top.score >= (opts.minFuzzyScore ?? DEFAULT_MIN_FUZZY_SCORE) ? top : undefined;
}

/**
 * Moves the edges of a fuzzy match to where the stored prefix ends and the suffix begins, when
 * either occurs verbatim within the error budget of the edge. Edit distance alone cannot tell
 * "Rubio stated [on Wednesday] that…" (an insertion) from a match that starts a few characters
 * late and swaps "Rubio stated" for "Wednesday" (as cheap or cheaper); the context can.
 */
function snapToContext(
  text: string,
  q: TextQuoteSelector,
  m: Scored,
  slack: number,
  hint: number | undefined,
): Scored {
  let { start, end } = m;
  if (q.prefix.length) {
    const from = Math.max(0, start - slack - q.prefix.length);
    const i = text.slice(from, Math.min(end, start + slack)).lastIndexOf(q.prefix);
    if (i !== -1) start = from + i + q.prefix.length;
  }
  if (q.suffix.length) {
    const from = Math.max(start, end - slack);
    const i = text.slice(from, end + slack + q.suffix.length).indexOf(q.suffix);
    if (i !== -1) end = from + i;
  }
  if (start === m.start && end === m.end) return m;
  if (end <= start) return m;
  const c = { start, end, quote: similarity(q.exact, text.slice(start, end)) };
  const score = scoreCandidate(text, q, c, hint);
  return score >= m.score ? { ...c, score } : m;
}

function anchorIn(index: TextIndex, selectors: readonly Selector[], opts: AnchorOptions): AnchorResult {
  const text = index.text;
  const pos = selectors.find((s): s is TextPositionSelector & Selector => s.type === 'TextPositionSelector');
  const q = selectors.find((s): s is TextQuoteSelector & Selector => s.type === 'TextQuoteSelector');
  const hint = pos ? Math.min(Math.max(0, pos.start), text.length) : undefined;
  const orphan: AnchorResult = { status: 'orphan', start: hint ?? 0, end: hint ?? 0 };
  if (!q || q.exact.length === 0) return orphan;
  if (pos && pos.end - pos.start === q.exact.length && text.startsWith(q.exact, pos.start)) {
    return { status: 'exact', start: pos.start, end: pos.end, score: 1 };
  }
  const near = hint === undefined ? undefined : nearbyPerfect(text, q, hint);
  if (near) return { status: 'moved', start: near.start, end: near.end, score: near.score };
  const starts = occurrences(text, q.exact);
  if (starts.length) {
    const c = chooseOccurrence(text, q, starts, hint);
    return { status: pos ? 'moved' : 'exact', start: c.start, end: c.end, score: pos ? c.score : 1 };
  }
  const spaced = whitespaceTolerant(index, q, hint);
  if (spaced) return { status: 'moved', start: spaced.start, end: spaced.end, score: spaced.score };
  if (opts.fuzzy === false) return orphan;
  const approx = fuzzy(index, q, hint, opts);
  if (approx) return { status: 'fuzzy', start: approx.start, end: approx.end, score: approx.score };
  return orphan;
}

/**
 * Finds the passage an annotation's selectors describe in `text` (which may have changed since
 * the annotation was made), in the order the Hypothesis client uses:
 *
 * 1. the position selector, accepted only if the text there still equals the quote (`exact`);
 * 2. verbatim occurrences of the quote; with several, the one whose prefix and suffix match
 *    best, then the nearest to the old position (`moved`);
 * 3. the same, ignoring differences in whitespace (`moved`);
 * 4. an approximate match (`approx-string-match`, Myers' bit-parallel algorithm) within the
 *    error budget of {@link AnchorOptions.maxErrorRatio}, scored by quote, prefix, suffix and
 *    position ({@link MATCH_WEIGHTS}) and accepted above {@link AnchorOptions.minFuzzyScore}
 *    (`fuzzy`);
 * 5. otherwise `orphan`.
 *
 * Offsets are UTF-16 code units, as {@link describe} writes them. An annotation without a quote
 * selector is an orphan: a bare position cannot be checked.
 *
 * @param text - The current article text.
 * @param selectors - The annotation's selectors (as stored: position and/or quote).
 * @param opts - Tuning of the fuzzy stage.
 */
export function anchor(text: string, selectors: readonly Selector[], opts: AnchorOptions = {}): AnchorResult {
  return anchorIn(new TextIndex(text), selectors, opts);
}

/**
 * {@link anchor} for all the annotations of one text, sharing the per-text work (the
 * whitespace-collapsed copy of the text is built at most once, not per annotation). Exact
 * anchors cost one string comparison each.
 *
 * @param text - The current article text.
 * @param annotations - Anything with `selectors` (annotations, or bare `{selectors}` objects).
 * @returns One result per annotation, in the same order.
 */
export function anchorMany(
  text: string,
  annotations: readonly { selectors: readonly Selector[] }[],
  opts: AnchorOptions = {},
): AnchorResult[] {
  const index = new TextIndex(text);
  return annotations.map((a) => anchorIn(index, a.selectors, opts));
}
