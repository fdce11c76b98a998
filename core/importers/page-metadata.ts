import { detect } from 'tinyld';
import { findDate, isDateLine, normaliseIsoDate } from './dates';

/**
 * What a page says about itself beyond Readability's reading, gathered from the parsed page
 * before Readability changes it: headline elements, every place a date, a language or a byline
 * may be written.
 */
export interface PageHints {
  headlines: string[];
  /** `og:title`, `twitter:title`, JSON-LD `headline`. */
  metaTitles: string[];
  dates: string[];
  /** Short visible texts that may hold the dateline (`<time>`, `.date`, `.pubtime`, `.dateline`…). */
  visibleDates: string[];
  languages: string[];
  host: string;
}

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The first date-like text of each element that marks one, for a dateline shown only as text. */
const DATE_ELEMENTS =
  'time, [itemprop="datePublished"], [class*="date" i], [class*="time" i], [class*="dateline" i], [id*="date" i], [class*="pubtime" i], [class*="byline" i], [class*="meta" i]';

/** Reads the hints of a parsed page (call before Readability, which rewrites the document). */
export function pageHints(
  doc: Document,
  meta: (...keys: string[]) => string,
  jsonLd: Record<string, unknown>[],
): PageHints {
  const headlines = [
    ...Array.from(doc.querySelectorAll('h1, [itemprop="headline"]')).map((e) => squash(e.textContent)),
  ].filter((t) => t.length >= 3 && t.length <= 300);
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const articleLd = jsonLd.filter((o) =>
    /article|posting|report|newsitem|webpage/i.test(String(o['@type'] ?? '')),
  );
  const metaTitles = [
    meta('og:title'),
    meta('twitter:title'),
    ...articleLd.map((o) => str(o['headline'])),
  ].filter(Boolean);
  const dates = [
    meta(
      'article:published_time',
      'og:published_time',
      'datePublished',
      'pubdate',
      'publishdate',
      'publish-date',
      'date',
      'dc.date.issued',
      'dc.date',
      'dcterms.created',
      'sailthru.date',
      'parsely-pub-date',
      'ptime',
      'pdate',
      'displaydate',
    ),
    ...articleLd.map((o) => str(o['datePublished']) || str(o['dateCreated'])),
    ...Array.from(doc.querySelectorAll('time[datetime]')).map((t) => t.getAttribute('datetime') ?? ''),
  ].filter(Boolean);
  const visibleDates: string[] = [];
  for (const el of Array.from(doc.querySelectorAll(DATE_ELEMENTS)).slice(0, 200)) {
    const text = squash(el.textContent);
    if (text && text.length <= 120) visibleDates.push(text);
  }
  const root = doc.documentElement;
  const languages = [
    root.getAttribute('lang') ?? '',
    root.getAttribute('xml:lang') ?? '',
    doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content') ?? '',
    meta('content-language', 'language', 'og:locale', 'dc.language', 'inLanguage'),
    ...articleLd.map((o) => str(o['inLanguage'])),
    doc.body?.getAttribute('lang') ?? '',
    doc.querySelector('article[lang], main[lang]')?.getAttribute('lang') ?? '',
  ]
    .map((l) => l.trim())
    .filter(Boolean);
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url');
  let host: string;
  try {
    host = canonical ? new URL(canonical).hostname.replace(/^www\./, '') : '';
  } catch {
    host = '';
  }
  return { headlines, metaTitles, dates, visibleDates, languages, host };
}

const norm = (s: string) =>
  s.normalize('NFKC').toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

const SEPARATOR = /\s+[|–—•·»:-]\s+|\s*[|_]\s*|\s+::\s+/;
const words = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));

/** Whether a title segment names the site, its host, or the author, rather than the article. */
function namesSite(segment: string, names: readonly string[], host: string): boolean {
  const s = norm(segment).replace(/^the /, '');
  if (!s) return true;
  if (names.some((n) => n && norm(n).replace(/^the /, '') === s)) return true;
  const hostWords = host.split('.').slice(0, -1).join(' ');
  if (hostWords && (s === hostWords || s.replace(/[\s.]/g, '') === host.replace(/\./g, ''))) return true;
  return /^(?:home|homepage|news|latest news|breaking news|front page|accueil|startseite|inicio)$/i.test(s);
}

/**
 * The article's title without the site's or the author's name around it. A headline on the
 * page (`<h1>`, `og:title`) that the title starts with is taken as it is (`Title | Author` →
 * `Title`); otherwise trailing and leading segments that name the site, its host, the author or
 * a home page are cut. A title that is nothing but the site's name (a portal's `<title>`) gives
 * way to the page's headline.
 */
export function cleanTitle(raw: string, hints: PageHints, names: readonly string[]): string {
  const title = squash(raw);
  const candidates = [...hints.headlines, ...hints.metaTitles];
  for (const c of candidates) {
    const cn = norm(c);
    if (words(c).length < 2 && !/\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Hangul}/u.test(c)) continue;
    if (norm(title) === cn) return c;
    if (norm(title).startsWith(cn)) {
      const rest = title.slice(c.length);
      if (/^\s*(?:[|–—•·»_:-]|::)/.test(rest)) return c;
    }
  }
  let parts = title.split(SEPARATOR);
  if (parts.length > 1) {
    while (parts.length > 1 && namesSite(parts.at(-1)!, names, hints.host)) parts = parts.slice(0, -1);
    while (parts.length > 1 && namesSite(parts[0]!, names, hints.host)) parts = parts.slice(1);
    if (parts.length === 1 && norm(parts[0]!) !== norm(title)) {
      const at = title.indexOf(parts[0]!);
      if (at >= 0) return parts[0]!;
    }
  }
  if (namesSite(title, names, hints.host) || !title) {
    const headline = candidates.find((c) => !namesSite(c, names, hints.host));
    if (headline) return squash(headline);
  }
  return title;
}

const BY = /^(?:by|written by|words by|reporting by|von|par|por|di|door|av|af)\s+/i;

/**
 * A byline that names people or a desk: `By` dropped, a date or time after it cut, and nothing
 * when it is a date, an address, the outlet itself, or far too long to be names.
 */
export function cleanByline(raw: string, source: string, host: string): string {
  let b = squash(raw).replace(BY, '');
  // `Name | 1. 11. 2021 | 10:52`: the segments after the name hold numbers only.
  const parts = b.split(/\s+[|·•]\s+/);
  if (parts.length > 1 && parts.slice(1).every((p) => /\d/.test(p) && !/\p{L}{3,}/u.test(p))) b = parts[0]!;
  // `Name | 1. 11. 2021`, `Name, Updated 10:04 GMT`: the part before a date.
  const date = findDate(b);
  if (date)
    b = b
      .slice(0, date.index)
      .replace(/[\s,|·•–—:-]+$/, '')
      .replace(/\b(?:updated|published|posted|on)$/i, '')
      .trim();
  b = b.replace(/[\s,|·•–—:-]+$/, '').trim();
  if (!b || isDateLine(raw) || /^\d/.test(b)) return '';
  if (/^(?:https?:\/\/|www\.)|\.(?:com|org|net|co\.uk|de|fr|cz)\b/i.test(b)) return '';
  const n = norm(b).replace(/^the /, '');
  if (source && n === norm(source).replace(/^the /, '')) return '';
  if (host && n.replace(/[\s.]/g, '') === host.replace(/\./g, '')) return '';
  if (b.length > 160 || words(b).length > 16) return '';
  return b;
}

/** CJK dates (`2016年10月14日`) and compact ones (`20170113`, `20170113033838`). */
function otherDate(s: string): string | null {
  const cjk = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(s);
  if (cjk) return `${cjk[1]}-${cjk[2]!.padStart(2, '0')}-${cjk[3]!.padStart(2, '0')}`;
  const compact = /^(\d{4})(\d{2})(\d{2})(?:\d{6})?$/.exec(s.trim());
  if (
    compact &&
    Number(compact[2]) >= 1 &&
    Number(compact[2]) <= 12 &&
    Number(compact[3]) >= 1 &&
    Number(compact[3]) <= 31
  ) {
    return `${compact[1]}-${compact[2]}-${compact[3]}`;
  }
  return null;
}

/**
 * The publication date: the page's machine-readable dates first (meta, JSON-LD, `<time>`), then
 * a dateline shown only as text (an element marked as a date, then the head of the article).
 */
export function publishedDate(
  first: string | null | undefined,
  hints: PageHints,
  text: string,
): string | null {
  for (const d of [first ?? '', ...hints.dates]) {
    const v = otherDate(d) ?? normaliseIsoDate(d);
    if (v) return v;
  }
  for (const v of hints.visibleDates) {
    const d = otherDate(v) ?? findDate(v)?.iso;
    if (d) return d;
  }
  for (const line of text.slice(0, 1500).split('\n').slice(0, 12)) {
    if (line.length > 200) continue;
    const d = otherDate(line) ?? (isDateLine(line) ? findDate(line)?.iso : null);
    if (d) return d;
  }
  return null;
}

/**
 * The article's language as a BCP 47 tag: what the page declares (`lang`, `xml:lang`,
 * `Content-Language`, `og:locale`, JSON-LD `inLanguage`), else detected from the text (tinyld)
 * when there is enough of it. `en_GB` becomes `en-GB`.
 */
export function pageLanguage(declared: string, hints: PageHints, text: string): string {
  const tag = [declared, ...hints.languages]
    .map((l) => l.replace('_', '-').split(/[\s,;]/)[0]!)
    .find((l) => /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/i.test(l));
  if (tag) return tag;
  const sample = text.slice(0, 4000);
  if (sample.replace(/\s+/g, '').length < 60) return '';
  return detect(sample) || '';
}
