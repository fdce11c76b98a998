import { ImportError, importFile, type ImportInput } from '../../../../core/importers';
import type { Article } from '../../../../core/model';
import { addArticles, type AddArticlesResult } from '../../db/articles';
import type { GlossDB } from '../../db/db';

export interface ImportReport extends AddArticlesResult {
  /** Files that could not be imported, each with a message the user can act on. */
  failed: { name: string; reason: string }[];
}

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
  now?: () => string;
}

/**
 * Imports files into the library: each file is turned into an article (a bad file is reported,
 * the others go on), then all good articles are stored in one transaction.
 */
export async function importFiles(
  db: GlossDB,
  files: ImportInput[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const now = options.now ?? (() => new Date().toISOString());
  const articles: Article[] = [];
  const failed: ImportReport['failed'] = [];
  for (const [i, file] of files.entries()) {
    try {
      articles.push(await importFile(file, { now: now(), newId: () => crypto.randomUUID() }));
    } catch (err) {
      const reason =
        err instanceof ImportError ? err.message : `“${file.name}” could not be imported: ${String(err)}`;
      failed.push({ name: file.name, reason });
    }
    options.onProgress?.(i + 1, files.length);
  }
  const stored = articles.length ? await addArticles(db, articles) : { added: [], duplicates: [] };
  return { ...stored, failed };
}

/** One-line summary and detail lines of an import, for a notice. */
export function describeImport(report: ImportReport): {
  tone: 'success' | 'warning' | 'error';
  title: string;
  details: string[];
} {
  const n = report.added.length;
  const parts: string[] = [];
  if (n) parts.push(`Imported ${n} article${n === 1 ? '' : 's'}`);
  if (report.duplicates.length) {
    parts.push(`${report.duplicates.length} already in the library`);
  }
  if (report.failed.length) parts.push(`${report.failed.length} could not be imported`);
  const details = [
    ...report.failed.map((f) => f.reason),
    ...report.duplicates.map((d) => `“${d.fileName}” is already in the library as “${d.existingTitle}”.`),
  ];
  const tone = report.failed.length
    ? n
      ? 'warning'
      : 'error'
    : report.duplicates.length && !n
      ? 'warning'
      : 'success';
  return { tone, title: parts.join('; ') || 'Nothing to import', details };
}
