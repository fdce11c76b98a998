import { Dexie, type Table } from 'dexie';
import type { Annotation, Article, SourceGrade, Tag } from '../../../core/model';
import { declareVersions } from './schema';
import { readStoredSet, type AnnotatedSet } from './sets';

/** An article's metadata as the library lists it (everything but the body). */
export type ArticleMeta = Omit<Article, 'text' | 'blocks' | 'removed' | 'footnotes' | 'original'> & {
  /** Length of the text, kept so the library need not load bodies. */
  chars: number;
};

export type ArticleBody = Pick<Article, 'id' | 'text' | 'blocks' | 'removed' | 'footnotes' | 'original'>;

export interface MetaRecord {
  key: string;
  value: unknown;
}

/** One undoable step: each touched annotation as it was before and after (null: did not exist). */
export interface HistoryEntry {
  seq?: number;
  label: string;
  at: string;
  changes: { before: Annotation | null; after: Annotation | null }[];
  /** True once undone (and so redoable until a new change discards it). */
  undone: boolean;
}

export const DB_NAME = 'gloss';

/** The IndexedDB database: the source of truth for everything persistent. */
export class GlossDB extends Dexie {
  declare articles: Table<ArticleMeta, string>;
  declare bodies: Table<ArticleBody, string>;
  declare annotations: Table<Annotation, string>;
  declare sourceGrades: Table<SourceGrade, string>;
  declare meta: Table<MetaRecord, string>;
  declare tags: Table<Tag, string>;
  declare history: Table<HistoryEntry, number>;
  declare sets: Table<AnnotatedSet, string>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    declareVersions(this);
    this.sets.hook('reading', readStoredSet);
  }
}
