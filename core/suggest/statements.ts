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

const quotedShare = (ctx: Context, start: number, end: number): number => {
  let quoted = 0;
  for (const q of ctx.quotes) {
    if (q.end <= start || q.start >= end) continue;
    quoted += Math.min(end, q.end) - Math.max(start, q.start);
  }
  return quoted / Math.max(1, end - start);
};

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
  ctx.sentences.forEach((s, index) => {
    const quote = ctx.text.slice(s.start, s.end);
    const named = s.cues.filter((c) => !isPublisher(ctx, c.who));
    const cue = named[0];
    if (cue && quotedShare(ctx, s.start, s.end) < 0.5) {
      const speaker = speakerOf(ctx, cue, index);
      if (speaker && !isPublisher(ctx, speaker)) {
        out.push({ type: 'attribution', start: s.start, end: s.end, quote, fields: { speaker } });
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
