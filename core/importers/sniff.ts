/** What a file's bytes say it is, before any decoding. */
export type SniffedFormat = 'pdf' | 'docx' | 'html' | 'text' | 'zip' | 'legacy-office';

const ascii = (bytes: Uint8Array, start: number, end: number): string => {
  let s = '';
  const stop = Math.min(end, bytes.length);
  for (let i = start; i < stop; i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
};

/** Whether `needle` (ASCII) occurs anywhere in `bytes`. */
function includesAscii(bytes: Uint8Array, needle: string): boolean {
  const first = needle.charCodeAt(0);
  outer: for (
    let i = bytes.indexOf(first);
    i !== -1 && i <= bytes.length - needle.length;
    i = bytes.indexOf(first, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) {
      if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    }
    return true;
  }
  return false;
}

/** The first ~2 KB as text, whatever the encoding (UTF-16 bytes are folded to ASCII). */
function head(bytes: Uint8Array): string {
  const slice = bytes.subarray(0, 2048);
  const utf16 = (slice[0] === 0xff && slice[1] === 0xfe) || (slice[0] === 0xfe && slice[1] === 0xff);
  let s = '';
  for (const b of slice) if (!utf16 || b !== 0) s += String.fromCharCode(b);
  return s;
}

const HTML_START = /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
const HTML_ANYWHERE = /<html[\s>]|<!doctype\s+html/i;

/**
 * Detects a file's format from its content, not its name: `%PDF-` is a PDF; a zip holding
 * `word/document.xml` is a Word document; a zip without it is some other archive; an OLE2
 * header is a legacy Office file (.doc); a file whose first markup is `<!doctype html`, `<html`,
 * `<head` or `<body` is HTML. Anything else is treated as text (decoding then refuses binary
 * data). The extension only breaks a tie: a `.html` file that starts with other markup but
 * contains `<html` is still HTML.
 */
export function sniffFormat(bytes: Uint8Array, fileName = ''): SniffedFormat {
  if (ascii(bytes, 0, 1024).includes('%PDF-')) return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return includesAscii(bytes, 'word/document.xml') ? 'docx' : 'zip';
  }
  if (ascii(bytes, 0, 8) === '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1') return 'legacy-office';
  const start = head(bytes).replace(/^\ufeff|^\xef\xbb\xbf/, '');
  if (HTML_START.test(start)) return 'html';
  if (/\.x?html?$/i.test(fileName) && HTML_ANYWHERE.test(start)) return 'html';
  return 'text';
}
