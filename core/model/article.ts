import { z } from 'zod';
import { StampSchema } from './provenance';
import { IsoDateSchema, TimestampSchema } from './time';

/** The kinds of block an importer recognises in an article's text. */
export const BLOCK_TYPES = ['heading', 'paragraph', 'list-item', 'quote', 'caption'] as const;
export const BlockTypeSchema = z.enum(BLOCK_TYPES);
export type BlockType = z.infer<typeof BlockTypeSchema>;

/** Formats an article can be imported from. */
export const ARTICLE_FORMATS = ['text', 'markdown', 'html', 'pdf', 'docx', 'paste'] as const;
export const ArticleFormatSchema = z.enum(ARTICLE_FORMATS);
export type ArticleFormat = z.infer<typeof ArticleFormatSchema>;

const offset = z.number().int().nonnegative();

/**
 * A half-open range `[start, end)` of UTF-16 code units into `Article.text`.
 * Shared by blocks, removed ranges and footnote markers.
 */
export const RangeSchema = z
  .object({ start: offset, end: offset })
  .refine((r) => r.end >= r.start, { message: 'end must not come before start' });

const blockShape = {
  type: BlockTypeSchema,
  start: offset,
  end: offset,
  /** 1-based page number, for formats that have pages (PDF). */
  page: z.number().int().positive().optional(),
};
export const BlockSchema = z.looseObject(blockShape);
export type Block = z.infer<z.ZodObject<typeof blockShape>>;

/** Text the importer dropped as boilerplate, kept so the user can see and restore it. */
const removedShape = {
  /** Where in the canonical text the removed text would be re-inserted. */
  at: offset,
  text: z.string(),
  reason: z.string(),
};
export const RemovedRangeSchema = z.looseObject(removedShape);
export type RemovedRange = z.infer<z.ZodObject<typeof removedShape>>;

export { IsoDateSchema, TimestampSchema } from './time';

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest');

const articleShape = {
  id: z.string().min(1),
  contentHash: Sha256Schema,
  title: z.string(),
  source: z.string(),
  byline: z.string(),
  publishedAt: IsoDateSchema.nullable(),
  url: z.string(),
  language: z.string(),
  importedAt: TimestampSchema,
  format: ArticleFormatSchema,
  fileName: z.string(),
  text: z.string(),
  blocks: z.array(BlockSchema),
  removed: z.array(RemovedRangeSchema),
  /** Offsets of footnote markers such as `[12]` that were kept in the text. */
  footnotes: z.array(RangeSchema).optional(),
  /** Warnings the importer raised (for example a legacy encoding fallback). */
  warnings: z.array(z.string()).optional(),
  /** The imported bytes, kept only when the user asks for it. */
  original: z.instanceof(Uint8Array).optional(),
  /** Who last edited the details (title, source, byline, date, URL, language), and when. */
  detailsUpdated: StampSchema.nullable().optional(),
};

/**
 * An article as stored and exchanged. Validation keeps unknown fields (a newer Gloss may have
 * added some), while the TypeScript type lists only the known ones.
 */
/** An article's fields without the check of how blocks lie on the text (stores split the two). */
export const ArticleRecordSchema = z.looseObject(articleShape);

export const ArticleSchema = z.looseObject(articleShape).superRefine((a, ctx) => {
  for (const problem of textLayoutProblems(a)) ctx.addIssue({ code: 'custom', ...problem });
});
export type Article = z.infer<z.ZodObject<typeof articleShape>>;

/** A letter, number or symbol: text that a reader would miss if no block showed it. */
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;

/**
 * What is wrong with how an article's blocks, removed ranges and footnote markers lie on its
 * text: every block inside the text, in order and not overlapping, and nothing outside the blocks
 * but white space, marks and format characters (the reader shows blocks only, so a word outside
 * them would be invisible while annotations could sit on it); removed ranges and footnotes inside
 * the text.
 */
export function textLayoutProblems(
  a: Pick<Article, 'text' | 'blocks' | 'removed' | 'footnotes'>,
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const length = a.text.length;
  let covered = 0;
  for (const [i, b] of a.blocks.entries()) {
    if (b.end < b.start || b.end > length) {
      problems.push({
        path: ['blocks', i],
        message: `block ${i} [${b.start}, ${b.end}) lies outside the text (${length} chars)`,
      });
      return problems;
    }
    if (b.start < covered) {
      problems.push({
        path: ['blocks', i],
        message: `block ${i} starts before the end of the block before it`,
      });
      return problems;
    }
    if (VISIBLE.test(a.text.slice(covered, b.start))) {
      problems.push({
        path: ['blocks', i],
        message: `the text between ${covered} and ${b.start} lies in no block (it would not be shown)`,
      });
      return problems;
    }
    covered = b.end;
  }
  if (a.blocks.length && VISIBLE.test(a.text.slice(covered))) {
    problems.push({
      path: ['blocks'],
      message: `the text after ${covered} lies in no block (it would not be shown)`,
    });
  }
  if (!a.blocks.length && VISIBLE.test(a.text)) {
    problems.push({ path: ['blocks'], message: 'the article has text but no blocks to show it in' });
  }
  for (const [i, r] of a.removed.entries()) {
    if (r.at > length)
      problems.push({
        path: ['removed', i, 'at'],
        message: `removed text ${i} sits past the end of the text`,
      });
  }
  for (const [i, f] of (a.footnotes ?? []).entries()) {
    if (f.end > length)
      problems.push({ path: ['footnotes', i], message: `footnote marker ${i} lies outside the text` });
  }
  return problems;
}

/** The metadata fields of an article that the user may edit after import. */
export const ArticleMetadataSchema = z.object(articleShape).pick({
  title: true,
  source: true,
  byline: true,
  publishedAt: true,
  url: true,
  language: true,
});
export type ArticleMetadata = z.infer<typeof ArticleMetadataSchema>;
