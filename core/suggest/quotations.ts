import { type Context, sentenceAt, speakerOf } from './context';
import type { Suggestion } from './types';

/** Words just before a quotation that make it a term or a name ("the so-called “…”"). */
const TERM_INTRODUCERS =
  /(?:concept|notion|term|idea|slogan|label|phrase|word|words|so-called|dubbed|called|named|nicknamed|known as|codenamed|operation|hashtag|titled|entitled|headlined)\s*[(]?$/iu;
const WORDS = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

const normal = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Whether a quoted stretch is a term, a name or a title rather than someone's words: every word
 * capitalised (“Orion”, “Russkiy Mir”), introduced as a term ("the concept of “…”"), or quoted
 * again elsewhere in the article (a phrase the writer keeps using, “root causes”).
 */
function isTerm(ctx: Context, start: number, inner: string, repeats: Map<string, number>): boolean {
  const words = inner.match(WORDS) ?? [];
  if (words.length === 0) return true;
  if (words.every((w) => /^\p{Lu}/u.test(w)) && words.length <= 4) return true;
  const lead = ctx.text.slice(Math.max(0, start - 24), start);
  if (TERM_INTRODUCERS.test(lead.trimEnd())) return true;
  if (words.length <= 3 && (repeats.get(normal(inner)) ?? 0) > 1) return true;
  // "Russia’s “historical territories”", "the “root causes” of": a short phrase used as a noun.
  if (words.length <= 3 && /(?:['’]s|\b(?:the|its|their|his|her|of))\s*$/iu.test(lead)) return true;
  return false;
}

/**
 * Quotations: words in quotation marks that someone said or wrote, with the speaker named by
 * the sentence ("Putin stated: “…”", "“…,” one source said"); a later "Putin" or "he" is resolved
 * to the full name given earlier. A quotation that continues a speaker's words from the sentence
 * before keeps that speaker; with no speaker in sight the speaker is left empty.
 */
export function quotationSuggestions(ctx: Context): Suggestion[] {
  const repeats = new Map<string, number>();
  for (const q of ctx.quotes) repeats.set(normal(q.inner), (repeats.get(normal(q.inner)) ?? 0) + 1);
  const out: Suggestion[] = [];
  let previousSpeaker = '';
  let previousParagraph = -1;
  for (const q of ctx.quotes) {
    if (isTerm(ctx, q.start, q.inner, repeats)) continue;
    const index = sentenceAt(ctx, q.start);
    const sentence = ctx.sentences[index];
    let speaker = '';
    if (sentence) {
      // The nearest cue: one before the quotation in its sentence, else one after it.
      const before = sentence.cues.filter((c) => c.at < q.start);
      const after = sentence.cues.filter((c) => c.at >= q.end);
      const cue = before[before.length - 1] ?? after[0];
      if (cue) speaker = speakerOf(ctx, cue, index);
      else if (sentence.paragraph === previousParagraph) speaker = previousSpeaker;
      else {
        // "Putin said:" ending the sentence before, in the same or the previous paragraph.
        const prev = ctx.sentences[index - 1];
        const colon = prev && /:\s*$/u.test(ctx.text.slice(prev.start, sentence.start));
        const last = prev?.cues[prev.cues.length - 1];
        if (colon && last) speaker = speakerOf(ctx, last, index - 1);
      }
      previousParagraph = sentence.paragraph;
    }
    previousSpeaker = speaker;
    out.push({
      type: 'quotation',
      start: q.start,
      end: q.end,
      quote: ctx.text.slice(q.start, q.end),
      fields: { speaker },
    });
  }
  return out;
}
