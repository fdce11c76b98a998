import { z } from 'zod';
import { TimestampSchema } from './time';
import { deepEqual } from '../merge/equal';

const analystShape = {
  id: z.string().min(1),
  name: z.string(),
};
/** An analyst: a stable id (made once per profile) and the name they go by. */
export const AnalystSchema = z.looseObject(analystShape);
export type Analyst = z.infer<z.ZodObject<typeof analystShape>>;

/** Who did something, and when. */
const stampShape = { by: AnalystSchema, at: TimestampSchema };
export const StampSchema = z.looseObject(stampShape);
export type Stamp = { by: Analyst; at: string };

/**
 * The judgements an analyst makes about a passage. Each records who made it last
 * (`Annotation.provenance`), so that a colleague's re-grading is never counted as the creator's.
 */
export const JUDGEMENT_FIELDS = [
  'kind',
  'stance',
  'credibility',
  'attribution',
  'note',
  'tags',
  'figure',
] as const;
export type JudgementField = (typeof JUDGEMENT_FIELDS)[number];

/**
 * Per judgement, who changed it last and when. A judgement without an entry is as its creator
 * (`author`) made it at `createdAt`.
 */
export const ProvenanceSchema = z.partialRecord(z.enum(JUDGEMENT_FIELDS), StampSchema);
export type Provenance = Partial<Record<JudgementField, Stamp>>;

interface Judged {
  author: Analyst;
  createdAt: string;
  provenance: Provenance;
}

/** Who made the judgement `field` of an annotation as it stands, and when. */
export function judgementStamp(a: Judged, field: JudgementField): Stamp {
  return a.provenance[field] ?? { by: a.author, at: a.createdAt };
}

/**
 * The record after an edit by `by` at `at`: `updatedAt` and `updatedBy` set, and each judgement
 * that differs from `before` stamped with who changed it. The one place provenance is written:
 * the app's write path and the command line both call it.
 */
export function stampEdit<
  T extends Judged & { updatedAt: string; updatedBy: Analyst } & Partial<Record<JudgementField, unknown>>,
>(before: T, after: T, by: Analyst, at: string): T {
  const provenance: Provenance = { ...after.provenance };
  for (const field of JUDGEMENT_FIELDS) {
    if (!deepEqual(before[field], after[field])) provenance[field] = { by: { id: by.id, name: by.name }, at };
  }
  return { ...after, updatedAt: at, updatedBy: { id: by.id, name: by.name }, provenance };
}
