import type { ParseHtml } from '../../../../core/importers';

/**
 * Script elements other than JSON-LD metadata, style sheets, inline SVG and comments: Readability
 * and DOMPurify drop all of them anyway, and none holds article text.
 */
const SCRIPT = /<script\b(?![^>]*\btype\s*=\s*["']?application\/ld\+json)[^>]*>[\s\S]*?<\/script\s*>/gi;
const STYLE = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;
const SVG = /<svg\b[^>]*>[\s\S]*?<\/svg\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;

/** A start tag, its quoted attribute values read whole (they may hold `>`). */
const START_TAG = /<[a-zA-Z][\w:-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;
/** An inline style or event handler attribute (`style="…"`, `onload="…"`). */
const INLINE_ATTR = /\s+(style|on[a-z]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)/gi;
const HAS_INLINE_ATTR = /\s(?:style|on[a-z]+)\s*=/i;
const HIDDEN_STYLE = /(?:^|[;\s"'])(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

/**
 * A start tag without inline styles and event handlers: the page's own, which the app's
 * Content-Security-Policy refuses (one report each) once any of it reaches the live document.
 * A style that hides the element becomes the `hidden` attribute, so Readability still skips it.
 */
export function stripInlineAttributes(tag: string): string {
  let hidden = false;
  const out = tag.replace(INLINE_ATTR, (_, name: string, value: string) => {
    if (name.toLowerCase() === 'style' && HIDDEN_STYLE.test(value)) hidden = true;
    return '';
  });
  return hidden ? out.replace(/\s*(\/?)>$/, ' hidden$1>') : out;
}

/**
 * A saved page without its scripts, style sheets, inline SVG and comments. Saved news pages
 * are mostly those (the 1.1 MB Guardian page of the corpus is 190 KB without them); Readability
 * and DOMPurify discard them, but
 * only after the parser has built them and Readability has walked them, on the renderer's main
 * thread. JSON-LD blocks stay, since the importer reads metadata from them. Inline styles and
 * event handlers go too, before anything parses the page ({@link stripInlineAttributes}).
 */
export function leanHtml(html: string): string {
  // Scripts first: their text may hold `<!--`, which is not a comment there.
  return html
    .replace(SCRIPT, '')
    .replace(STYLE, '')
    .replace(COMMENT, '')
    .replace(SVG, '')
    .replace(START_TAG, (tag) => (HAS_INLINE_ATTR.test(tag) ? stripInlineAttributes(tag) : tag));
}

/** Parses a saved page with the browser's DOMParser (an inert document: nothing runs or loads). */
export const parseHtmlLean: ParseHtml = (html) =>
  new DOMParser().parseFromString(leanHtml(html), 'text/html');
