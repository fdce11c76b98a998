import { ImportError } from './errors';
import { MAX_IMPORT_BYTES } from './limits';

/** Text decoded from a file's bytes, with the encoding used and any warning for the user. */
export interface DecodedText {
  text: string;
  /** The encoding the bytes were read as (a WHATWG encoding label). */
  encoding: string;
  warnings: string[];
}

/** Options for {@link decodeText}. */
export interface DecodeOptions {
  /**
   * A legacy encoding the file declares for itself (an HTML `<meta charset>`), tried before the
   * windows-1252 fallback when the bytes are not valid UTF-8.
   */
  declaredEncoding?: string;
}

/**
 * UTF-16 without a BOM shows as ASCII letters interleaved with NUL bytes. Returns the byte order
 * when at least 90% of one byte lane is NUL and the other lane is mostly not, else null.
 */
function bomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= 0.9 * pairs && evenNul <= 0.1 * pairs) return 'utf-16le';
  if (evenNul >= 0.9 * pairs && oddNul <= 0.1 * pairs) return 'utf-16be';
  return null;
}

/** Windows-1252's characters for bytes 0x80–0x9F (the rest of the code page is Latin-1). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Decodes windows-1252 by table: some runtimes' `TextDecoder('windows-1252')` (Node 22 among
 * them) decode it as ISO-8859-1 and lose curly quotes, dashes and the euro sign.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    let chunk = '';
    for (const b of bytes.subarray(i, i + 8192)) {
      chunk += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    }
    parts.push(chunk);
  }
  return parts.join('');
}

function tryDecoder(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Decodes the bytes of a text file: a BOM (UTF-8, UTF-16 LE/BE) wins; then BOM-less UTF-16 (NUL
 * bytes in every other position); otherwise strict UTF-8, then the encoding the file declares
 * (if any), then windows-1252 with a warning. Refuses empty, oversized and binary (NUL-bearing)
 * input with an {@link ImportError} whose message tells the user what happened.
 */
export function decodeText(bytes: Uint8Array, fileName = '', options: DecodeOptions = {}): DecodedText {
  const label = fileName ? `“${fileName}”` : 'The file';
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ImportError(
      'too-large',
      `${label} is ${formatSize(bytes.length)}; Gloss imports files up to ${formatSize(MAX_IMPORT_BYTES)}.`,
      fileName,
    );
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  let decoded: DecodedText;
  if (b0 === 0xff && b1 === 0xfe) {
    decoded = {
      text: new TextDecoder('utf-16le').decode(bytes.subarray(2)),
      encoding: 'utf-16le',
      warnings: [],
    };
  } else if (b0 === 0xfe && b1 === 0xff) {
    decoded = {
      text: new TextDecoder('utf-16be').decode(bytes.subarray(2)),
      encoding: 'utf-16be',
      warnings: [],
    };
  } else if (bytes.includes(0) && bomlessUtf16(bytes)) {
    const encoding = bomlessUtf16(bytes)!;
    decoded = { text: new TextDecoder(encoding).decode(bytes), encoding, warnings: [] };
  } else {
    if (bytes.includes(0)) {
      throw new ImportError(
        'binary',
        `${label} is not a text file (it contains binary data). Import plain text, a saved web page, a PDF or a Word document.`,
        fileName,
      );
    }
    const body = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      decoded = {
        text: new TextDecoder('utf-8', { fatal: true }).decode(body),
        encoding: 'utf-8',
        warnings: [],
      };
    } catch {
      const declared = options.declaredEncoding?.trim().toLowerCase();
      const legacy =
        declared && !/^(?:utf-?8|windows-1252|cp1252|iso-8859-1|latin-?1|us-ascii|ascii)$/.test(declared)
          ? tryDecoder(declared)
          : null;
      decoded = legacy
        ? { text: legacy.decode(body), encoding: legacy.encoding, warnings: [] }
        : {
            text: decodeWindows1252(body),
            encoding: 'windows-1252',
            warnings: [
              `${label} is not valid UTF-8; it was read as Windows-1252. Check accented letters and quotes.`,
            ],
          };
    }
  }
  if (decoded.text.trim() === '') {
    throw new ImportError('empty', `${label} is empty: there is no text to import.`, fileName);
  }
  return decoded;
}
