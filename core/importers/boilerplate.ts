import type { RemovedSegments, Segment } from './text';

/** Why a piece of text was dropped; shown to the user next to the removed text. */
export const REMOVAL_REASONS = {
  share: 'Share buttons',
  scroll: 'Scroll prompt',
  subscribe: 'Subscription prompt',
  advert: 'Advertisement label',
  follow: 'Social media prompt',
  readMore: 'Link to another article',
  mediaLabel: 'Media placeholder',
  afterEnd: "Text after the article's end (belongs to another piece)",
  pageNumber: 'Page number',
  header: "Repeats the article's header (title, date, publisher or byline)",
  masthead: 'Masthead (weekday, issue or page number)',
  credit: 'Image credit or caption after the article',
} as const;

type Reason = (typeof REMOVAL_REASONS)[keyof typeof REMOVAL_REASONS];

const SHARE =
  /^(?:share(?:\s+(?:this|the))?(?:\s+(?:post|article|story|page|link))?(?:\s+(?:on|via|to)\s+[\p{L}. +]{1,30})?|share this:?|tweet(?: this)?|e-?mail(?: this(?: article)?)?|print(?: this(?: article)?)?|copy(?: the)? link|(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|e-mail|print|share)(?:\s*[|·•,]\s*(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|e-mail|print|copy link))+)\s*[:!.]?$/iu;
const SCROLL =
  /^(?:scroll\s+(?:for|to)\s+(?:next|more|continue)(?:\s+(?:article|story|news))?|scroll\s+down(?:\s+for\s+more)?|continue\s+reading(?:\s+below)?|(?:story|article)\s+continues\s+(?:below|after\s+(?:the\s+)?(?:advertisement|ad))(?:\s+advertisement)?)\s*[:.…!]*$/i;
const SUBSCRIBE_START =
  /^(?:subscribe|sign\s*-?\s*up|join\s+(?:our|the|us)|get\s+(?:our|the\s+latest)|never\s+miss|want\s+more|don'?t\s+miss|become\s+a\s+(?:member|subscriber)|already\s+a\s+subscriber)\b/i;
const SUBSCRIBE_TOPIC =
  /\b(?:subscribe|subscription|newsletter|inbox|e-?mail|updates|alerts|notifications|podcast|channel|premium|member|briefing|digest)\b/i;
const ADVERT =
  /^(?:advertisement|advertising|sponsored(?: content)?|ad|promoted|paid (?:content|post)|partner content)$/i;
const FOLLOW = /^(?:follow\s+(?:us|@\S+)(?:\s+on\s+.{1,60})?|like us on facebook)\s*[.!]?$/i;
const READ_MORE =
  /^(?:read\s+(?:more|next|also)|more\s*:|related\s*:|see\s+also\s*:|recommended\s*:)(?:\s*[:–—-]?\s*.{0,150})?$/i;

/** What is left of a photo, video or gallery once the media is gone: a lone label. */
const MEDIA_LABEL =
  /^(?:photo|image|video|audio|graphic|gallery|play video|watch|media playback is unsupported on your device)$/i;

/** A page number on a page of its own line (`12`, `Page 3`, `3 of 10`), in formats with pages. */
const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/** Lines after which the article is over: a share trailer, `SCROLL FOR NEXT`, a related list. */
const END_MARKER =
  /^(?:related\s+(?:articles|stories|posts|content|reading|coverage|news)|more\s+(?:from|on|stories\s+from)\s+.{1,60}|read\s+next|recommended(?:\s+for\s+you)?|you\s+(?:may|might)\s+also\s+like|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|latest\s+(?:news|stories)|comments?(?:\s*\(\d+\))?|leave\s+a\s+(?:reply|comment)|tags?\s*:.*)\s*:?$/i;

function lineReason(line: string): Reason | null {
  const t = line.trim();
  if (t.length > 160) return null;
  if (SHARE.test(t)) return REMOVAL_REASONS.share;
  if (SCROLL.test(t)) return REMOVAL_REASONS.scroll;
  if (ADVERT.test(t)) return REMOVAL_REASONS.advert;
  if (FOLLOW.test(t)) return REMOVAL_REASONS.follow;
  if (SUBSCRIBE_START.test(t) && (SUBSCRIBE_TOPIC.test(t) || t.split(/\s+/).length <= 3)) {
    return REMOVAL_REASONS.subscribe;
  }
  if (READ_MORE.test(t)) return REMOVAL_REASONS.readMore;
  if (MEDIA_LABEL.test(t)) return REMOVAL_REASONS.mediaLabel;
  return null;
}

function endsArticle(line: string): boolean {
  const t = line.trim();
  return t.length <= 80 && (SHARE.test(t) || /^scroll\s+(?:for|to)\s+next/i.test(t) || END_MARKER.test(t));
}

const STOP = new Set(
  'about after again against also among because been before being between both could does doing during each from further have having here into itself more most other over same should some such than that their them then there these they this those through under until very were what when where which while whom will with would your said says according'.split(
    ' ',
  ),
);

/** Distinct content words (five letters or more, not common function words). */
function vocabulary(text: string): Set<string> {
  const set = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/\p{L}{5,}/gu)) if (!STOP.has(m[0])) set.add(m[0]);
  return set;
}

/**
 * How much of `tail`'s vocabulary the article `body` shares (0…1). A continuation of the
 * article reuses its names and topics; an unrelated piece pasted after it mostly does not.
 */
export function topicOverlap(tail: string, body: string): number {
  const t = vocabulary(tail);
  if (t.size === 0) return 1;
  const b = vocabulary(body);
  let shared = 0;
  for (const w of t) if (b.has(w)) shared++;
  return shared / t.size;
}

/** Below this overlap, text after an end marker is another piece. */
const UNRELATED = 0.4;
/** Text after an end marker shorter than this is trailer furniture (links, labels). */
const SHORT_TAIL = 500;
/** An end marker needs at least this much article before it. */
const MIN_BODY = 300;

/**
 * Drops boilerplate segments and keeps each dropped run, with its reason, so the user can see
 * and restore it.
 *
 * - Whole lines that are share, scroll, subscribe, follow or advertisement prompts, or a
 *   "Read more: …" link, go wherever they stand.
 * - A share trailer, `SCROLL FOR NEXT` or a "Related articles" / "Comments" heading after at
 *   least a few paragraphs ends the article: what follows goes too when it is short, when it is
 *   a list of short lines (headlines), or when its vocabulary is mostly foreign to the article
 *   (promotional text or another piece pasted after the end). A long, on-topic continuation is
 *   kept, and only the marker goes.
 */
export function removeBoilerplate(segments: readonly Segment[]): {
  kept: Segment[];
  removed: RemovedSegments[];
} {
  const kept: Segment[] = [];
  const removed: RemovedSegments[] = [];
  const drop = (segs: Segment[], reason: string) => {
    const last = removed.at(-1);
    if (last && last.before === kept.length && last.reason === reason) last.segments.push(...segs);
    else removed.push({ before: kept.length, segments: segs, reason });
  };
  let bodyChars = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (bodyChars >= MIN_BODY && endsArticle(seg.text)) {
      const tail = segments.slice(i + 1);
      const tailText = tail.map((s) => s.text).join('\n');
      const body = kept.map((s) => s.text).join('\n');
      const headlines = tail.length >= 2 && tail.every((s) => s.text.trim().length <= 140);
      if (tailText.length < SHORT_TAIL || headlines || topicOverlap(tailText, body) < UNRELATED) {
        drop([seg], lineReason(seg.text) ?? REMOVAL_REASONS.afterEnd);
        if (tail.length) drop(tail, REMOVAL_REASONS.afterEnd);
        break;
      }
    }
    const reason =
      seg.page && PAGE_NUMBER.test(seg.text.trim()) ? REMOVAL_REASONS.pageNumber : lineReason(seg.text);
    if (reason) {
      drop([seg], reason);
      continue;
    }
    kept.push(seg);
    bodyChars += seg.text.length;
  }
  return { kept, removed };
}

/**
 * Moves more kept segments into `removed`, each with its reason, keeping every removed run's
 * place (`before`, an index into the kept segments) right.
 */
export function dropKept(
  kept: readonly Segment[],
  removed: readonly RemovedSegments[],
  reasonOf: (index: number) => string | null,
): { kept: Segment[]; removed: RemovedSegments[] } {
  const outKept: Segment[] = [];
  // Every removed run with its place in the old order: a run removed before stood just ahead
  // of old kept segment `before` (key before − ½); a segment dropped now stood at its index.
  const runs: { key: number; run: RemovedSegments; fresh: boolean }[] = [];
  const newIndex: number[] = [];
  kept.forEach((seg, i) => {
    newIndex[i] = outKept.length;
    const reason = reasonOf(i);
    if (reason) runs.push({ key: i, run: { before: outKept.length, segments: [seg], reason }, fresh: true });
    else outKept.push(seg);
  });
  newIndex[kept.length] = outKept.length;
  for (const r of removed)
    runs.push({
      key: r.before - 0.5,
      run: { ...r, before: newIndex[r.before] ?? outKept.length },
      fresh: false,
    });
  runs.sort((x, y) => x.key - y.key);
  // Segments dropped side by side for the same reason make one run.
  const out: RemovedSegments[] = [];
  let last: { run: RemovedSegments; fresh: boolean } | null = null;
  for (const r of runs) {
    if (last?.fresh && r.fresh && last.run.before === r.run.before && last.run.reason === r.run.reason)
      last.run.segments.push(...r.run.segments);
    else {
      out.push(r.run);
      last = r;
    }
  }
  return { kept: outKept, removed: out };
}

/** Head roles whose lines only repeat what the article's header shows. */
const HEADER_ROLES = new Set(['date', 'publisher', 'byline']);

/**
 * Lines that repeat the header or dress the page rather than tell the article: in the head, the
 * date, publisher and byline lines (and the title line of such a header block), and the
 * masthead (a lone weekday, an issue or page number); at the end, a run of image credits and
 * captions. Returns the reason for the segment at `index`, or null to keep it.
 */
export function headerAndCreditReasons(
  texts: readonly string[],
  roles: readonly (string | null)[],
  options: { isCredit: (line: string) => boolean },
): (index: number) => string | null {
  // A trailing run of credits, never the whole article.
  let creditsFrom = texts.length;
  while (creditsFrom > 1 && options.isCredit(texts[creditsFrom - 1]!.trim())) creditsFrom--;
  const body = texts.findIndex((_, i) => roles[i] === null || roles[i] === undefined);
  // A title line alone may be the text's first sentence; with a date, publisher or byline
  // beside it, the head is a header block, and its title line a repeat.
  const headerBlock = roles.some((r) => r !== null && HEADER_ROLES.has(r));
  return (i) => {
    const role = roles[i];
    if (role === 'masthead') return REMOVAL_REASONS.masthead;
    if (role && (HEADER_ROLES.has(role) || (role === 'title' && headerBlock))) return REMOVAL_REASONS.header;
    if (i >= creditsFrom && i > body) return REMOVAL_REASONS.credit;
    return null;
  };
}
