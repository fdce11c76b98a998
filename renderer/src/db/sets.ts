import { z } from 'zod';
import { readSetFilter } from '../../../core/filter';
import { AnnotationFilterSchema, type AnnotationFilter, type AnnotationSet } from '../../../core/model';
import type { GlossDB } from './db';

/**
 * A named set of annotations: `filter` sets are dynamic (whatever matches the saved filter now,
 * the `core/model` `AnnotationFilter` the table filters with); `pinned` sets list annotations
 * chosen by hand.
 */
export const AnnotatedSetSchema = z.discriminatedUnion('type', [
  z.object({
    id: z.string().min(1),
    name: z.string().trim().min(1, 'A set needs a name.'),
    createdAt: z.string(),
    type: z.literal('filter'),
    // Strict here: what the table saves has no field the filter does not know.
    filter: z.strictObject(AnnotationFilterSchema.shape),
  }),
  z.object({
    id: z.string().min(1),
    name: z.string().trim().min(1, 'A set needs a name.'),
    createdAt: z.string(),
    type: z.literal('pinned'),
    // A pinned set read from a project file may list nothing (its annotations were deleted);
    // saving a new one asks for a selection (see saveSet).
    annotationIds: z.array(z.string().min(1)),
  }),
]);
export type AnnotatedSet = z.infer<typeof AnnotatedSetSchema>;

/** Raised when a set cannot be saved as asked; the message is for the user. */
export class SetError extends Error {
  override readonly name = 'SetError';
}

export type NewSet =
  | { type: 'filter'; name: string; filter: AnnotationFilter }
  | { type: 'pinned'; name: string; annotationIds: string[] };

/** Validates and stores a new set; a name already taken is refused. */
export async function saveSet(db: GlossDB, input: NewSet): Promise<AnnotatedSet> {
  const parsed = AnnotatedSetSchema.safeParse({
    ...input,
    name: input.name.trim(),
    id: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
  });
  if (!parsed.success) throw new SetError(parsed.error.issues[0]?.message ?? 'This set is not valid.');
  if (parsed.data.type === 'pinned' && parsed.data.annotationIds.length === 0) {
    throw new SetError('Select the annotations to pin first.');
  }
  const set = parsed.data;
  await db.transaction('rw', db.sets, async () => {
    if ((await db.sets.where('name').equals(set.name).count()) > 0) {
      throw new SetError(`There is already a set named “${set.name}”.`);
    }
    await db.sets.add(set);
  });
  return set;
}

export function listSets(db: GlossDB): Promise<AnnotatedSet[]> {
  return db.sets.orderBy('name').toArray();
}

export async function deleteSet(db: GlossDB, id: string): Promise<void> {
  await db.sets.delete(id);
}

/**
 * A set as a project file holds it (`sets.json`): a pinned set is the format's `static` set; a
 * filter set is a `dynamic` one with the same filter, whole. Fields this Gloss does not know,
 * read from a file, stay.
 */
export function toProjectSet(set: AnnotatedSet): AnnotationSet {
  if (set.type === 'pinned') return { ...set, type: 'static', annotationIds: [...set.annotationIds] };
  return { ...set, type: 'dynamic', filter: { ...set.filter } };
}

/**
 * The set the library sidebar lists for a set read from a project file (a Gloss 1 file's
 * dynamic set is read from the table filter it kept under `filter.table`), or null for a
 * dynamic set whose filter this Gloss cannot read (written by another tool); those are kept as
 * they are.
 */
export function fromProjectSet(set: AnnotationSet): AnnotatedSet | null {
  if (set.type === 'static') return { ...set, type: 'pinned', annotationIds: [...set.annotationIds] };
  const filter = readSetFilter(set.filter);
  if (!filter) return null;
  return { ...set, type: 'filter', filter };
}
