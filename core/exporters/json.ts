import { z } from 'zod';
import type { Annotation, Article, SourceGrade } from '../model';
import {
  AnnotationSchema,
  ArticleRecordSchema,
  SourceGradeSchema,
  TimestampSchema,
  annotationOffsetProblem,
  textLayoutProblems,
} from '../model';
import type { ExportInput } from './input';
import { Pieces } from './pieces';
import { orderAnnotations, orderArticles } from './records';

/** The `type` of a Gloss JSON export's envelope. */
export const EXPORT_TYPE = 'gloss-export';
/** The export format version this Gloss writes and the newest it reads. */
export const EXPORT_VERSION = 2;

/** An article as an export carries it: everything but the imported bytes (`original`). */
export type ExportedArticle = Omit<Article, 'original'>;

// The wire form of an article: the model's schema without `original` (binary has no JSON
// form, and exports share analysis, not source files), still keeping unknown fields.
const { original: _original, ...exportedArticleShape } = ArticleRecordSchema.shape;
const ExportedArticleSchema = z.looseObject(exportedArticleShape).superRefine((a, ctx) => {
  for (const problem of textLayoutProblems(a)) ctx.addIssue({ code: 'custom', ...problem });
});

/**
 * The JSON export document (format version 2: annotations carry `updatedBy` and `provenance`,
 * source grades `updatedBy`; version 1 files are read with those filled in, see
 * {@link parseJsonExport}). `docs/gloss-export.schema.json` is generated from
 * it; unknown fields are kept at every level so that a file from a newer minor Gloss survives.
 */
export const GlossExportSchema = z
  .looseObject({
    type: z.literal(EXPORT_TYPE),
    version: z.literal(EXPORT_VERSION),
    app: z.looseObject({ name: z.string(), version: z.string() }),
    exportedAt: TimestampSchema,
    articles: z.array(ExportedArticleSchema),
    annotations: z.array(AnnotationSchema),
    sourceGrades: z.array(SourceGradeSchema),
  })
  .meta({
    title: 'Gloss JSON export',
    description:
      'Articles, annotations and source grades exported by Gloss. Offsets are UTF-16 code units into article.text, as Gloss stores them.',
  });

/** A parsed JSON export: an {@link ExportInput} with its envelope. */
export interface GlossExport {
  type: typeof EXPORT_TYPE;
  version: typeof EXPORT_VERSION;
  app: { name: string; version: string };
  exportedAt: string;
  articles: ExportedArticle[];
  annotations: Annotation[];
  sourceGrades: SourceGrade[];
}

/** The JSON Schema (draft 2020-12) of the export document, as committed in docs/. */
export function exportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(GlossExportSchema, { target: 'draft-2020-12', io: 'input' });
}

/** Why a file could not be read as a Gloss export; `issues` lists each problem on one line. */
export class ExportFormatError extends Error {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(issues.length ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message);
    this.name = 'ExportFormatError';
  }
}

/**
 * The export document for `input`: the envelope, then every article (without its imported
 * bytes), every live annotation (tombstones are not exported) and every source grade, in a
 * stable order: articles by date, title and id; annotations by article in that order, then by
 * position; grades by source. Annotation selectors keep Gloss's own UTF-16 offsets, so that
 * {@link parseJsonExport} restores exactly what was exported.
 */
export function toJsonDocument(input: ExportInput): GlossExport {
  const articles = orderArticles(input.articles).map(({ original: _bytes, ...rest }) => rest);
  const annotations = orderAnnotations(input.articles, input.annotations).flatMap((g) =>
    g.annotations.map((k) => k.annotation),
  );
  const sourceGrades = [...input.sourceGrades].sort((a, b) =>
    a.source < b.source ? -1 : a.source > b.source ? 1 : 0,
  );
  return {
    type: EXPORT_TYPE,
    version: EXPORT_VERSION,
    app: { name: input.app.name, version: input.app.version },
    exportedAt: input.exportedAt,
    articles,
    annotations,
    sourceGrades,
  };
}

export interface JsonOptions {
  /** Indent with two spaces (the default) rather than write one line. */
  pretty?: boolean;
}

/** The JSON export as text (UTF-8 when written), as {@link toJsonDocument} describes it. */
export function toJson(input: ExportInput, options: JsonOptions = {}): string {
  return [...jsonChunks(input, options)].join('');
}

/**
 * The text of {@link toJson}, character for character, in pieces of about a million characters,
 * so that an export of any size goes to its file piece by piece (the whole document as one
 * string stops at V8's limit of about 512 million characters: some 600,000 annotations). The
 * envelope's fields are written as `JSON.stringify` writes them; every array of the document is
 * written item by item. `onProgress` hears the records (articles, annotations, grades) written.
 */
export function* jsonChunks(
  input: ExportInput,
  options: JsonOptions & { onProgress?: (done: number, total: number) => void } = {},
): Generator<string> {
  const doc = toJsonDocument(input) as unknown as Record<string, unknown>;
  const pretty = options.pretty !== false;
  const stringify = (value: unknown, indent: string): string => {
    const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
    // JSON text holds no raw line break inside a string, so every one starts a nested line.
    return pretty ? text.replaceAll('\n', `\n${indent}`) : text;
  };
  const fields = Object.entries(doc).filter(
    ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
  );
  const total = fields.reduce((n, [, v]) => n + (Array.isArray(v) ? v.length : 0), 0);
  let done = 0;
  const pieces = new Pieces();
  const push = (text: string) => pieces.push(text);
  const nl = pretty ? '\n' : '';
  push('{');
  for (const [f, [key, value]] of fields.entries()) {
    const head = `${f ? ',' : ''}${nl}${pretty ? '  ' : ''}${JSON.stringify(key)}:${pretty ? ' ' : ''}`;
    if (!Array.isArray(value) || value.length === 0) {
      const out = push(head + stringify(value, '  '));
      if (out) yield out;
      continue;
    }
    push(`${head}[`);
    for (const [i, item] of value.entries()) {
      const out = push(`${i ? ',' : ''}${nl}${pretty ? '    ' : ''}${stringify(item ?? null, '    ')}`);
      done++;
      if (out) {
        yield out;
        options.onProgress?.(done, total);
      }
    }
    const out = push(`${nl}${pretty ? '  ' : ''}]`);
    if (out) yield out;
  }
  yield pieces.push(`${nl}}\n`) ?? pieces.rest();
  options.onProgress?.(total, total);
}

function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(document)';
}

/** Who set a grade in a version-1 export (it did not record it). */
export const UNRECORDED_ANALYST = { id: 'unrecorded', name: 'Not recorded' } as const;

/**
 * A version-1 export as version 2: each annotation's last change was its author's and its
 * judgements are as made; who set a grade was not recorded ({@link UNRECORDED_ANALYST}).
 */
function fromVersion1(envelope: Record<string, unknown>): Record<string, unknown> {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  const list = (key: string) => (Array.isArray(envelope[key]) ? (envelope[key] as unknown[]) : envelope[key]);
  const annotations = list('annotations');
  const grades = list('sourceGrades');
  return {
    ...envelope,
    version: EXPORT_VERSION,
    annotations: Array.isArray(annotations)
      ? annotations.map((a) => (isRecord(a) ? { updatedBy: a['author'], provenance: {}, ...a } : a))
      : annotations,
    sourceGrades: Array.isArray(grades)
      ? grades.map((g) => (isRecord(g) ? { updatedBy: { ...UNRECORDED_ANALYST }, ...g } : g))
      : grades,
  };
}

/**
 * Reads a JSON export back. Checks, in order, that the text is JSON, that it is a Gloss export,
 * that its version is one this Gloss reads, that every field is valid and that every
 * annotation's article is in the file; throws an {@link ExportFormatError} that names each
 * problem otherwise. Unknown fields are kept. A byte-order mark is ignored.
 */
export function parseJsonExport(text: string): GlossExport {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new ExportFormatError(`The file is not JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ExportFormatError('The file is not a Gloss export: expected a JSON object.');
  }
  const envelope = raw as Record<string, unknown>;
  if (envelope['type'] !== EXPORT_TYPE) {
    throw new ExportFormatError(
      `The file is not a Gloss export: its type is ${JSON.stringify(envelope['type'] ?? null)}, expected "${EXPORT_TYPE}".`,
    );
  }
  const version = envelope['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ExportFormatError(
      `The export has no valid version number (found ${JSON.stringify(version ?? null)}).`,
    );
  }
  if (version > EXPORT_VERSION) {
    throw new ExportFormatError(
      `The export was written by a newer Gloss (format version ${version}); this Gloss reads versions up to ${EXPORT_VERSION}. Update Gloss to open it.`,
    );
  }
  const parsed = GlossExportSchema.safeParse(version === 1 ? fromVersion1(envelope) : raw);
  if (!parsed.success) {
    throw new ExportFormatError(
      'The export is damaged or incomplete:',
      parsed.error.issues.map((i) => `${issuePath(i.path)}: ${i.message}`),
    );
  }
  const doc = parsed.data as GlossExport;
  const lengths = new Map(doc.articles.map((a) => [a.id, a.text.length]));
  const dangling = doc.annotations.flatMap((a, i) => {
    const length = lengths.get(a.articleId);
    if (length === undefined)
      return [`annotations[${i}].articleId: article “${a.articleId}” is not in the file`];
    const problem = annotationOffsetProblem(a, length);
    return problem ? [`annotations[${i}]: ${problem}`] : [];
  });
  if (dangling.length) throw new ExportFormatError('The export is incomplete:', dangling);
  return doc;
}
