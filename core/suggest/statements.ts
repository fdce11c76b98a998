import { type Context, inQuote, isPublisher, speakerOf } from './context';
import type { Suggestion } from './types';

/** Hedges and estimative words of assessment language. */
const ASSESSMENT =
  /\b(?:assess(?:es|ed|ing|ment|ments)?|likely|unlikely|probably|probable|almost certainly|possibly|plausibl[ey]|appears? to|seems? to|suggests?|indicates?|judges?|estimates?)\b/giu;
/** Evaluative words that show the writer's opinion rather than reporting. */
const OPINION =
  /\b(?:correctly|incorrectly|rightly|wrongly|falsely|reckless(?:ly)?|purposefully|deliberately|unusually|vital|crucial|pivotal|profound|relentless|shameful|disgraceful|absurd|outrageous|dangerous(?:ly)?|clearly|obviously|undoubtedly|sadly|unfortunately|fortunately|must|should|ought|urge|we|our|sham|so-called|brutal|heroic|cynical(?:ly)?|ridiculous|alarming(?:ly)?|irresponsible|misguided|naive|disastrous|catastrophic)\b|!/giu;

/** Cue words of one kind in a sentence, outside its quotations. */
function firstCue(ctx: Context, re: RegExp, start: number, end: number): string | undefined {
  const s = ctx.text.slice(start, end);
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (!inQuote(ctx, start + m.index)) return m[0].toLowerCase();
  }
  return undefined;
}

/**
 * Whether what the sentence attributes is entirely a direct quotation (then it is a quotation,
 * not an attributed statement): it opens with the quotation ("“…,” one source said"), the
 * quotation follows the cue and runs to the end ("Putin stated: “…”", he said "…"), or most of
 * the sentence is inside quotation marks.
 */
function onlyQuoted(ctx: Context, start: number, end: number, cueAt: number): boolean {
  const text = ctx.text;
  if (/^["“]/u.test(text.slice(start, start + 1))) return true;
  let quoted = 0;
  let closing = -1;
  for (const q of ctx.quotes) {
    if (q.end <= start || q.start >= end) continue;
    quoted += Math.min(end, q.end) - Math.max(start, q.start);
    if (q.start > cueAt) closing = Math.max(closing, q.end);
  }
  if (quoted / Math.max(1, end - start) >= 0.5) return true;
  if (closing !== -1 && end - closing <= 2) {
    // The words between the cue and the quotation: the verb, "that", a colon or a comma.
    const first = ctx.quotes.find((q) => q.start > cueAt && q.start < end)!;
    const between = text.slice(cueAt, first.start).trim().split(/\s+/u);
    return between.length <= 2;
  }
  return false;
}

/**
 * Attributed statements: sentences that report what someone else says, claims, reports or
 * assesses ("Rubio stated that …", "according to three sources close to the Kremlin"), with the
 * source. A sentence that is mostly a direct quotation is a quotation instead, and statements
 * in the publisher's own name ("ISW assesses") are assessments.
 *
 * Assessment language ("assesses", "likely", "probably") and opinion cues ("correctly",
 * "reckless", "must") mark their sentence, with the cue word.
 */
export function statementSuggestions(ctx: Context): Suggestion[] {
  const out: Suggestion[] = [];
  /** A cue ending its line with a colon speaks the list that follows ("Obama also said:"). */
  let listSpeaker: { speaker: string; paragraph: number; first: boolean } | undefined;
  ctx.sentences.forEach((s, index) => {
    const quote = ctx.text.slice(s.start, s.end);
    const named = s.cues.filter((c) => !isPublisher(ctx, c.who));
    const cue = named[0];
    const introducesList = /:\s*$/u.test(quote) && ctx.text[s.end + 1] !== undefined;
    const gap = listSpeaker ? s.paragraph - listSpeaker.paragraph : -1;
    const inList = listSpeaker && (gap === 1 || (gap === 2 && listSpeaker.first) || gap === 0);
    if (listSpeaker && inList && !cue && s.end - s.start < 300) {
      out.push({
        type: 'attribution',
        start: s.start,
        end: s.end,
        quote,
        fields: { speaker: listSpeaker.speaker },
      });
      listSpeaker = { ...listSpeaker, paragraph: s.paragraph, first: false };
    } else if (cue && introducesList) {
      const speaker = speakerOf(ctx, cue, index);
      listSpeaker =
        speaker && !isPublisher(ctx, speaker) ? { speaker, paragraph: s.paragraph, first: true } : undefined;
    } else {
      listSpeaker = undefined;
      if (cue && !onlyQuoted(ctx, s.start, s.end, cue.at)) {
        const speaker = speakerOf(ctx, cue, index);
        if (speaker && !isPublisher(ctx, speaker)) {
          out.push({ type: 'attribution', start: s.start, end: s.end, quote, fields: { speaker } });
        }
      }
    }
    const assessment = firstCue(ctx, ASSESSMENT, s.start, s.end);
    if (assessment)
      out.push({ type: 'assessment', start: s.start, end: s.end, quote, fields: { cue: assessment } });
    const opinion = firstCue(ctx, OPINION, s.start, s.end);
    if (opinion) out.push({ type: 'opinion', start: s.start, end: s.end, quote, fields: { cue: opinion } });
  });
  return out;
}
