import type { ImportInput } from '../../../../core/importers';

/** Clipboard HTML is usually a fragment; the HTML importer wants a page. */
function asPage(html: string): string {
  return /<html[\s>]|<!doctype\s+html/i.test(html)
    ? html
    : `<!doctype html><html><body>${html}</body></html>`;
}

/**
 * Turns what was pasted into an import input: HTML (which goes through the HTML importer, so
 * Readability and DOMPurify see it like a saved page) when the clipboard has markup with text
 * in it, else the plain text. Null when there is nothing but whitespace.
 */
export function pastedInput(clip: { html: string; text: string }): ImportInput | null {
  const encode = (s: string) => new TextEncoder().encode(s);
  const htmlHasText = clip.html.replace(/<[^>]*>|&nbsp;|\s/g, '') !== '';
  if (clip.html.trim() && htmlHasText)
    return { name: 'Pasted article.html', bytes: encode(asPage(clip.html)) };
  if (clip.text.trim()) return { name: 'Pasted article.txt', bytes: encode(clip.text) };
  return null;
}
