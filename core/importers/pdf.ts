import type { getDocument } from 'pdfjs-dist';
import { ImportError } from './errors';
import type { Segment } from './text';

/** The part of pdf.js the importer uses (the `pdfjs-dist` module, either build). */
export interface PdfjsLib {
  getDocument: typeof getDocument;
}

/**
 * Loads pdf.js on first use, so that text and HTML imports never pay for it. The default loads
 * the legacy build, which runs in Node (with pdf.js's in-process "fake" worker) and in older
 * browsers; the renderer may inject its own loader that sets `GlobalWorkerOptions.workerSrc`.
 */
export type LoadPdfjs = () => Promise<PdfjsLib>;

export const defaultLoadPdfjs: LoadPdfjs = () => import('pdfjs-dist/legacy/build/pdf.mjs');

/** A PDF's paragraphs with their pages, and what its document information says. */
export interface PdfArticle {
  segments: Segment[];
  title: string;
  author: string;
}

interface Line {
  text: string;
  y: number;
  size: number;
}

interface Item {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/** Groups a page's text items into lines: a new line at an end-of-line mark or a change of baseline. */
function pageLines(items: Item[]): Line[] {
  const lines: Line[] = [];
  let cur: (Line & { endX: number }) | null = null;
  let breakNext = false;
  for (const item of items) {
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    const size = Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0) || item.height || 10;
    if (item.str === '' && !item.hasEOL) continue;
    if (cur && !breakNext && Math.abs(y - cur.y) <= size * 0.5) {
      const gap = x - cur.endX;
      if (gap > size * 0.15 && !/\s$/.test(cur.text) && !/^\s/.test(item.str)) cur.text += ' ';
      cur.text += item.str;
      cur.endX = x + item.width;
      cur.size = Math.max(cur.size, size);
    } else if (item.str !== '') {
      if (cur) lines.push(cur);
      cur = { text: item.str, y, size, endX: x + item.width };
    }
    breakNext = item.hasEOL;
  }
  if (cur) lines.push(cur);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text);
}

/** Joins a paragraph's lines, mending words hyphenated across a line break. */
function joinLines(lines: Line[]): string {
  let text = '';
  for (const l of lines) {
    if (!text) text = l.text;
    else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(l.text)) text = text.slice(0, -1) + l.text;
    else text += ' ' + l.text;
  }
  return text;
}

/**
 * Groups lines into paragraphs: a new paragraph where the gap between baselines is clearly
 * wider than the page's usual line pitch, or where the type size changes. Larger type than the
 * body is a heading.
 */
function pageSegments(lines: Line[], page: number, bodySize: number): Segment[] {
  const gaps = lines
    .slice(1)
    .map((l, i) => Math.abs(lines[i]!.y - l.y))
    .filter((g) => g > 0);
  const pitch = median(gaps) || bodySize * 1.2;
  const segments: Segment[] = [];
  let para: Line[] = [];
  const flush = () => {
    if (para.length === 0) return;
    const size = Math.max(...para.map((l) => l.size));
    const text = joinLines(para);
    const heading = size > bodySize * 1.15 && text.length <= 200;
    segments.push({ text, type: heading ? 'heading' : 'paragraph', sep: '\n\n', page });
    para = [];
  };
  for (const [i, line] of lines.entries()) {
    const prev = lines[i - 1];
    if (prev) {
      const gap = Math.abs(prev.y - line.y);
      const sizeChange = Math.abs(prev.size - line.size) > Math.min(prev.size, line.size) * 0.15;
      if (gap > pitch * 1.35 || sizeChange || line.y > prev.y + pitch * 0.5) flush();
    }
    para.push(line);
  }
  flush();
  return segments;
}

/** A string field of the PDF document information dictionary, or empty. */
function infoString(info: unknown, key: string): string {
  const v = info && typeof info === 'object' ? (info as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * Reads the text of a PDF with pdf.js, in reading order (items in content order, grouped into
 * lines by baseline and into paragraphs by line spacing), keeping each paragraph's page.
 * Refuses encrypted PDFs and PDFs without a text layer (scans) with a clear message.
 */
export async function readPdf(bytes: Uint8Array, fileName: string, load: LoadPdfjs): Promise<PdfArticle> {
  const pdfjs = await load();
  const task = pdfjs.getDocument({
    // A copy as a plain Uint8Array: pdf.js refuses a Node Buffer (any other byte view works), and
    // takes ownership of (and detaches) the buffer it is given.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    const name = (err as { name?: string } | null)?.name;
    if (name === 'PasswordException') {
      throw new ImportError(
        'unsupported',
        `“${fileName}” is password-protected; open it and save an unprotected copy.`,
        fileName,
      );
    }
    throw new ImportError(
      'unsupported',
      `“${fileName}” could not be read as a PDF (${String((err as Error)?.message ?? err)}).`,
      fileName,
    );
  }
  try {
    const pages: Line[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      pages.push(pageLines(content.items.flatMap((v) => ('str' in v ? [v] : []))));
      page.cleanup();
    }
    const bodySize = median(pages.flat().map((l) => l.size)) || 10;
    const segments: Segment[] = [];
    for (const [i, lines] of pages.entries()) {
      const [first, ...rest] = pageSegments(lines, i + 1, bodySize);
      const prev = segments.at(-1);
      // a paragraph that runs over a page break continues in lower case after an unfinished line
      if (
        first &&
        prev &&
        prev.type === 'paragraph' &&
        !/[.!?:;"”’)\]]$/.test(prev.text) &&
        /^\p{Ll}/u.test(first.text)
      ) {
        prev.text += ' ' + first.text;
      } else if (first) segments.push(first);
      segments.push(...rest);
    }
    if (segments.length === 0) {
      throw new ImportError(
        'empty',
        `“${fileName}” has no text layer (it may be a scan); Gloss imports PDFs that contain text.`,
        fileName,
      );
    }
    const { info } = await doc.getMetadata().catch(() => ({ info: null }));
    const title = infoString(info, 'Title');
    return {
      segments,
      title: /^(untitled|microsoft word - .*|.*\.\w{2,4})$/i.test(title) ? '' : title,
      author: infoString(info, 'Author'),
    };
  } finally {
    await doc.destroy();
  }
}
