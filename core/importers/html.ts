import { Readability } from '@mozilla/readability';
import DOMPurify, { type WindowLike } from 'dompurify';
import { domSegments } from './dom-blocks';
import { ImportError } from './errors';
import { leanHtml } from './lean-html';
import { cleanByline, cleanTitle, pageHints, pageLanguage, publishedDate } from './page-metadata';
import type { Segment } from './text';

/** Parses an HTML string into an inert document (scripts never run, nothing loads). */
export type ParseHtml = (html: string) => Document;

/** What the HTML importer needs from its host: a parser and, for DOMPurify, a window. */
export interface HtmlEnvironment {
  parseHtml?: ParseHtml | undefined;
  window?: WindowLike | undefined;
}

/** Article text and metadata read from an HTML page. */
export interface HtmlArticle {
  segments: Segment[];
  title: string;
  byline: string;
  siteName: string;
  publishedAt: string | null;
  language: string;
  url: string;
}

/** The parser to use: the injected one, else the browser's DOMParser, which builds inert documents. */
export function resolveParser(env: HtmlEnvironment, fileName: string): ParseHtml {
  if (env.parseHtml) return env.parseHtml;
  const Parser = (globalThis as { DOMParser?: typeof DOMParser }).DOMParser;
  if (Parser) {
    const parser = new Parser();
    return (html) => parser.parseFromString(html, 'text/html');
  }
  throw new ImportError(
    'unsupported',
    `“${fileName}” is a web page, and this environment cannot read HTML (no DOM parser was provided).`,
    fileName,
  );
}

function purifier(env: HtmlEnvironment, doc: Document) {
  const win = env.window ?? (doc.defaultView as WindowLike | null) ?? (globalThis as unknown as WindowLike);
  const purify = DOMPurify(win);
  if (!purify.isSupported) {
    throw new ImportError('unsupported', 'This environment cannot sanitise HTML (DOMPurify has no window).');
  }
  return purify;
}

/**
 * Sanitises HTML with DOMPurify and returns its text segments. Scripts, frames, forms, event
 * handlers and `javascript:` URLs are dropped by DOMPurify; the walker then reads text nodes only.
 */
export function sanitisedSegments(html: string, doc: Document, env: HtmlEnvironment): Segment[] {
  const fragment = purifier(env, doc).sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'nav', 'svg', 'math'],
    ALLOW_DATA_ATTR: false,
  });
  return domSegments(fragment);
}

const meta = (doc: Document, ...keys: string[]): string => {
  for (const key of keys) {
    const el = doc.querySelector(
      `meta[property="${key}" i], meta[name="${key}" i], meta[itemprop="${key}" i]`,
    );
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return '';
};

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** The JSON-LD objects of a page, flattened from arrays and `@graph`. */
function jsonLd(doc: Document): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  const add = (v: Json) => {
    if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object') {
      out.push(v);
      if (v['@graph']) add(v['@graph']);
    }
  };
  for (const el of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      add(JSON.parse(el.textContent ?? '') as Json);
    } catch {
      // a malformed block is skipped: the page's other metadata still counts
    }
  }
  return out;
}

const nameOf = (v: Json | undefined): string => {
  if (typeof v === 'string') return v.trim();
  if (Array.isArray(v)) return v.map(nameOf).filter(Boolean).join(', ');
  if (v && typeof v === 'object') return nameOf(v['name']);
  return '';
};

/** Metadata Readability does not give (URL) or may miss (a date only in JSON-LD or `<time>`). */
function pageMetadata(doc: Document) {
  const ld = jsonLd(doc).filter((o) => /article|posting|report|newsitem/i.test(String(o['@type'] ?? '')));
  const first = ld[0];
  const str = (v: Json | undefined) => (typeof v === 'string' ? v : '');
  return {
    url:
      doc.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() ||
      meta(doc, 'og:url', 'twitter:url') ||
      str(first?.['url']),
    language:
      doc.documentElement.getAttribute('lang')?.trim() ||
      meta(doc, 'content-language', 'language', 'og:locale', 'dc.language').replace('_', '-'),
    published:
      meta(
        doc,
        'article:published_time',
        'og:published_time',
        'datePublished',
        'pubdate',
        'date',
        'dc.date.issued',
        'dc.date',
      ) ||
      str(first?.['datePublished']) ||
      doc.querySelector('time[datetime]')?.getAttribute('datetime') ||
      '',
    byline: meta(doc, 'author', 'article:author', 'dc.creator') || nameOf(first?.['author']),
    siteName:
      meta(doc, 'og:site_name', 'application-name', 'publisher', 'dc.publisher') ||
      nameOf(first?.['publisher']),
    title: meta(doc, 'og:title', 'twitter:title') || str(first?.['headline']) || doc.title.trim(),
  };
}

/** The charset a page declares in its first bytes (`<meta charset>` or `http-equiv`). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  let head = '';
  for (const b of bytes.subarray(0, 4096)) head += String.fromCharCode(b);
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}

/**
 * Reads a saved web page: Mozilla Readability extracts the article and its metadata (title,
 * byline, site name, language, publication time from `<meta>`, Open Graph and JSON-LD), which
 * `page-metadata.ts` then checks and completes: the title without the site's or author's name,
 * a byline that is neither a date nor the outlet, a date shown only as text or in the address,
 * a language from any markup or detected from the text;
 * DOMPurify sanitises the extracted HTML; the result is text segments, never HTML. When
 * Readability finds no article, the sanitised `<body>` is used. The page is parsed into an
 * inert document, so its scripts never run; before that, its scripts, style sheets, inline SVG,
 * comments, inline styles and event handlers are cut ({@link leanHtml}).
 *
 * It reads in steps: the generator yields between the cut, the parse, the page's metadata, Readability,
 * the sanitising and the rest (each a few milliseconds, a few tens on a large page), so that a
 * host can give its event loop a turn in between ({@link runSteps}; the app's window does, so
 * that no one task holds it for a whole page, the command line does not). Either way the same
 * code reads the page in the same order.
 */
export function* readHtmlSteps(
  html: string,
  fileName: string,
  env: HtmlEnvironment,
): Generator<void, HtmlArticle, void> {
  const parse = resolveParser(env, fileName);
  const lean = leanHtml(html);
  yield;
  const doc = parse(lean);
  yield;
  const page = pageMetadata(doc);
  const hints = pageHints(doc, (...keys) => meta(doc, ...keys), jsonLd(doc));
  yield;
  let article: ReturnType<Readability['parse']>;
  try {
    article = new Readability(doc).parse();
  } catch {
    article = null;
  }
  yield;
  let segments = article?.content ? sanitisedSegments(article.content, doc, env) : [];
  if (segments.length === 0) {
    yield;
    // Readability changed `doc`: the page's body as parsed comes from a second parse, needed
    // only here (serialising every page's body up front cost up to 12 ms a page).
    segments = sanitisedSegments(parse(lean).body?.innerHTML ?? '', doc, env);
  }
  yield;
  const text = segments.map((s) => s.text).join('\n');
  const url = /^https?:\/\//i.test(page.url) ? page.url : '';
  const rawTitle = article?.title?.trim() || page.title;
  const rawByline = article?.byline?.trim() || page.byline;
  let siteName = article?.siteName?.trim() || page.siteName;
  const title = cleanTitle(rawTitle, hints, [siteName, rawByline]);
  if (!siteName && title !== rawTitle && rawTitle.startsWith(title)) {
    // `Headline_Section_Site`: the last segment after the headline names the site.
    const last = rawTitle
      .slice(title.length)
      .split(/\s+[|–—•·»-]\s+|\s*[|_]\s*/)
      .filter(Boolean)
      .at(-1)
      ?.trim();
    if (last && last !== rawByline && last.length <= 40) siteName = last;
  }
  const urlDate = /\/((?:19|20)\d{2})\/(\d{2})\/(\d{2})\//.exec(url);
  return {
    segments,
    title,
    byline: cleanByline(rawByline, siteName, hints.host),
    siteName,
    publishedAt:
      publishedDate(article?.publishedTime ?? page.published, hints, text) ??
      (urlDate ? `${urlDate[1]}-${urlDate[2]}-${urlDate[3]}` : null),
    language: pageLanguage(article?.lang?.trim() ?? '', hints, text),
    url,
  };
}

/** Runs steps to their end, awaiting `pause` (when given) at each of their yields. */
export async function runSteps<T>(steps: Generator<void, T, void>, pause?: () => Promise<void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (pause) await pause();
  }
}
