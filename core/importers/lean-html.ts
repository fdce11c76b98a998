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
 * A saved page without its scripts, style sheets, inline SVG and comments: the first step of
 * reading a page, in the app and the command line alike. Saved news pages are mostly those (the
 * 1.1 MB Guardian page of the corpus is 190 KB without them); Readability and DOMPurify discard
 * them, but only after the parser has built them and Readability has walked them (on the app's
 * window's thread; jsdom reads the lean page in about 30% less time). JSON-LD blocks stay, since
 * the importer reads metadata from them. Inline styles and event handlers go too, before
 * anything parses the page ({@link stripInlineAttributes}): the app's Content-Security-Policy
 * refuses them, one report each, once any of them reaches a live document.
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
