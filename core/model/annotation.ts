import { z } from 'zod';
import { AnalystSchema, ProvenanceSchema } from './provenance';
import { TimestampSchema } from './time';

/** What a passage is: a claim someone makes, an analytic judgement, or a number. */
export const ANNOTATION_KINDS = ['claim', 'assessment', 'figure'] as const;
export const AnnotationKindSchema = z.enum(ANNOTATION_KINDS);
export type AnnotationKind = z.infer<typeof AnnotationKindSchema>;

export const STANCES = ['opinion', 'reporting'] as const;
export const StanceSchema = z.enum(STANCES);
export type Stance = z.infer<typeof StanceSchema>;

/** Admiralty information credibility: 1 confirmed … 5 improbable, 6 cannot be judged. */
export const CredibilitySchema = z.number().int().min(1).max(6);
export type Credibility = z.infer<typeof CredibilitySchema>;

/**
 * W3C TextPositionSelector, except that offsets here are UTF-16 code units into
 * `Article.text`; exporters convert to code points where a format demands it.
 */
const textPositionSelectorShape = {
  type: z.literal('TextPositionSelector'),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
};
export const TextPositionSelectorSchema = z.looseObject(textPositionSelectorShape);
export type TextPositionSelector = z.infer<z.ZodObject<typeof textPositionSelectorShape>>;

/** W3C TextQuoteSelector: the exact text with some context either side. */
const textQuoteSelectorShape = {
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1),
  prefix: z.string(),
  suffix: z.string(),
};
export const TextQuoteSelectorSchema = z.looseObject(textQuoteSelectorShape);
export type TextQuoteSelector = z.infer<z.ZodObject<typeof textQuoteSelectorShape>>;

export const SelectorSchema = z.discriminatedUnion('type', [
  TextPositionSelectorSchema,
  TextQuoteSelectorSchema,
]);
export type Selector = z.infer<typeof SelectorSchema>;

const figureShape = {
  value: z.number().finite(),
  /** ISO 4217 currency code, `%`, or a free unit such as `km²` or `killed`. */
  unit: z.string(),
};
export const FigureSchema = z.looseObject(figureShape);
export type Figure = z.infer<z.ZodObject<typeof figureShape>>;

const annotationShape = {
  id: z.uuid(),
  articleId: z.string().min(1),
  selectors: z
    .array(SelectorSchema)
    .min(1)
    .refine((s) => s.some((x) => x.type === 'TextQuoteSelector'), {
      message: 'an annotation needs a TextQuoteSelector',
    }),
  kind: AnnotationKindSchema,
  stance: StanceSchema.nullable(),
  note: z.string(),
  tags: z.array(z.string().min(1)),
  /** Who asserts the passage (a person, organisation or outlet). */
  attribution: z.string(),
  credibility: CredibilitySchema.nullable(),
  figure: FigureSchema.nullable(),
  /** Who created the annotation (it stays theirs whoever edits it later). */
  author: AnalystSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** Who made the change of `updatedAt` (an edit, a deletion, or the creation). */
  updatedBy: AnalystSchema,
  /** Per judgement, who changed it last and when (absent: as the author made it). */
  provenance: ProvenanceSchema,
  /** Tombstone: deletions are kept so that they survive a merge. */
  deletedAt: TimestampSchema.nullable(),
};
export const AnnotationSchema = z.looseObject(annotationShape).superRefine((a, ctx) => {
  for (const [i, s] of a.selectors.entries()) {
    if (s.type === 'TextPositionSelector' && s.end < s.start) {
      ctx.addIssue({ code: 'custom', path: ['selectors', i, 'end'], message: 'end comes before start' });
    }
  }
});
export type Annotation = z.infer<z.ZodObject<typeof annotationShape>>;

/**
 * Why an annotation cannot stand on an article whose text has `length` UTF-16 code units (its
 * position lies past the end), or null when it can.
 */
export function annotationOffsetProblem(a: Pick<Annotation, 'selectors'>, length: number): string | null {
  const p = positionSelector(a);
  if (p && (p.end > length || p.start > p.end)) {
    return `its position [${p.start}, ${p.end}) lies outside the article's text (${length} characters)`;
  }
  return null;
}

/** Returns the quote selector of an annotation (the schema guarantees there is one). */
export function quoteSelector(a: Pick<Annotation, 'selectors'>): TextQuoteSelector {
  const q = a.selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
  if (!q) throw new Error('annotation has no TextQuoteSelector');
  return q;
}

/** Returns the position selector of an annotation, if it has one. */
export function positionSelector(a: Pick<Annotation, 'selectors'>): TextPositionSelector | undefined {
  return a.selectors.find((s): s is TextPositionSelector => s.type === 'TextPositionSelector');
}
