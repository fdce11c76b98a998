import { z } from 'zod';

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

/** An ISO-8601 date (`2025-06-25`) or date-time. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected an ISO-8601 date');

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
  importedAt: IsoDateSchema,
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
};

/**
 * An article as stored and exchanged. Validation keeps unknown fields (a newer Gloss may have
 * added some), while the TypeScript type lists only the known ones.
 */
export const ArticleSchema = z.looseObject(articleShape).superRefine((a, ctx) => {
  for (const [i, b] of a.blocks.entries()) {
    if (b.end < b.start || b.end > a.text.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['blocks', i],
        message: `block ${i} [${b.start}, ${b.end}) lies outside the text (${a.text.length} chars)`,
      });
    }
  }
});
export type Article = z.infer<z.ZodObject<typeof articleShape>>;

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
