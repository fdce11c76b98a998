import { z } from 'zod';
import { ArticleSchema, type Article } from './article';
import { AnnotationKindSchema, AnnotationSchema, StanceSchema, type Annotation } from './annotation';
import { AnalystSchema, type Analyst } from './provenance';
import { TimestampSchema } from './time';

/** Admiralty source reliability: A completely reliable … E unreliable, F cannot be judged. */
export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const ReliabilitySchema = z.enum(RELIABILITY_GRADES);
export type Reliability = z.infer<typeof ReliabilitySchema>;

export const RELIABILITY_LABELS: Record<Reliability, string> = {
  A: 'Completely reliable',
  B: 'Usually reliable',
  C: 'Fairly reliable',
  D: 'Not usually reliable',
  E: 'Unreliable',
  F: 'Reliability cannot be judged',
};

export const CREDIBILITY_LABELS: Record<1 | 2 | 3 | 4 | 5 | 6, string> = {
  1: 'Confirmed by other sources',
  2: 'Probably true',
  3: 'Possibly true',
  4: 'Doubtful',
  5: 'Improbable',
  6: 'Truth cannot be judged',
};

/** A grade for a source (publisher or outlet), independent of any one passage. */
const sourceGradeShape = {
  /** The source's name exactly as it appears in `Article.source`. */
  source: z.string().min(1),
  reliability: ReliabilitySchema,
  note: z.string(),
  updatedAt: TimestampSchema,
  /** Who set the grade. */
  updatedBy: AnalystSchema,
};
export const SourceGradeSchema = z.looseObject(sourceGradeShape);
export type SourceGrade = z.infer<z.ZodObject<typeof sourceGradeShape>>;

const tagShape = {
  name: z.string().min(1),
  /** A CSS hex colour such as `#3b82f6`. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
};
export const TagSchema = z.looseObject(tagShape);
export type Tag = z.infer<z.ZodObject<typeof tagShape>>;

/** The filter a dynamic set stands for; every field narrows the set. */
const annotationFilterShape = {
  kinds: z.array(AnnotationKindSchema).optional(),
  stances: z.array(StanceSchema).optional(),
  tags: z.array(z.string()).optional(),
  articleIds: z.array(z.string()).optional(),
  sources: z.array(z.string()).optional(),
  text: z.string().optional(),
  /** The article's published date is on or after this day (`YYYY-MM-DD`); undated articles fail. */
  publishedFrom: z.iso.date().optional(),
  /** The article's published date is on or before this day (`YYYY-MM-DD`); undated articles fail. */
  publishedTo: z.iso.date().optional(),
};
export const AnnotationFilterSchema = z.looseObject(annotationFilterShape);
export type AnnotationFilter = z.infer<z.ZodObject<typeof annotationFilterShape>>;

export const AnnotationSetSchema = z.discriminatedUnion('type', [
  z.looseObject({
    id: z.string().min(1),
    type: z.literal('dynamic'),
    name: z.string().min(1),
    filter: AnnotationFilterSchema,
    createdAt: TimestampSchema,
  }),
  z.looseObject({
    id: z.string().min(1),
    type: z.literal('static'),
    name: z.string().min(1),
    annotationIds: z.array(z.string()),
    createdAt: TimestampSchema,
  }),
]);
export type AnnotationSet = z.infer<typeof AnnotationSetSchema>;

const projectShape = {
  name: z.string(),
  analyst: AnalystSchema,
  tags: z.array(TagSchema),
  sets: z.array(AnnotationSetSchema),
  sourceGrades: z.array(SourceGradeSchema),
  articles: z.array(ArticleSchema),
  annotations: z.array(AnnotationSchema),
};
export const ProjectSchema = z.looseObject(projectShape);
export interface Project {
  name: string;
  analyst: Analyst;
  tags: Tag[];
  sets: AnnotationSet[];
  sourceGrades: SourceGrade[];
  articles: Article[];
  annotations: Annotation[];
}
