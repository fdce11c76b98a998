import { ImportError } from './errors';
import { resolveParser, sanitisedSegments, type HtmlEnvironment } from './html';
import type { Segment } from './text';

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
