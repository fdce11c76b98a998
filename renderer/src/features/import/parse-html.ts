import type { ParseHtml } from '../../../../core/importers';

/**
 * Script elements other than JSON-LD metadata, style sheets, inline SVG and comments: Readability
 * and DOMPurify drop all of them anyway, and none holds article text.
 */
const SCRIPT = /<script\b(?![^>]*\btype\s*=\s*["']?application\/ld\+json)[^>]*>[\s\S]*?<\/script\s*>/gi;
const STYLE = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;
const SVG = /<svg\b[^>]*>[\s\S]*?<\/svg\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;

/**
 * A saved page without its scripts, style sheets, inline SVG and comments. Saved news pages
 * are mostly those (the 1.1 MB Guardian page of the corpus is 190 KB without them); Readability
 * and DOMPurify discard them, but
 * only after the parser has built them and Readability has walked them, on the renderer's main
 * thread. JSON-LD blocks stay, since the importer reads metadata from them.
 */
export function leanHtml(html: string): string {
  // Scripts first: their text may hold `<!--`, which is not a comment there.
  return html.replace(SCRIPT, '').replace(STYLE, '').replace(COMMENT, '').replace(SVG, '');
}

/** Parses a saved page with the browser's DOMParser (an inert document: nothing runs or loads). */
export const parseHtmlLean: ParseHtml = (html) =>
  new DOMParser().parseFromString(leanHtml(html), 'text/html');
