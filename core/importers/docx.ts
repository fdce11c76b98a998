import { ProjectFileError } from '../project/errors';
import { readZip } from '../project/zip';
import { ImportError } from './errors';
import { resolveParser, sanitisedSegments, type HtmlEnvironment } from './html';
import { DOCX_LIMITS, DOCX_RATIO_FLOOR } from './limits';
import type { Segment } from './text';

const mib = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/** Why the zip reader refused a Word document, as the end of one sentence. */
function zipProblem(err: ProjectFileError): string {
  const named = /“([^”]*)”/.exec(err.message)?.[1];
  switch (err.code) {
    case 'too-many-entries':
      return `it holds more than ${DOCX_LIMITS.maxEntries.toLocaleString('en')} parts, far more than any Word document (it may be a “zip bomb”)`;
    case 'too-large':
    case 'size-mismatch':
      return `it would unpack to more than ${mib(DOCX_LIMITS.maxTotalUncompressedBytes)}, or to more than it declares (it may be a “zip bomb”)`;
    case 'unsafe-path':
      return `it holds a part named “${named ?? '?'}” that would land outside its folder (a “zip slip”)`;
    case 'duplicate-entry':
      return `it holds the part “${named ?? '?'}” twice`;
    default:
      return `it is damaged or is not a Word document (${err.message})`;
  }
}

/**
 * Checks a Word document's zip before mammoth inflates it: entry names, the number of parts,
 * their declared total, then every part inflated with a running check against what it declared
 * (and its checksum), then the ratio of unpacked to packed bytes. What passes is exactly what
 * mammoth then reads, so mammoth never inflates more than these bounds.
 * @throws {ImportError} one sentence naming the file and the reason.
 */
export function checkDocxZip(bytes: Uint8Array, fileName: string): void {
  let total = 0;
  try {
    for (const part of readZip(bytes, DOCX_LIMITS).values()) total += part.length;
  } catch (err) {
    if (!(err instanceof ProjectFileError)) throw err;
    const bomb = err.code === 'too-large' || err.code === 'too-many-entries' || err.code === 'size-mismatch';
    const code = bomb ? 'too-large' : 'unsupported';
    throw new ImportError(code, `“${fileName}” was not imported: ${zipProblem(err)}.`, fileName);
  }
  if (total > DOCX_RATIO_FLOOR && total > bytes.length * DOCX_LIMITS.maxRatio) {
    throw new ImportError(
      'too-large',
      `“${fileName}” was not imported: it unpacks to ${Math.round(total / bytes.length)} times its size, far more than a Word document does (it may be a “zip bomb”).`,
      fileName,
    );
  }
}

/**
 * Reads a Word document: mammoth converts it to HTML (headings, paragraphs, lists, tables,
 * footnotes), which then takes the same road as a web page's article: DOMPurify, then text
 * segments. External files the document links to are never read.
 */
export async function readDocx(
  bytes: Uint8Array,
  fileName: string,
  env: HtmlEnvironment,
): Promise<Segment[]> {
  checkDocxZip(bytes, fileName);
  // A copy in a plain Uint8Array: a Node Buffer's `slice` is a view, and its `.buffer` may be a
  // shared pool holding other data.
  const arrayBuffer = new Uint8Array(bytes).buffer;
  // mammoth's Node entry reads `buffer`, its browser entry `arrayBuffer`: give both the same bytes
  const input = { arrayBuffer, buffer: arrayBuffer } as unknown as { arrayBuffer: ArrayBuffer };
  // Loaded on the first Word import only: mammoth and its zip and XML libraries are about a
  // third of the importers' code, which start-up would otherwise parse for nothing.
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    html = (await mammoth.convertToHtml(input, { externalFileAccess: false })).value;
  } catch (err) {
    throw new ImportError(
      'unsupported',
      `“${fileName}” could not be read as a Word document (${String((err as Error)?.message ?? err)}).`,
      fileName,
    );
  }
  const doc = resolveParser(env, fileName)('<!DOCTYPE html><html><body></body></html>');
  return sanitisedSegments(html, doc, env);
}
