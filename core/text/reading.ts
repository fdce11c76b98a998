/*
 * Caret movements and selections of the reader's keyboard, as pure offset arithmetic over an
 * article's text (UTF-16 offsets): by word, sentence and paragraph, the sentence or clause at
 * the caret, and a selection grown or shrunk by a word.
 */

export interface Span {
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+(?:['’.-][\p{L}\p{N}\p{M}]+)*|[$€£¥₽₴%]/gu;

/** The words of `text` between `from` and `to`. */
function wordsIn(text: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The start of the word after the one at `caret` (or `text.length`). */
export function nextWordStart(text: string, caret: number): number {
  const words = wordsIn(text, caret, Math.min(text.length, caret + 200));
  const next = words.find((w) => w.start > caret);
  return next ? next.start : text.length;
}

/** The start of the word before `caret` (or of the word the caret is inside), or 0. */
export function previousWordStart(text: string, caret: number): number {
  const from = Math.max(0, caret - 200);
  const words = wordsIn(text, from, caret);
  for (let i = words.length - 1; i >= 0; i--) if (words[i]!.start < caret) return words[i]!.start;
  return 0;
}

/** The index of the span that holds `at`, or the first after it; -1 past the last. */
export function spanIndexAt(spans: readonly Span[], at: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end > at) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

/** The start of the next (`+1`) or previous (`-1`) span from `caret` (sentences, paragraphs). */
export function stepSpan(spans: readonly Span[], caret: number, direction: 1 | -1): number | null {
  if (spans.length === 0) return null;
  if (direction > 0) {
    const next = spans.find((s) => s.start > caret);
    return next ? next.start : null;
  }
  for (let i = spans.length - 1; i >= 0; i--) if (spans[i]!.start < caret) return spans[i]!.start;
  return null;
}

/** The span (sentence) at the caret: the one holding it, or the next one. */
export function spanAt(spans: readonly Span[], caret: number): Span | null {
  const i = spanIndexAt(spans, caret);
  return i === -1 ? (spans[spans.length - 1] ?? null) : spans[i]!;
}

/**
 * The clause of `sentence` at the caret: the stretch between commas, semicolons, colons, dashes
 * or parentheses that holds it, trimmed of spaces and of its closing punctuation.
 */
export function clauseAt(text: string, sentence: Span, caret: number): Span {
  const cuts = [sentence.start];
  const body = text.slice(sentence.start, sentence.end);
  for (const m of body.matchAll(/[,;:()]\s*|\s[—–-]\s/gu)) cuts.push(sentence.start + m.index + m[0].length);
  cuts.push(sentence.end);
  let start = sentence.start;
  let end = sentence.end;
  for (let i = 0; i < cuts.length - 1; i++) {
    if (caret >= cuts[i]! && caret < cuts[i + 1]!) {
      start = cuts[i]!;
      end = cuts[i + 1]!;
    }
  }
  return trim(text, { start, end });
}

/** A span without the spaces and the trailing punctuation at its edges. */
export function trim(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /[\s,;:—–(-]/u.test(text[end - 1]!)) end--;
  return { start, end };
}

/** The selection grown by the next word at its end (from the caret when nothing is selected). */
export function extendByWord(text: string, selection: Span | null, caret: number): Span {
  const from = selection ? selection.end : caret;
  const next = wordsIn(text, from, Math.min(text.length, from + 200)).find((w) => w.end > from);
  const start = selection ? selection.start : (next?.start ?? caret);
  return { start, end: next ? next.end : (selection?.end ?? caret) };
}

/** The selection with its last word dropped, never less than its first word. */
export function shrinkByWord(text: string, selection: Span): Span {
  const words = wordsIn(text, selection.start, selection.end).filter((w) => w.end <= selection.end);
  if (words.length <= 1) return selection;
  return { start: selection.start, end: words[words.length - 2]!.end };
}
