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
 * the sentence ("Putin stated: “…”", "“…,” one source said", a cue right after the closing mark
 * even when the quotation holds several sentences); a later "Putin", "he" or "the president" is
 * resolved to the full name given earlier. A quotation without a cue of its own continues the
 * last speaker of its paragraph or of the paragraph before; with no speaker in sight the speaker
 * is left empty.
 */
export function quotationSuggestions(ctx: Context): Suggestion[] {
  const repeats = new Map<string, number>();
  for (const q of ctx.quotes) repeats.set(normal(q.inner), (repeats.get(normal(q.inner)) ?? 0) + 1);
  const out: Suggestion[] = [];
  /** The last speaker named (by a cue or a quotation) and the paragraph it was named in. */
  let last = { speaker: '', paragraph: -10, at: -1 };
  let scanned = 0;
  const remember = (upTo: number): void => {
    // Speakers named by the sentences that end before `upTo`, in order.
    while (scanned < ctx.sentences.length && ctx.sentences[scanned]!.end <= upTo) {
      const s = ctx.sentences[scanned]!;
      const cue = s.cues[0];
      if (cue) {
        const speaker = speakerOf(ctx, cue, scanned);
        if (speaker && s.start > last.at) last = { speaker, paragraph: s.paragraph, at: s.start };
      }
      scanned++;
    }
  };
  for (const q of ctx.quotes) {
    if (isTerm(ctx, q.start, q.inner, repeats)) continue;
    const first = sentenceAt(ctx, q.start);
    const sentence = ctx.sentences[first];
    let speaker = '';
    if (sentence) {
      let lastIndex = sentenceAt(ctx, Math.max(q.start, q.end - 1));
      if (lastIndex === -1) lastIndex = ctx.sentences.length - 1;
      // "…” he added." may be cut into a sentence of its own.
      const tail = ctx.sentences[lastIndex + 1];
      if (tail && tail.start - q.end <= 2 && tail.end - tail.start < 100) lastIndex++;
      const before = sentence.cues.filter((c) => c.at < q.start);
      const afterIndex = ctx.sentences
        .slice(first, lastIndex + 1)
        .findIndex((s) => s.cues.some((c) => c.at >= q.end));
      const cue = before[before.length - 1];
      if (cue) speaker = speakerOf(ctx, cue, first);
      else if (afterIndex !== -1) {
        const s = ctx.sentences[first + afterIndex]!;
        speaker = speakerOf(
          ctx,
          s.cues.find((c) => c.at >= q.end)!,
          first + afterIndex,
        );
      } else {
        remember(q.start);
        if (last.speaker && sentence.paragraph - last.paragraph <= 2) speaker = last.speaker;
      }
      if (speaker) last = { speaker, paragraph: ctx.sentences[lastIndex]!.paragraph, at: q.start };
    }
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
