import { completeName, speechCues, type SpeechCue } from '../annotate/attribution';
import type { Analysis, NlpSpan } from './nlp';

/** A sentence of the article, with its quotations and attribution cues. */
export interface Sentence {
  start: number;
  /** End without trailing footnote markers ("[12]") and spaces. */
  end: number;
  /** Index of the paragraph (line) it is in. */
  paragraph: number;
  cues: SpeechCue[];
}

/** Quoted stretches: “…” and "…" within one paragraph, with their marks. */
export interface QuoteMark {
  start: number;
  end: number;
  /** The words inside the marks. */
  inner: string;
}

export interface Context {
  analysis: Analysis;
  text: string;
  sentences: Sentence[];
  quotes: QuoteMark[];
  publisher: Set<string>;
}

const FOOTNOTES = /(?:\s*\[\d+(?:[-–,]\s*\d+)*\])+\s*$/u;

/** Cuts a sentence at line breaks (wink joins a heading to the line after it) and trims it. */
function sentenceRanges(text: string, s: NlpSpan): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let from = s.start;
  for (const part of text.slice(s.start, s.end).split('\n')) {
    const lead = part.length - part.trimStart().length;
    const body = part
      .trim()
      .replace(/^[•▪◦‣∙·*-]\s*/u, '')
      .replace(/^(?:\[\d+\]\s*)+/u, '');
    const start = from + part.indexOf(body, lead);
    let end = start + body.length;
    const foot = FOOTNOTES.exec(text.slice(start, end));
    if (foot) end -= foot[0].length;
    if (end > start) out.push({ start, end });
    from += part.length + 1;
  }
  return out;
}

/** Initials of the capitalised words of a name ("Institute for the Study of War" → "ISW"). */
function acronym(name: string): string {
  return name
    .split(/\s+/u)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('');
}

/** Sentences, quotations and cues of an analysed article, computed once for every detector. */
export function buildContext(analysis: Analysis, publisher: string | undefined): Context {
  const { text } = analysis;
  const lineStarts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const paragraphOf = (at: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const quotes: QuoteMark[] = [];
  for (const m of text.matchAll(/“([^”\n]+)”|"([^"\n]+)"/gu)) {
    quotes.push({ start: m.index, end: m.index + m[0].length, inner: (m[1] ?? m[2]!).trim() });
  }
  let q = 0;
  const sentences: Sentence[] = analysis.sentences.flatMap((s) =>
    sentenceRanges(text, s).map((r) => {
      // A sentence that starts inside a quotation ("… thousands," Mr Obama said.): its cues are
      // looked for after the closing mark, where the quotation's own words end.
      while (q < quotes.length && quotes[q]!.end <= r.start) q++;
      const open = quotes[q];
      const from = open && open.start < r.start && open.end < r.end ? open.end : r.start;
      return { ...r, paragraph: paragraphOf(r.start), cues: speechCues(text, from, r.end) };
    }),
  );
  const names = new Set<string>();
  if (publisher?.trim()) {
    names.add(publisher.trim().toLowerCase());
    const short = acronym(publisher);
    if (short.length >= 2) names.add(short.toLowerCase());
  }
  return { analysis, text, sentences, quotes, publisher: names };
}

/** The index of the sentence that contains offset `at` (or the one after it), -1 past the end. */
export function sentenceAt(ctx: Context, at: number): number {
  let lo = 0;
  let hi = ctx.sentences.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ctx.sentences[mid]!.end > at) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

/** How many sentences back "he" or "she" may look for the person it stands for. */
const PRONOUN_REACH = 30;

/** Offices after which a name follows ("President Barack Obama"), for "the president said". */
const ROLES = new Set(
  (
    'president minister chancellor secretary spokesperson spokesman spokeswoman general premier ' +
    'governor senator ambassador envoy mayor king queen pope prince commander chairman chairwoman ' +
    'director chief'
  ).split(' '),
);

/** "the president" → the name the text gave the president before `before`, if it did. */
function roleHolder(text: string, role: string, before: number): string | undefined {
  const title = role[0]!.toUpperCase() + role.slice(1);
  const re = new RegExp(
    `\\b${title}\\s+((?:\\p{Lu}[\\p{L}\\p{M}'’.-]*\\s+){0,2}\\p{Lu}[\\p{L}\\p{M}'’-]+)`,
    'gu',
  );
  let found: string | undefined;
  for (const m of text.slice(0, before).matchAll(re)) found = m[1];
  return found?.replace(/^(?:Mr|Mrs|Ms|Dr)\.?\s+/u, '').replace(/['’]s$/u, '');
}

/**
 * Who a cue names, in full: a surname completed from the text, "the president" resolved to the
 * president the text named, "he" / "she" / "they" resolved to the last named speaker of the 30
 * sentences before; '' when a pronoun has no named speaker to refer to (never a guess).
 */
export function speakerOf(ctx: Context, cue: SpeechCue, sentence: number): string {
  if (!cue.pronoun) {
    if (ROLES.has(cue.who.toLowerCase())) {
      const name = roleHolder(ctx.text, cue.who.toLowerCase(), cue.at);
      if (name) return completeName(ctx.text, name, cue.at);
    }
    return completeName(ctx.text, cue.who, cue.at);
  }
  for (let k = sentence; k >= Math.max(0, sentence - PRONOUN_REACH); k--) {
    const s = ctx.sentences[k]!;
    const named = s.cues.filter((c) => !c.pronoun && c.at < cue.at);
    const last = named[named.length - 1];
    if (last) return speakerOf(ctx, last, k);
  }
  return '';
}

/** Whether a speaker is the article's own publisher (its name or its acronym). */
export function isPublisher(ctx: Context, who: string): boolean {
  return ctx.publisher.has(who.toLowerCase());
}

/** Whether `at` lies inside a quotation (between its marks). */
export function inQuote(ctx: Context, at: number): boolean {
  return ctx.quotes.some((q) => at > q.start && at < q.end - 1);
}
