import { z } from 'zod';
import { AnnotationKindSchema, CredibilitySchema, StanceSchema } from './annotation';
import { ReliabilitySchema } from './reliability';

/**
 * The columns of the annotations table, in the order shown. Each is a text a row shows for an
 * annotation (`core/filter`'s `FilterRow.cells`), and the text columns can be filtered by what
 * they contain ({@link AnnotationFilter.contains}).
 */
export const FILTER_COLUMNS = [
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
  'published',
  'note',
  'figure',
  'admiralty',
] as const;
export type FilterColumn = (typeof FILTER_COLUMNS)[number];

/** The columns filtered by choosing values (see `core/filter`'s CHOICE_COLUMNS for the values). */
const CHOICE_FILTER_COLUMNS = ['kind', 'stance', 'credibility', 'reliability'] as const;
export type ContainsColumn = Exclude<FilterColumn, (typeof CHOICE_FILTER_COLUMNS)[number]>;

/** The columns filtered by the text they contain: every column that is not a choice. */
export const CONTAINS_COLUMNS: readonly ContainsColumn[] = FILTER_COLUMNS.filter(
  (c): c is ContainsColumn => !(CHOICE_FILTER_COLUMNS as readonly string[]).includes(c),
);

/** Stands for "no value" in a filter's `stances`, `credibility` and `reliability` lists. */
export const NO_VALUE = 'none';

const day = z.iso.date();

const annotationFilterShape = {
  /** The annotation's kind is one of these. */
  kinds: z.array(AnnotationKindSchema).optional(),
  /** Its stance is one of these (`none`: it has no stance). */
  stances: z.array(z.union([StanceSchema, z.literal(NO_VALUE)])).optional(),
  /** Its information credibility (Admiralty 1–6) is one of these (`none`: not graded). */
  credibility: z.array(z.union([CredibilitySchema, z.literal(NO_VALUE)])).optional(),
  /** Its article's source has one of these reliability grades (`none`: the source is not graded). */
  reliability: z.array(z.union([ReliabilitySchema, z.literal(NO_VALUE)])).optional(),
  /** It has at least one of these tags (exactly). */
  tags: z.array(z.string()).optional(),
  /** It is on one of these articles. */
  articleIds: z.array(z.string()).optional(),
  /** Its article's source is one of these, exactly (`''`: the article names no source). */
  sources: z.array(z.string()).optional(),
  /** Its article was published on or after this day (`YYYY-MM-DD`); undated articles fail. */
  publishedFrom: day.optional(),
  /** Its article was published on or before this day (`YYYY-MM-DD`); undated articles fail. */
  publishedTo: day.optional(),
  /** Its quote, note, attribution or one of its tags contains this text (case-insensitive). */
  text: z.string().optional(),
  /**
   * Per table column, text the column's cell contains (case-insensitive): the article's title,
   * the quote, the tags as the table lists them (`a, b`), the attribution, the author's name
   * (or id), the name (or id) of who changed it last, when it was made (ISO date-time), the
   * article's published date, the note, the figure (`13,000,000 USD`) and the Admiralty code
   * (`B2`; `–` for an ungraded part).
   */
  contains: z
    .looseObject({
      article: z.string().optional(),
      quote: z.string().optional(),
      tags: z.string().optional(),
      attribution: z.string().optional(),
      author: z.string().optional(),
      editor: z.string().optional(),
      date: z.string().optional(),
      published: z.string().optional(),
      note: z.string().optional(),
      figure: z.string().optional(),
      admiralty: z.string().optional(),
    })
    .optional(),
};

/**
 * Which annotations a filter keeps: the annotations table's filter, a dynamic set's filter in
 * the library and in a project file, an export's filter in the app and the command line. Every
 * field narrows (AND); a list matches any of its values (OR); an absent or empty field, list or
 * text does not narrow. Deleted annotations never match. `core/filter` evaluates it.
 */
export const AnnotationFilterSchema = z.looseObject(annotationFilterShape);
export type AnnotationFilter = z.infer<z.ZodObject<typeof annotationFilterShape>>;
