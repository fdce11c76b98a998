import { z } from 'zod';
import {
  AnalystSchema,
  AnnotationSchema,
  AnnotationSetSchema,
  ArticleSchema,
  TimestampSchema,
  SourceGradeSchema,
  TagSchema,
  textLayoutProblems,
  type Analyst,
  type Annotation,
  type AnnotationSet,
  type Article,
  type SourceGrade,
  type Tag,
} from '../model';
import { StoredCodeMappingSchema, type StoredCodeMapping } from '../refi/mapping';

/** The `type` every project file's envelope carries. */
export const PROJECT_TYPE = 'gloss-project';
/** The project format version this Gloss writes and the newest it reads. */
export const PROJECT_VERSION = 2;

/** One colleague whose project was merged into this one, and the `savedAt` of their newest file merged. */
export interface ProjectSync {
  analyst: Analyst;
  savedAt: string;
}

/** The envelope (`manifest.json`): what the file is, who saved it, when, with which Gloss. */
export interface ProjectEnvelope {
  type: typeof PROJECT_TYPE;
  version: number;
  app: { name: string; version: string };
  savedAt: string;
  /** The analyst who owns (and last saved) this project. */
  analyst: Analyst;
  /** The project's name. */
  name: string;
  /** Colleagues merged in so far; the merge uses it to tell who changed what since sharing. */
  syncs?: ProjectSync[];
  /** How the codes of REFI-QDA projects imported here were mapped, by code path (remembered). */
  refiCodeMapping?: StoredCodeMapping;
}

/**
 * A whole project as a `.gloss` file holds it. `Article.original`, when present, is stored as a
 * separate zip entry. `extraEntries` keeps zip entries this Gloss does not know (written by a
 * newer one) so that they survive a round trip.
 */
export interface ProjectDocument {
  envelope: ProjectEnvelope;
  articles: Article[];
  annotations: Annotation[];
  sourceGrades: SourceGrade[];
  tags: Tag[];
  sets: AnnotationSet[];
  extraEntries?: Map<string, Uint8Array>;
}

export const ProjectSyncSchema = z.looseObject({ analyst: AnalystSchema, savedAt: TimestampSchema });

/** The envelope of the current version; unknown fields are kept. */
export const ProjectEnvelopeSchema = z.looseObject({
  type: z.literal(PROJECT_TYPE),
  version: z.literal(PROJECT_VERSION),
  app: z.looseObject({ name: z.string(), version: z.string() }),
  savedAt: TimestampSchema,
  analyst: AnalystSchema,
  name: z.string(),
  syncs: z.array(ProjectSyncSchema).optional(),
  refiCodeMapping: StoredCodeMappingSchema.optional(),
});

/** An article as the JSON entry holds it: `original` lives in its own zip entry. */
export const StoredArticleSchema = z
  .looseObject({
    ...ArticleSchema.shape,
    original: z
      .undefined({ error: 'the imported bytes belong in an originals/ entry, not in articles.json' })
      .optional(),
  })
  .superRefine((a, ctx) => {
    for (const problem of textLayoutProblems(a)) ctx.addIssue({ code: 'custom', ...problem });
  });

/** One row of `originals.json`: which zip entry holds the imported bytes of which article. */
export const OriginalRefSchema = z.looseObject({
  articleId: z.string().min(1),
  entry: z.string().regex(/^originals\/[A-Za-z0-9._-]+$/),
});

/** The JSON documents of a version-1 file, by entry name, with the schema each must satisfy. */
export const DOCUMENT_SCHEMAS = {
  'articles.json': z.array(StoredArticleSchema),
  'annotations.json': z.array(AnnotationSchema),
  'source-grades.json': z.array(SourceGradeSchema),
  'tags.json': z.array(TagSchema),
  'sets.json': z.array(AnnotationSetSchema),
  'originals.json': z.array(OriginalRefSchema),
} as const;

export type DocumentName = keyof typeof DOCUMENT_SCHEMAS;
export const DOCUMENT_NAMES = Object.keys(DOCUMENT_SCHEMAS) as DocumentName[];
