import type { WindowLike } from 'dompurify';
import { sha256Hex } from '../hash';
import type { Article, ArticleFormat } from '../model';
import { decodeText } from './decode';
import { readDocx } from './docx';
import { ImportError } from './errors';
import { declaredCharset, readHtmlSteps, runSteps, type ParseHtml } from './html';
import { MAX_IMPORT_BYTES } from './limits';
import { notArticleReason } from './not-article';
import { defaultLoadPdfjs, readPdf, type LoadPdfjs } from './pdf';
import { sniffFormat } from './sniff';
import { structureSegments, type Structured } from './structure';
import { canonicalText, lineSegments } from './text';

export { ImportError } from './errors';
export type { ImportErrorCode } from './errors';
export {
  MAX_BATCH_BYTES,
  MAX_BATCH_FILES,
  MAX_IMPORT_BYTES,
  batchBytesReason,
  batchFilesReason,
} from './limits';
export type { ParseHtml } from './html';
export type { LoadPdfjs, PdfjsLib } from './pdf';
export { REMOVAL_REASONS } from './boilerplate';
export { isSavedPageFolder, notArticleReason, savedPageFolderReason } from './not-article';

/** A file handed to an importer: its name and its bytes, nothing else. */
export interface ImportInput {
  name: string;
  bytes: Uint8Array;
}

/** What an import needs from its host. Only `now` and `newId` are required. */
export interface ImportContext {
  /** ISO time stamped as `importedAt`. */
  now: string;
  /** Makes a new article id. */
  newId: () => string;
  /**
   * Parses HTML into an inert document (scripts must not run). Defaults to the browser's
   * `DOMParser`; on Node pass jsdom (see `cli/node-import-context.ts`).
   */
  parseHtml?: ParseHtml;
  /**
   * The window DOMPurify sanitises with. Defaults to the parsed document's `defaultView`, then
   * to the global window.
   */
  window?: WindowLike;
  /** Loads pdf.js on first PDF import. Defaults to the legacy build of `pdfjs-dist`. */
  loadPdfjs?: LoadPdfjs;
  /**
   * Awaited between the steps of reading a web page (parse, metadata, Readability, sanitising,
   * structure): the app's window gives its event loop a turn there, so that no task holds it for
   * a whole page. Without it the steps run straight through (the command line).
   */
  pause?: () => Promise<void>;
}

function formatSize(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const baseName = (name: string) => name.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');

interface Read {
  format: ArticleFormat;
  structured: Structured;
  title?: string;
  byline?: string;
  source?: string;
  publishedAt?: string | null;
  language?: string;
  url?: string;
  warnings?: string[];
}

async function read(input: ImportInput, ctx: ImportContext): Promise<Read> {
  const { name, bytes } = input;
  const env = { parseHtml: ctx.parseHtml, window: ctx.window };
  switch (sniffFormat(bytes, name)) {
    case 'pdf': {
      const pdf = await readPdf(bytes, name, ctx.loadPdfjs ?? defaultLoadPdfjs);
      const structured = structureSegments(pdf.segments, { inferBlocks: true, headTitle: true });
      return { format: 'pdf', structured, title: pdf.title, byline: pdf.author };
    }
    case 'docx': {
      const segments = await readDocx(bytes, name, env);
      return {
        format: 'docx',
        structured: structureSegments(segments, { inferBlocks: false, headTitle: true }),
      };
    }
    case 'zip':
      throw new ImportError(
        'unsupported',
        `“${name}” is a zip archive, not a Word document. Unzip it and import the articles inside.`,
        name,
      );
    case 'legacy-office':
      throw new ImportError(
        'unsupported',
        `“${name}” is an old-style Word or Office file (.doc). Save it as .docx or PDF and import that.`,
        name,
      );
    case 'html': {
      const decoded = decodeText(bytes, name, { declaredEncoding: declaredCharset(bytes) });
      const page = await runSteps(readHtmlSteps(decoded.text, name, env), ctx.pause);
      if (ctx.pause) await ctx.pause();
      const structured = structureSegments(page.segments, { inferBlocks: false, headTitle: false });
      return {
        format: 'html',
        structured,
        title: page.title,
        byline: page.byline,
        source: page.siteName,
        publishedAt: page.publishedAt,
        language: page.language,
        url: page.url,
        warnings: decoded.warnings,
      };
    }
    case 'text': {
      const decoded = decodeText(bytes, name);
      const segments = lineSegments(canonicalText(decoded.text));
      return {
        format: /\.(md|markdown)$/i.test(name) ? 'markdown' : 'text',
        structured: structureSegments(segments, { inferBlocks: true, headTitle: true }),
        warnings: decoded.warnings,
      };
    }
  }
}

/**
 * Turns one file into an Article, or throws an {@link ImportError} that says why it cannot.
 *
 * The format comes from the content ({@link sniffFormat}), not the name: plain text and
 * Markdown, saved web pages, PDF and Word (.docx). Every format ends as canonical text (NFC,
 * `\n`), typed blocks with offsets into it, footnote markers, metadata (from the page's
 * `<head>`, the PDF's information, or the head of the text), and the boilerplate removed, each
 * removed range kept in `removed`. Files over {@link MAX_IMPORT_BYTES}, empty files and binary
 * files are refused; scripts, style sheets, images, fonts and media are refused with the code
 * `not-article` ({@link notArticleReason}), which hosts report as skipped rather than failed. Pure: it neither stores nor reads anything but its input and `ctx`.
 */
export async function importFile(input: ImportInput, ctx: ImportContext): Promise<Article> {
  const { name, bytes } = input;
  const label = name ? `“${name}”` : 'The file';
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ImportError(
      'too-large',
      `${label} is ${formatSize(bytes.length)}; Gloss imports files up to ${formatSize(MAX_IMPORT_BYTES)}.`,
      name,
    );
  }
  if (bytes.length === 0)
    throw new ImportError('empty', `${label} is empty: there is no text to import.`, name);
  const notArticle = notArticleReason(name, bytes);
  if (notArticle) throw new ImportError('not-article', notArticle, name);
  const r = await read(input, ctx);
  const { text, blocks, removed, footnotes, meta } = r.structured;
  if (text.trim() === '') throw new ImportError('empty', `${label} has no article text to import.`, name);
  return {
    id: ctx.newId(),
    contentHash: await sha256Hex(text),
    title: r.title || meta.title || baseName(name),
    source: r.source || meta.source,
    byline: r.byline || meta.byline,
    publishedAt: r.publishedAt ?? meta.publishedAt,
    url: r.url ?? '',
    language: r.language ?? '',
    importedAt: ctx.now,
    format: r.format,
    fileName: name,
    text,
    blocks,
    removed,
    ...(footnotes.length ? { footnotes } : {}),
    ...(r.warnings?.length ? { warnings: r.warnings } : {}),
  };
}

export { sniffFormat } from './sniff';
