import { sha256Hex } from '../hash';
import { tagColour, type Analyst, type Annotation, type Article, type Tag } from '../model';
import { PROJECT_TYPE, PROJECT_VERSION, type ProjectDocument } from '../project';
import { ExportFormatError, parseJsonExport, type GlossExport } from './json';

/**
 * Who a Gloss JSON export is "from" when it is merged: an export names no analyst (its
 * annotations keep their own authors), so the merge preview and the CLI summary show this.
 */
export const EXPORT_ANALYST: Analyst = Object.freeze({ id: 'gloss-json-export', name: 'Gloss JSON export' });

/**
 * The mark an export's project document carries in its envelope (a field the format keeps as
 * unknown). Like a partial project, an export says nothing about the annotations it leaves out
 * nor about any earlier exchange, so merging it records no sync: every annotation it holds in a
 * version other than mine then counts as changed on both sides, a conflict to settle, never a
 * silent overwrite.
 */
export interface ExportMark {
  export: { app: { name: string; version: string }; exportedAt: string };
}

const dupes = (ids: readonly string[]): string[] => {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
};

/**
 * A parsed Gloss JSON export ({@link parseJsonExport}) as a project document, so that restoring
 * it is a merge (`core/merge`) like that of a colleague's project file: its articles, its
 * annotations with their authors and times (tombstones included, should a file carry them), its
 * source grades, and a tag vocabulary of the tags its live annotations use. Checked first, as a
 * project file is, beyond what {@link parseJsonExport} checks (schema, each annotation's position
 * inside its article's text): ids unique, each article's text matching its `contentHash`.
 * @throws {ExportFormatError} naming each problem; nothing is to be written then.
 */
export async function exportAsProject(doc: GlossExport): Promise<ProjectDocument & { envelope: ExportMark }> {
  const problems: string[] = [];
  for (const id of dupes(doc.articles.map((a) => a.id))) problems.push(`two articles have the id “${id}”`);
  for (const id of dupes(doc.annotations.map((a) => a.id)))
    problems.push(`two annotations have the id “${id}”`);
  for (const s of dupes(doc.sourceGrades.map((g) => g.source)))
    problems.push(`the source “${s}” is graded twice`);
  const hashes = await Promise.all(doc.articles.map((a) => sha256Hex(a.text)));
  doc.articles.forEach((a, i) => {
    if (hashes[i] !== a.contentHash)
      problems.push(`the text of the article “${a.title || a.id}” does not match its contentHash`);
  });
  if (problems.length) throw new ExportFormatError('The export is damaged:', problems);

  const names = [...new Set(doc.annotations.flatMap((a) => (a.deletedAt === null ? a.tags : [])))];
  const tags: Tag[] = names.map((name, i) => ({ name, color: tagColour(i) }));
  return {
    envelope: {
      type: PROJECT_TYPE,
      version: PROJECT_VERSION,
      app: { name: doc.app.name, version: doc.app.version },
      savedAt: doc.exportedAt,
      analyst: { ...EXPORT_ANALYST },
      name: 'Gloss JSON export',
      export: { app: { name: doc.app.name, version: doc.app.version }, exportedAt: doc.exportedAt },
    },
    articles: doc.articles as Article[],
    annotations: doc.annotations as Annotation[],
    sourceGrades: doc.sourceGrades,
    tags,
    sets: [],
  };
}

/** Whether a project document is a Gloss JSON export read by {@link exportAsProject}. */
export function isExportDocument(doc: ProjectDocument): doc is ProjectDocument & { envelope: ExportMark } {
  const mark = (doc.envelope as { export?: unknown }).export;
  return typeof mark === 'object' && mark !== null;
}

const EXPORT_SNIFF = /^\s*\{[\s\S]*?"type"\s*:\s*"gloss-export"/;

/**
 * Whether a file is to be read as a Gloss JSON export (and so merged, not imported as text):
 * any `.json` file (one that is not an export is then refused with the reason), or a file of
 * any name that starts like one.
 */
export function looksLikeJsonExport(name: string, bytes: Uint8Array): boolean {
  if (/\.json$/i.test(name)) return true;
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 512));
  return EXPORT_SNIFF.test(head.replace(/^\ufeff/, ''));
}

/**
 * Reads a file's bytes as a Gloss JSON export and returns it as a project document to merge
 * ({@link exportAsProject}): UTF-8 text, JSON, a Gloss export of a version this Gloss reads,
 * valid throughout.
 * @throws {ExportFormatError} with the reason the file cannot be restored.
 */
export async function readJsonExportAsProject(
  bytes: Uint8Array,
): Promise<ProjectDocument & { envelope: ExportMark }> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ExportFormatError('The file is not a Gloss export: it is not UTF-8 text.');
  }
  return exportAsProject(parseJsonExport(text));
}
