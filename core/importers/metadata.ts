import { findDate, isDateLine } from './dates';
import { BULLET } from './text';

/** What a line at the head of an article turned out to be. */
export type LineRole =
  'title' | 'subtitle' | 'date' | 'publisher' | 'byline' | 'caption' | 'masthead' | 'section';

/** Metadata read from the lines of a plain-text article, and the role of each header line. */
export interface TextMetadata {
  title: string;
  source: string;
  byline: string;
  publishedAt: string | null;
  /** The role of each line (same indices as the input), or null for body lines. */
  roles: (LineRole | null)[];
}

const words = (s: string): string[] => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));

/** A photo or image caption or credit: `… Photo: Kremlin.ru`, `(AP Photo/…)`, `Getty Images`. */
const CAPTION =
  /\b(?:photo(?:graph)?s?|image|picture|illustration|credit|file photo|photographer)\s*(?::|\/|by\b)|©\s*(?:\p{L}|\d{4})|\bgetty images\b|\bshutterstock\b|\bwikimedia commons\b|\((?:ap|afp|reuters|epa)(?: photo)?\)|\b(?:afp|epa|ap) via getty\b/iu;

export function isCaption(line: string): boolean {
  return line.length <= 400 && CAPTION.test(line);
}

const WEEKDAY = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;
/** Masthead furniture: a lone weekday, `Vol 2034`, `No. 12`, `Issue 45`, `Page 3`, a lone number. */
const MASTHEAD =
  /^(?:(?:vol(?:ume)?|no|issue|edition|page|p)\.?\s*[\dIVXLC]+(?:\s*[,·|/-]?\s*(?:no|issue)\.?\s*\d+)?|\d{1,4}|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+edition)?)$/i;

/** Labels that head a page rather than name the article. */
const SECTION_WORDS =
  /^(?:news|world|politics|opinion|analysis|comment|commentary|exclusive|breaking(?: news)?|live|update|updates|explainer|feature|features|business|economy|markets|technology|tech|science|health|sport|sports|culture|europe|asia|africa|americas|middle east|us|uk|home|latest|video|podcast|editorial|editor's pick|world news|top stories)$/i;

/** Words that mark an organisation's name (a publisher or think tank). */
const ORG =
  /\b(?:institute|institution|center|centre|council|foundation|university|college|school|agency|news|times|post|journal|herald|tribune|gazette|telegraph|guardian|press|reuters|bloomberg|bbc|cnn|npr|ministry|department|commission|association|society|media|network|review|magazine|daily|weekly|observer|monitor|chronicle|courier|broadcasting|radio|television|tv|bureau|alliance|organi[sz]ation)\b/i;

const SMALL_WORDS = /^(?:of|for|the|and|on|in|at|to|a|an|de|du|la|le|der|die|das|&)$/i;

/** A name in title case without sentence punctuation: the shape of a publisher or a person. */
function titleCased(line: string): boolean {
  const ws = words(line);
  if (ws.length === 0) return false;
  return ws.every((w) => SMALL_WORDS.test(w) || /^[\p{Lu}\p{N}"“'‘(]/u.test(w));
}

function isPublisherLine(line: string): boolean {
  const ws = words(line);
  return (
    ws.length >= 1 &&
    ws.length <= 8 &&
    line.length <= 70 &&
    !/[.!?;:]$/.test(line) &&
    !findDate(line) &&
    ORG.test(line) &&
    titleCased(line)
  );
}

const BYLINE_PREFIX = /^(?:by|written by|words by|reporting by|author:|authors:|von|par|por)\s+(.+)$/i;

/** A person's name: one to four capitalised words (with initials, hyphens, apostrophes). */
function isNameLine(line: string): boolean {
  const ws = line.split(/\s+(?:and|&|,)\s+|,\s*|\s+/).filter(Boolean);
  return (
    ws.length >= 1 &&
    ws.length <= 6 &&
    line.length <= 60 &&
    ws.every((w) => /^(?:\p{Lu}[\p{L}'’.-]*|and|&|van|von|de|da|der|al|bin|el|la)$/u.test(w)) &&
    !ORG.test(line) &&
    !SECTION_WORDS.test(line) &&
    !WEEKDAY.test(line)
  );
}

/** A line that is the article proper: long, or a sentence of some length. */
function isBodyLine(line: string): boolean {
  const n = words(line).length;
  return line.length >= 160 || n >= 28 || (n >= 14 && /[.!?…"”]$/.test(line)) || BULLET.test(line);
}

const MAX_HEADER_LINES = 12;

/** Strips a publisher from the start (`ISW: Title`) or end (`Title | ISW`) of a title. */
function stripPublisher(title: string, publisher: string): string {
  if (!publisher) return title;
  const p = publisher.toLowerCase();
  const t = title.toLowerCase();
  for (const sep of [':', ' |', ' -', ' –', ' —']) {
    if (t.startsWith(p + sep)) {
      const rest = title.slice(p.length + sep.length).replace(/^[\s|:–—-]+/, '');
      if (words(rest).length >= 2) return rest;
    }
    const tail = `${sep.trim()} ${p}`;
    if (t.endsWith(tail) || t.endsWith(`${sep}${p}`)) {
      const rest = title.slice(0, title.length - p.length).replace(/[\s|:–—-]+$/, '');
      if (words(rest).length >= 2) return rest;
    }
  }
  return title;
}

/** The first sentence of a paragraph, clipped at a word boundary, as a stand-in title. */
function firstSentence(line: string, max = 120): string {
  const t = line.trim();
  const m = /^.+?[.!?](?=\s+[\p{Lu}"“‘]|$)/u.exec(t);
  const s = (m ? m[0] : t).replace(/[.]$/, '');
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
}

/**
 * Reads the metadata of a plain-text article from its head: the lines before the first body
 * paragraph. A line that is mostly a date gives the publication date (the first date in any
 * other short head line otherwise); an organisation's name in title case is the publisher
 * (`Institute for the Study of War`); `By …` or a bare name after the title is the byline.
 * Photo captions, masthead furniture (`Sunday`, `Vol 2034`) and short section labels that come
 * before a longer line are never the title. Without a head, the title is the first sentence.
 *
 * @param lines the article's non-empty lines, in order, after boilerplate removal
 */
export function extractTextMetadata(lines: readonly string[]): TextMetadata {
  const roles: (LineRole | null)[] = lines.map(() => null);
  let headEnd = 0;
  while (
    headEnd < lines.length &&
    headEnd < MAX_HEADER_LINES &&
    (isCaption(lines[headEnd]!) || !isBodyLine(lines[headEnd]!.trim()))
  ) {
    headEnd++;
  }
  const head = lines.slice(0, headEnd).map((l) => l.trim());

  let publishedAt: string | null = null;
  let source = '';
  let byline = '';
  for (const [i, line] of head.entries()) {
    if (isCaption(line)) roles[i] = 'caption';
    else if (isDateLine(line)) roles[i] = 'date';
    else if (MASTHEAD.test(line) || WEEKDAY.test(line)) roles[i] = 'masthead';
    else if (isPublisherLine(line) && !source) {
      roles[i] = 'publisher';
      source = line;
    }
    const bylineMatch = BYLINE_PREFIX.exec(line);
    if (roles[i] === null && bylineMatch && line.length <= 120 && !byline) {
      roles[i] = 'byline';
      byline = bylineMatch[1]!.split(/\s+[|·•]\s+/)[0]!.trim();
    }
  }
  for (const [i, line] of head.entries()) {
    if (publishedAt || roles[i] === 'caption' || line.length > 200) continue;
    publishedAt = findDate(line)?.iso ?? null;
  }

  const candidates = head
    .map((line, i) => ({ line, i }))
    .filter(
      ({ line, i }) => roles[i] === null && /\p{L}/u.test(line) && line.length <= 250 && !/:$/.test(line),
    );
  let titleAt = -1;
  for (const [k, c] of candidates.entries()) {
    const n = words(c.line).length;
    const longerLater = candidates
      .slice(k + 1)
      .some((d) => words(d.line).length > n && words(d.line).length >= 4);
    const shortLabel = n <= 3 && longerLater && (titleCased(c.line) || c.line === c.line.toUpperCase());
    const label = SECTION_WORDS.test(c.line) || (shortLabel && !/[?!]$/.test(c.line));
    if (label) {
      roles[c.i] = 'section';
      continue;
    }
    titleAt = c.i;
    break;
  }

  let title: string;
  if (titleAt >= 0) {
    roles[titleAt] = 'title';
    title = head[titleAt]!;
    if (!source) {
      // `Publisher: Title` where the publisher is not on a line of its own
      const m = /^([^:|]{3,60}):\s+\S/.exec(title);
      if (m && ORG.test(m[1]!) && titleCased(m[1]!)) source = m[1]!.trim();
    }
    title = stripPublisher(title, source);
    for (let i = titleAt + 1; i < headEnd; i++) {
      if (roles[i] !== null) continue;
      const line = head[i]!;
      if (!byline && isNameLine(line)) {
        roles[i] = 'byline';
        byline = line;
      } else if (!roles.slice(titleAt + 1, i).includes('subtitle') && words(line).length >= 4) {
        roles[i] = 'subtitle';
      }
    }
  } else if (source && roles[0] === 'publisher' && headEnd > 0) {
    // a lone title-case line on top with nothing else in the head is the title, not a publisher
    roles[0] = 'title';
    title = source;
    source = '';
  } else {
    const first = lines.find((l, i) => roles[i] === null && /\p{L}/u.test(l));
    title = first ? firstSentence(first) : '';
  }
  return { title, source, byline, publishedAt, roles };
}
