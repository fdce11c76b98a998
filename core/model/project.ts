import { z } from 'zod';
import { ArticleSchema, type Article } from './article';
import { AnnotationSchema, type Annotation } from './annotation';
import { AnnotationFilterSchema } from './filter';
import { AnalystSchema, type Analyst } from './provenance';
import { ReliabilitySchema, type Reliability } from './reliability';
import { TimestampSchema } from './time';

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
