import { ExportFormatError, looksLikeJsonExport, readJsonExportAsProject } from '../../../../core/exporters';
import {
  ImportError,
  importFile,
  type ImportInput,
  type LoadPdfjs,
  type ParseHtml,
} from '../../../../core/importers';
import { sha256Hex } from '../../../../core/hash';
import { escapeControls } from '../../../../core/text/escape-controls';
import type { Article } from '../../../../core/model';
import type { ProjectDocument } from '../../../../core/project';
import { addArticles, type AddArticlesResult } from '../../db/articles';
import type { GlossDB } from '../../db/db';
import { restoreRemoved } from './restore-removed';

export interface ImportReport extends AddArticlesResult {
  /** Files that could not be imported, each with a message the user can act on. */
  failed: { name: string; reason: string }[];
  /**
   * Files and folders left out because they are no articles (scripts, style sheets, images,
   * fonts, a saved page's companion folder), each with the reason; not a failure.
   */
  notArticles?: { name: string; reason: string }[];
  /** True when the user cancelled: the files after the one being read then were not imported. */
  canceled: boolean;
  /** How many files were not looked at because of the cancel. */
  skipped: number;
  /**
   * Gloss JSON exports, read and checked but not stored: each is merged into the library
   * through the merge preview, as a colleague's project file is (core/exporters' exportAsProject).
   */
  exports?: { name: string; doc: ProjectDocument }[];
  /** With {@link ImportOptions.hold}: the articles read but not yet stored, for review. */
  held?: Article[];
}

export interface ImportOptions {
  /**
   * Read the articles but do not store them: they are returned in `held`, for the user to
   * review (and restore removed text) before they are added with {@link addReviewed}.
   */
  hold?: boolean;
  /** Called after each file with how many are done, of how many, and the name of the next one. */
  onProgress?: (done: number, total: number, next?: string) => void;
  now?: () => string;
  /** Cancels the import: the file being read finishes, the rest are left alone. */
  signal?: AbortSignal;
  /** How pdf.js is loaded (the renderer points it at its bundled worker). */
  loadPdfjs?: LoadPdfjs;
  /** How HTML is parsed (the browser's DOMParser by default; tests on Node pass jsdom). */
  parseHtml?: ParseHtml;
  /**
   * How long read articles may wait to be stored with those read after them, in one
   * transaction ({@link STORE_EVERY_MS} by default).
   */
  storeEveryMs?: number;
  /** Overrides the fields of each imported article (a paste is stored as format `paste`). */
  override?: Partial<Pick<Article, 'format' | 'fileName' | 'title'>>;
}

/**
 * Gives the event loop a turn (between files, and between the steps of reading a web page), so
 * that painting, input and the Cancel button are served during a long batch. A plain task (a
 * message to itself), not `scheduler.yield()`: the browser runs a yield's continuation ahead of
 * waiting input, so a batch that never waits for the store kept a Cancel click waiting until its
 * last file (the import e2e spec).
 */
export function yieldToUi(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function failure(file: ImportInput, err: unknown): { name: string; reason: string } {
  const reason =
    err instanceof ImportError
      ? err.message
      : escapeControls(
          err instanceof ExportFormatError
            ? `“${file.name}” was not restored: ${err.message}`
            : `“${file.name}” could not be imported: ${err instanceof Error ? err.message : String(err)}`,
        );
  return { name: file.name, reason };
}

/**
 * How long read articles may wait before they are stored: the articles read within this time
 * are stored together, in one transaction, so that the library and the other views re-read
 * once for them rather than once per article (the page's longest tasks during an import).
 */
const STORE_EVERY_MS = 400;

/**
 * Imports files into the library. Each file is read on its own (a bad file is reported, nothing
 * of it stored, while the others go on), its web page in steps with a turn of the event loop
 * between them ({@link yieldToUi}); the articles read are stored together at most every
 * {@link STORE_EVERY_MS}, each group in one transaction, and what was read is stored before the
 * import returns, so a cancel keeps every article read before it. Should a group's transaction
 * fail (the store refused a record), its articles are stored one by one and only the refused
 * ones are reported, each with its file.
 */
export async function importFiles(
  db: GlossDB,
  files: ImportInput[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const now = options.now ?? (() => new Date().toISOString());
  const report: ImportReport = { added: [], duplicates: [], failed: [], canceled: false, skipped: 0 };
  let pending: { file: ImportInput; article: Article }[] = [];
  let firstPendingAt = 0;
  const store = async () => {
    const group = pending;
    pending = [];
    if (group.length === 0) return;
    try {
      const stored = await addArticles(
        db,
        group.map((p) => p.article),
      );
      report.added.push(...stored.added);
      report.duplicates.push(...stored.duplicates);
    } catch {
      for (const { file, article } of group) {
        try {
          const stored = await addArticles(db, [article]);
          report.added.push(...stored.added);
          report.duplicates.push(...stored.duplicates);
        } catch (err) {
          report.failed.push(failure(file, err));
        }
      }
    }
  };
  for (const [i, file] of files.entries()) {
    if (options.signal?.aborted) {
      report.canceled = true;
      report.skipped = files.length - i;
      break;
    }
    try {
      if (looksLikeJsonExport(file.name, file.bytes)) {
        const doc = await readJsonExportAsProject(file.bytes);
        (report.exports ??= []).push({ name: file.name, doc });
      } else {
        const article = await importFile(file, {
          now: now(),
          newId: () => crypto.randomUUID(),
          pause: yieldToUi,
          ...(options.loadPdfjs ? { loadPdfjs: options.loadPdfjs } : {}),
          ...(options.parseHtml ? { parseHtml: options.parseHtml } : {}),
        });
        if (options.hold) (report.held ??= []).push({ ...article, ...options.override });
        else {
          if (pending.length === 0) firstPendingAt = performance.now();
          pending.push({ file, article: { ...article, ...options.override } });
        }
      }
    } catch (err) {
      if (err instanceof ImportError && err.code === 'not-article') {
        (report.notArticles ??= []).push({ name: file.name, reason: err.message });
      } else report.failed.push(failure(file, err));
    }
    if (pending.length && performance.now() - firstPendingAt >= (options.storeEveryMs ?? STORE_EVERY_MS))
      await store();
    options.onProgress?.(i + 1, files.length, files[i + 1]?.name);
    await yieldToUi();
  }
  await store();
  return report;
}

/** One-line summary and detail lines of an import, for a notice. */
export function describeImport(report: ImportReport): {
  tone: 'success' | 'warning' | 'error';
  title: string;
  details: string[];
} {
  const n = report.added.length;
  const parts: string[] = [];
  if (report.canceled) parts.push('Import cancelled');
  if (n || report.canceled)
    parts.push(`${report.canceled ? 'imported' : 'Imported'} ${n} article${n === 1 ? '' : 's'}`);
  if (report.duplicates.length) {
    parts.push(`${report.duplicates.length} already in the library`);
  }
  const exports = report.exports?.length ?? 0;
  if (exports) {
    parts.push(
      `${parts.length ? 'read' : 'Read'} ${exports} Gloss export${exports === 1 ? '' : 's'} to merge`,
    );
  }
  if (report.failed.length) parts.push(`${report.failed.length} could not be imported`);
  const notArticles = report.notArticles ?? [];
  if (notArticles.length) {
    parts.push(
      `${parts.length ? 'skipped' : 'Skipped'} ${notArticles.length} that ${notArticles.length === 1 ? 'is' : 'are'} not an article`,
    );
  }
  if (report.skipped) parts.push(`${report.skipped} not imported`);
  const details = [
    ...report.failed.map((f) => f.reason),
    ...notArticles.map((f) => f.reason),
    ...report.duplicates.map((d) => `“${d.fileName}” is already in the library as “${d.existingTitle}”.`),
  ];
  const tone = report.failed.length
    ? n || exports
      ? 'warning'
      : 'error'
    : (report.duplicates.length && !n) || report.canceled || (notArticles.length && !n && !exports)
      ? 'warning'
      : 'success';
  return { tone, title: parts.join('; ') || 'Nothing to import', details };
}

/**
 * Puts removed passages back into an article that is not stored yet (the review before
 * adding): the passages at `indices` of `article.removed` go back where they stood, and the
 * content hash follows the new text.
 */
export async function withRestored(article: Article, indices: readonly number[]): Promise<Article> {
  if (indices.length === 0) return article;
  let next = article;
  // From the last to the first, so that each index still names the passage it named.
  for (const index of [...new Set(indices)].sort((a, b) => b - a)) {
    const r = restoreRemoved(next, index);
    next = { ...next, text: r.text, blocks: r.blocks, removed: r.removed };
    if (r.footnotes) next.footnotes = r.footnotes;
    else delete next.footnotes;
  }
  return { ...next, contentHash: await sha256Hex(next.text) };
}

/**
 * Stores articles the user reviewed before adding them, each with the removed passages the
 * user chose to restore, in one transaction (duplicates are reported, not added).
 */
export async function addReviewed(
  db: GlossDB,
  reviewed: readonly { article: Article; restore: readonly number[] }[],
): Promise<AddArticlesResult> {
  const articles = await Promise.all(reviewed.map((r) => withRestored(r.article, r.restore)));
  return addArticles(db, articles);
}
