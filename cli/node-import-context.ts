import { randomUUID } from 'node:crypto';
import { JSDOM } from 'jsdom';
import type { ImportContext } from '../core/importers';

/**
 * Parses HTML with jsdom into an inert document: scripts are not run (`runScripts` is left
 * unset) and no subresource (image, frame, stylesheet) is fetched.
 */
export function parseHtmlWithJsdom(html: string): Document {
  return new JSDOM(html, { resources: undefined, runScripts: undefined, pretendToBeVisual: false }).window
    .document;
}

/**
 * The import context on Node: the clock and ids that the renderer takes from the browser, and
 * jsdom in place of the browser's DOMParser (DOMPurify uses the parsed document's window).
 */
export function nodeImportContext(now = new Date().toISOString()): ImportContext {
  return { now, newId: randomUUID, parseHtml: parseHtmlWithJsdom };
}
