import { ImportError } from './errors';
import { MAX_IMPORT_BYTES } from './limits';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  warnings: string[];
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Decodes the bytes of a text file: a BOM (UTF-8, UTF-16 LE/BE) wins; otherwise strict UTF-8,
 * then windows-1252 with a warning. Refuses empty, oversized and binary (NUL-bearing) input with
 * an {@link ImportError} whose message tells the user what happened.
 */
export function decodeText(bytes: Uint8Array, fileName = ''): DecodedText {
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
    decoded = { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', warnings: [] };
  } else if (b0 === 0xfe && b1 === 0xff) {
    decoded = { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', warnings: [] };
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
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8', warnings: [] };
    } catch {
      decoded = {
        text: new TextDecoder('windows-1252').decode(body),
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
