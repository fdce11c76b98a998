import { z } from 'zod';
import { ANNOTATION_KINDS, STANCES, type AnnotationSet } from '../../../core/model';
import type { GlossDB } from './db';

/** The columns of the annotations table, in the order shown; each can be filtered. */
export const TABLE_COLUMNS = [
  'article',
  'quote',
  'kind',
  'stance',
  'credibility',
  'reliability',
  'tags',
  'attribution',
  'author',
  'editor',
  'date',
] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

/**
 * Filters that are not columns (the Overview's bars narrow by them): the article's source
 * (exact), and its published date from and to (ISO `YYYY-MM-DD`, both inclusive; an article
 * without a date then does not match).
 */
export const ROW_FILTERS = ['source', 'publishedFrom', 'publishedTo'] as const;

/** Per column, the text a cell must contain (case-insensitive); absent or '' matches all. */
export const AnnotationFilterSchema = z.partialRecord(z.enum([...TABLE_COLUMNS, ...ROW_FILTERS]), z.string());
export type AnnotationFilter = z.infer<typeof AnnotationFilterSchema>;

/**
 * A named set of annotations: `filter` sets are dynamic (whatever matches the saved table
 * filter now); `pinned` sets list annotations chosen by hand.
 */
export const AnnotatedSetSchema = z.discriminatedUnion('type', [
  z.object({
    id: z.string().min(1),
    name: z.string().trim().min(1, 'A set needs a name.'),
    createdAt: z.string(),
    type: z.literal('filter'),
    filter: AnnotationFilterSchema,
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
 * filter set is a `dynamic` one whose `filter` keeps the table filter under `table` (a field the
 * format keeps as unknown), with what the format's own fields express exactly (kind, stance,
 * source, published dates) also as `kinds`, `stances`, `sources`, `publishedFrom`/`To`, so that
 * other readers narrow at least as much. Fields this Gloss does not know, read from a file, stay.
 */
export function toProjectSet(set: AnnotatedSet): AnnotationSet {
  if (set.type === 'pinned') return { ...set, type: 'static', annotationIds: [...set.annotationIds] };
  const { filter, ...rest } = set;
  const table = { ...filter };
  const kind = ANNOTATION_KINDS.find((k) => k === filter.kind);
  const stance = STANCES.find((s) => s === filter.stance);
  const day = (d: string | undefined) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined);
  const from = day(filter.publishedFrom);
  const to = day(filter.publishedTo);
  return {
    ...rest,
    type: 'dynamic',
    filter: {
      ...(kind ? { kinds: [kind] } : {}),
      ...(stance ? { stances: [stance] } : {}),
      ...(filter.source && filter.source !== '—' ? { sources: [filter.source] } : {}),
      ...(from ? { publishedFrom: from } : {}),
      ...(to ? { publishedTo: to } : {}),
      table,
    },
  };
}

/**
 * The set the library sidebar lists for a set read from a project file, or null for a dynamic
 * set that no table filter expresses (written by another tool); those are kept as they are.
 */
export function fromProjectSet(set: AnnotationSet): AnnotatedSet | null {
  if (set.type === 'static') return { ...set, type: 'pinned', annotationIds: [...set.annotationIds] };
  const table = AnnotationFilterSchema.safeParse((set.filter as Record<string, unknown>)['table']);
  if (!table.success) return null;
  const { filter: _filter, ...rest } = set;
  return { ...rest, type: 'filter', filter: table.data };
}
