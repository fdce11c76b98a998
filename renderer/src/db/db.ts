import { Dexie, type Table } from 'dexie';
import type { Analyst, Annotation, AnnotationSet, Article, SourceGrade, Tag } from '../../../core/model';
import type { ProjectSync } from '../../../core/project';
import type { StoredCodeMapping } from '../../../core/refi';
import type { StoredIndex } from './search-index';
import { storeGuard } from './guard';
import type { JournalRow } from './journal';
import { declareVersions } from './schema';
import type { AnnotatedSet } from './sets';
import type { TrashEntry } from './trash';

/** An article's metadata as the library lists it (everything but the body). */
export type ArticleMeta = Omit<Article, 'text' | 'blocks' | 'removed' | 'footnotes' | 'original'> & {
  /** Length of the text, kept so the library need not load bodies. */
  chars: number;
};

export type ArticleBody = Pick<Article, 'id' | 'text' | 'blocks' | 'removed' | 'footnotes' | 'original'>;

/** What the project keeps about itself: its name and the colleagues merged so far. */
export interface ProjectMeta {
  name: string;
  syncs: ProjectSync[];
}

/** The `meta` table's settings, by key, with the type of each value (validated on every write). */
export interface MetaValues {
  /** Who this profile's analyst is. */
  analyst: Analyst;
  /** The project's own facts. */
  project: ProjectMeta;
  /** Sets read from project files that the sidebar cannot list, kept for the round trip. */
  sets: AnnotationSet[];
  /** The stored search index. */
  searchIndex: StoredIndex;
  /** Deleted articles with their annotations, newest last, to restore (`trash.ts`). */
  trash: TrashEntry[];
  /** The last merge, while it can be undone (`features/project/merge-undo.ts`). */
  mergeUndo: MergeUndo;
  /** The backups written before merges, newest last, so the backups list can name them. */
  mergeBackups: MergeBackup[];
  /** How REFI-QDA codes were mapped, by code path: part of the project (its envelope's `refiCodeMapping`). */
  refiMapping: StoredCodeMapping;
  /**
   * Team sync's settled twins (`db/sync-twins.ts`): the id of each article that gave way to an
   * article with the same text → the id of the article kept, so that annotations still pointing
   * at the twin, arriving later, are moved onto the article kept.
   */
  twins: [string, string][];
  /**
   * Articles a sync removed that had annotations here while no article with their text was here
   * yet (id, contentHash, title): when one arrives, it is their twin, and those annotations move
   * onto it. The title names the article in Team Sync's dialog while they wait (entries kept
   * before it was noted have none).
   */
  twinsAwaiting: [string, string, string?][];
  /**
   * The imported originals (`original`, never synced) of articles in `twinsAwaiting`, by id: kept
   * while the annotations wait, and given to the twin when it arrives and has none of its own.
   */
  twinsAwaitingOriginals: [string, NonNullable<Article['original']>][];
}

/** A backup written before a merge: which, and of which file. */
export interface MergeBackup {
  /** The backup's file name; null when the library was empty (undo empties it again). */
  backup: string | null;
  /** The merged file's name, as the merge preview showed it. */
  fileName: string;
  /** When the merge was applied. */
  at: string;
}

/** The merge Edit › Undo can take back: its backup, and what it changed. */
export interface MergeUndo extends MergeBackup {
  /** Records the merge wrote (articles, annotations, grades, tags). */
  changes: number;
}
export type MetaKey = keyof MetaValues;
export type MetaRecord = { [K in MetaKey]: { key: K; value: MetaValues[K] } }[MetaKey];

/** The value of one setting, typed by its key. */
export async function getMeta<K extends MetaKey>(db: GlossDB, key: K): Promise<MetaValues[K] | undefined> {
  const record = await db.meta.get(key);
  return record?.value as MetaValues[K] | undefined;
}

/** Stores one setting (through the guard, which validates it). */
export async function putMeta<K extends MetaKey>(db: GlossDB, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value } as MetaRecord);
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
  /** What changed since the last team-sync cycle landed (`journal.ts`). */
  declare journal: Table<JournalRow, string>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    declareVersions(this);
    // Every write passes the guard: validated, and reported on the change feed.
    this.use(storeGuard(name));
  }
}
