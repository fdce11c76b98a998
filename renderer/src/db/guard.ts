import {
  Dexie,
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
} from 'dexie';
import { z } from 'zod';
import {
  AnalystSchema,
  AnnotationSchema,
  AnnotationSetSchema,
  ArticleRecordSchema,
  SourceGradeSchema,
  TagSchema,
  TimestampSchema,
  annotationOffsetProblem,
  textLayoutProblems,
  type Analyst,
  type Annotation,
} from '../../../core/model';
import { deepEqual } from '../../../core/merge/equal';
import { ProjectSyncSchema } from '../../../core/project';
import { StoredCodeMappingSchema } from '../../../core/refi';
import {
  BASE_TABLES,
  JOURNAL_CONTROL,
  JournalRowSchema,
  SYNCED_TABLES,
  isSyncedTable,
  newStamp,
  type JournalControl,
  type JournalEntry,
  type SyncedTable,
} from './journal';
import { AnnotatedSetSchema } from './sets';

/**
 * The one gate every write to the store passes: a Dexie DBCore middleware, below every table
 * method, so that no code path can write a record the project format would refuse. Each record
 * is validated with the `core/model` schemas before the write reaches IndexedDB (an annotation
 * also against its article's length); a refused record fails the whole transaction with a
 * {@link StoreValidationError} naming the record and the reason, so nothing of it is written.
 *
 * The same gate reports what each committed transaction changed, as one typed
 * {@link StoreChange}, to this window's listeners and (over a BroadcastChannel) to every other
 * window of the same profile: the one change feed the views listen to.
 *
 * And it keeps the sync journal (`journal.ts`): while a team sync is configured, every record a
 * transaction writes or deletes in a synced table is noted in the `journal` table, in that same
 * transaction (the guard adds the table to the transaction's scope).
 */

/**
 * Why the guard refused a record: an annotation whose article is not in the library, one whose
 * position lies outside its article's text, or a record that fails its schema (or is written
 * where it may not be).
 */
export type RefusalReason = 'missing-article' | 'outside-text' | 'invalid';

/**
 * Whether an annotation whose article is not in the library may still be written: the store holds
 * it (`held`) on that same article at that very position. Such an annotation waits for its
 * article's twin (a team sync removed the article before the copy kept for the same text arrived,
 * `sync-twins.ts`): it can be edited or deleted while it waits — here, or by a colleague through
 * the sync (`sync-apply.ts`) — and moves onto the twin as it is then. Nothing new is placed on an
 * absent article, and nothing is moved within one.
 */
export function waitsInPlace(a: Annotation, held: Annotation | undefined): boolean {
  return held?.articleId === a.articleId && deepEqual(held.selectors, a.selectors);
}

/** Thrown (and failing the transaction) when a record would break the data model. */
export class StoreValidationError extends Error {
  override readonly name = 'StoreValidationError';
  constructor(
    message: string,
    readonly reason: RefusalReason = 'invalid',
    /** The refused annotation's article (`missing-article`, `outside-text`). */
    readonly articleId?: string,
  ) {
    super(message);
  }

  /** When an annotation was refused because its article is not in the library: that article's id. */
  get missingArticle(): string | undefined {
    return this.reason === 'missing-article' ? this.articleId : undefined;
  }
}

/** The tables whose changes the feed reports. */
export const FEED_TABLES = [
  'articles',
  'bodies',
  'annotations',
  'sourceGrades',
  'tags',
  'sets',
  'meta',
  'history',
] as const;
export type FeedTable = (typeof FEED_TABLES)[number];

/** One annotation as a committed write left it (`value` null: the record no longer exists). */
export interface WrittenAnnotation {
  id: string;
  articleId: string;
  value: Annotation | null;
}

/** What one committed transaction changed. */
export interface StoreChange {
  /** Whether the write was made in this window or in another window of the same profile. */
  origin: 'this-window' | 'other-window';
  /** The analyst of the window that wrote (null until it is known, e.g. before the first run). */
  by: Analyst | null;
  /** Every key written (added, replaced or deleted), per table. */
  keys: Partial<Record<FeedTable, string[]>>;
  /**
   * The annotation records as written, when the transaction wrote at most
   * {@link CARRIED_ANNOTATIONS} of them (null when more, or when it wrote none): views patch
   * these in place of re-reading the table.
   */
  annotations: WrittenAnnotation[] | null;
  /**
   * 'sync' when team sync wrote it (what the team database holds, taken into the store; see
   * {@link markSyncWrite}): not an edit of the analyst's, so not one to send back (nor journalled).
   */
  source?: 'sync';
  /**
   * Which change this is, unique across the profile's windows and workers (the writing context
   * and its count of changes): a context that hears the feed on its own, over the channel, can
   * wait until it has heard a change another context names (the search worker does, for a search
   * the window asks for right after an edit: the two messages travel apart).
   */
  stamp?: string;
}

/** This context's part of a {@link StoreChange.stamp}. */
const CONTEXT_ID = Math.random().toString(36).slice(2, 10);
let changesMade = 0;

/** Transactions team sync writes in (Dexie's `idbtrans` of each), for {@link StoreChange.source}. */
const syncWrites = new WeakSet<object>();

/**
 * Marks the read-write transaction under way as team sync's own (call it inside the
 * transaction's scope): its change goes out with `source: 'sync'`, in whatever window or worker
 * it was written, so that no listener takes it for the analyst's edit.
 */
export function markSyncWrite(): void {
  const trans = Dexie.currentTransaction?.idbtrans as object | undefined;
  if (!trans) throw new Error('markSyncWrite must be called inside a read-write transaction');
  syncWrites.add(trans);
}

/** How many written annotation records a change carries before it tells views to re-read. */
export const CARRIED_ANNOTATIONS = 5000;

const ArticleMetaSchema = ArticleRecordSchema.omit({
  text: true,
  blocks: true,
  removed: true,
  footnotes: true,
  original: true,
}).extend({ chars: z.number().int().nonnegative() });

const ArticleBodySchema = ArticleRecordSchema.pick({
  id: true,
  text: true,
  blocks: true,
  removed: true,
  footnotes: true,
  original: true,
}).superRefine((b, ctx) => {
  for (const problem of textLayoutProblems(b)) ctx.addIssue({ code: 'custom', ...problem });
});

/** What the project keeps about itself (`meta` key `project`). */
export const ProjectMetaSchema = z.object({ name: z.string(), syncs: z.array(ProjectSyncSchema) });

/** Deleted articles kept to restore (`trash.ts`): whole records, as they were. */
const TrashEntrySchema = z.object({
  id: z.string().min(1),
  deletedAt: z.string(),
  label: z.string(),
  removed: z.object({
    articles: z.array(ArticleMetaSchema),
    bodies: z.array(ArticleBodySchema),
    annotations: z.array(AnnotationSchema),
  }),
});

/** A backup written before a merge (`meta` keys `mergeUndo`, `mergeBackups`). */
const MergeBackupSchema = z.object({
  backup: z.string().min(1).nullable(),
  fileName: z.string(),
  at: TimestampSchema,
});

/** The `meta` table's keys, each with the schema of its value. */
export const META_SCHEMAS = {
  trash: z.array(TrashEntrySchema),
  mergeUndo: MergeBackupSchema.extend({ changes: z.number().int().nonnegative() }),
  mergeBackups: z.array(MergeBackupSchema).max(100),
  analyst: AnalystSchema,
  project: ProjectMetaSchema,
  sets: z.array(AnnotationSetSchema),
  searchIndex: z.looseObject({ version: z.number() }),
  refiMapping: StoredCodeMappingSchema,
  twins: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
  twinsAwaiting: z.array(z.tuple([z.string().min(1), z.string().min(1), z.string().optional()])),
  twinsAwaitingOriginals: z.array(z.tuple([z.string().min(1), z.instanceof(Uint8Array)])),
} as const;
export type MetaKey = keyof typeof META_SCHEMAS;

const MetaRecordSchema = z.object({ key: z.string(), value: z.unknown() }).superRefine((r, ctx) => {
  const schema = (META_SCHEMAS as Record<string, z.ZodType>)[r.key];
  if (!schema) {
    ctx.addIssue({ code: 'custom', path: ['key'], message: `“${r.key}” is not a setting Gloss keeps` });
    return;
  }
  const checked = schema.safeParse(r.value);
  if (!checked.success) {
    for (const issue of checked.error.issues) ctx.addIssue({ ...issue, path: ['value', ...issue.path] });
  }
});

/** The schema of each table's records (the undo history holds records validated when written). */
const SCHEMAS: Partial<Record<FeedTable, z.ZodType>> = {
  articles: ArticleMetaSchema,
  bodies: ArticleBodySchema,
  annotations: AnnotationSchema,
  sourceGrades: SourceGradeSchema,
  tags: TagSchema,
  sets: AnnotatedSetSchema,
  meta: MetaRecordSchema,
};

const WHAT: Record<string, string> = {
  journal: 'sync journal row',
  articles: 'article',
  bodies: 'article text',
  annotations: 'annotation',
  sourceGrades: 'source grade',
  tags: 'tag',
  sets: 'set',
  meta: 'setting',
};

function describeIssue(table: string, value: unknown, error: z.ZodError): string {
  const issue = error.issues[0]!;
  const record = value as { id?: unknown; source?: unknown; name?: unknown; key?: unknown };
  const name = record.id ?? record.source ?? record.name ?? record.key;
  const path = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `This ${WHAT[table] ?? table}${typeof name === 'string' ? ` (${name})` : ''} was not saved: ${path}${issue.message}.`;
}

interface Pending {
  stores: readonly string[];
  keys: Map<FeedTable, Set<string>>;
  annotations: Map<string, WrittenAnnotation>;
  annotationsOverflow: boolean;
  /**
   * The text length (`chars`) of each article this transaction has read or written (null: it
   * holds none under that id), so that annotations are checked against their articles without
   * reading them again: a sync page reads the ~1,000 articles its annotations point into to sort
   * out what it can take, and the check below then finds them here. Kept as the transaction's
   * own writes change the table (an IndexedDB transaction sees no one else's): a put sets what
   * it wrote, a deletion (a range's resolved to its keys) sets null.
   */
  chars: Map<string, number | null>;
  /** This transaction's journalling, once the control row is read (null: not journalled). */
  journal?: Promise<Journalling | null>;
  /** The journal's control row as this transaction last read or wrote it (null: none). */
  control?: Promise<JournalControl | null>;
  /** The control row's `articles` stamp when this transaction first read it (null: none). */
  stampBefore?: string | null;
  /** The stamp this transaction set by writing or deleting articles. */
  stampAfter?: string;
}

/**
 * The article lengths a connection remembers across its transactions, and the journal control
 * row's `articles` stamp they hold for. Every transaction that writes or deletes an article sets
 * a fresh stamp (in that transaction), so a transaction that finds the stamp it remembers knows
 * that no article changed since — in this connection or any other (IndexedDB runs read-write
 * transactions over the same table one at a time) — and checks annotations against what it
 * remembers instead of reading their articles again: a sync page of 1,000 annotations points into
 * some 1,000 articles, and IndexedDB answers one request per key. Without a team sync configured
 * there is no control row, and nothing is remembered.
 */
interface KnownLengths {
  stamp: string | null;
  chars: Map<string, number | null>;
}

/** Per read-write transaction (Dexie's `idbtrans`): the article lengths it sees, read where not known. */
const lengthReaders = new WeakMap<object, (ids: readonly string[]) => Promise<Map<string, number | null>>>();

/**
 * The text length of each article (null: not in the library), as the guard will check
 * annotations against them in the read-write transaction under way (call it inside its scope):
 * from what the connection remembers where that still holds, else read.
 */
export function articleLengths(ids: readonly string[]): Promise<Map<string, number | null>> {
  const trans = Dexie.currentTransaction?.idbtrans as object | undefined;
  const read = trans ? lengthReaders.get(trans) : undefined;
  if (!read) throw new Error('articleLengths must be called inside a read-write transaction');
  return read(ids);
}

interface Journalling {
  stamp: string;
  /** Document ids noted so far in this transaction. */
  noted: Set<string>;
  /** The transaction cleared a synced table: it asked for a full comparison and notes no rows. */
  replaced: boolean;
}

/** The primary key of each table's records. */
const KEY_OF: Record<FeedTable, (value: unknown) => unknown> = {
  articles: (v) => (v as { id: string }).id,
  bodies: (v) => (v as { id: string }).id,
  annotations: (v) => (v as { id: string }).id,
  sourceGrades: (v) => (v as { source: string }).source,
  tags: (v) => (v as { name: string }).name,
  sets: (v) => (v as { id: string }).id,
  meta: (v) => (v as { key: string }).key,
  history: (v) => (v as { seq?: number }).seq,
};

const isFeedTable = (name: string): name is FeedTable => (FEED_TABLES as readonly string[]).includes(name);

/** The store's change feed for one database name: local listeners and the channel to other windows. */
class Feed {
  readonly listeners = new Set<(change: StoreChange) => void>();
  by: Analyst | null = null;
  /** How many annotation records a change carries at most ({@link CARRIED_ANNOTATIONS}). */
  carried = CARRIED_ANNOTATIONS;
  private channel: BroadcastChannel | null = null;

  constructor(readonly name: string) {
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(`gloss-store:${name}`);
      // A context nobody here listens in (the search and library workers open the store for
      // their own reads) leaves the message unread: reading `data` is what copies it in, and a
      // team sync's page carries 1,000 annotations.
      this.channel.onmessage = (event: MessageEvent<PackedChange>) => {
        if (this.listeners.size > 0) this.deliver({ ...unpack(event.data), origin: 'other-window' });
      };
      // In Node (benches, tests) an open channel would keep the process from ever exiting.
      (this.channel as { unref?: () => void }).unref?.();
    }
  }

  emit(change: StoreChange): void {
    change.stamp = `${CONTEXT_ID}:${++changesMade}`;
    this.deliver(change);
    this.channel?.postMessage(pack(change));
  }

  private deliver(change: StoreChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (err) {
        console.error('A store change listener failed:', err);
      }
    }
  }
}

/**
 * A change as it crosses to other windows and workers: each table's keys joined into one
 * string, with how many there are. Cloning an array of 100,000 keys (opening a project in the
 * project worker) took a task of 100–300 ms on the receiving window's thread; one string clones at
 * memory speed. The receiver splits a table's string only when a listener reads that table's
 * keys ({@link keyCount} and `touches` do not): splitting 100,000 keys took 80–160 ms of the
 * same task under load, for views that only wanted to know whether annotations changed.
 */
export type PackedChange = Omit<StoreChange, 'keys' | 'annotations'> & {
  keys: Partial<Record<FeedTable, string | string[]>>;
  sizes: Partial<Record<FeedTable, number>>;
  /**
   * The annotation records carried ({@link StoreChange.annotations}): each one's id and article
   * id joined into one string, and the records as one JSON text, parsed only when a listener
   * reads a `value`. A team sync's page carries 1,000 annotations; the window's views want only
   * their article ids (the library's counts) or the few on the open article, not the records
   * cloned in.
   */
  annotations: { refs: string; values: string } | null;
};

const KEY_SEPARATOR = '\u0000';

export function pack(change: StoreChange): PackedChange {
  const keys: PackedChange['keys'] = {};
  const sizes: PackedChange['sizes'] = {};
  for (const [table, list] of Object.entries(change.keys) as [FeedTable, string[]][]) {
    // A key holding the separator (no Gloss id does) goes as it is.
    keys[table] = list.some((k) => k.includes(KEY_SEPARATOR)) ? list : list.join(KEY_SEPARATOR);
    sizes[table] = list.length;
  }
  return { ...change, keys, sizes, annotations: packWritten(change.annotations) };
}

function packWritten(written: StoreChange['annotations']): PackedChange['annotations'] {
  if (!written) return null;
  const refs: string[] = [];
  for (const { id, articleId } of written) refs.push(id, articleId);
  // An id holding the separator (no Gloss id does) would split wrongly: such a change carries none.
  if (refs.some((r) => r.includes(KEY_SEPARATOR))) return null;
  return { refs: refs.join(KEY_SEPARATOR), values: JSON.stringify(written.map((w) => w.value)) };
}

/** Carried annotations as listeners read them: ids at once, the records parsed on first read. */
function unpackWritten(packed: PackedChange['annotations']): StoreChange['annotations'] {
  if (!packed) return null;
  const refs = packed.refs.split(KEY_SEPARATOR);
  let values: (Annotation | null)[] | undefined;
  const valueAt = (i: number) => (values ??= JSON.parse(packed.values) as (Annotation | null)[])[i] ?? null;
  const out: WrittenAnnotation[] = [];
  for (let i = 0; i + 1 < refs.length; i += 2) {
    const at = i / 2;
    out.push({
      id: refs[i]!,
      articleId: refs[i + 1]!,
      get value() {
        return valueAt(at);
      },
    });
  }
  return out;
}

/** How many keys each table of an unpacked change holds (its keys are split when first read). */
const unpackedSizes = new WeakMap<StoreChange['keys'], PackedChange['sizes']>();
/** The packed keys of an unpacked change, for {@link keySlices}. */
const unpackedKeys = new WeakMap<StoreChange['keys'], PackedChange['keys']>();

export function unpack({ sizes, annotations, ...packed }: PackedChange): StoreChange {
  const keys: StoreChange['keys'] = {};
  for (const [table, list] of Object.entries(packed.keys) as [FeedTable, string | string[]][]) {
    if (typeof list !== 'string') {
      keys[table] = list;
      continue;
    }
    let split: string[] | undefined;
    Object.defineProperty(keys, table, {
      enumerable: true,
      get: () => (split ??= list ? list.split(KEY_SEPARATOR) : []),
    });
  }
  unpackedSizes.set(keys, sizes);
  unpackedKeys.set(keys, packed.keys);
  return { ...packed, keys, annotations: unpackWritten(annotations) };
}

/**
 * The keys of `table` a change wrote, `size` at a time, in order; a packed change's keys are
 * split one slice at a time, so that a caller can spread 100,000 keys over several tasks.
 */
export function* keySlices(change: StoreChange, table: FeedTable, size: number): Generator<string[]> {
  const packed = unpackedKeys.get(change.keys)?.[table];
  if (typeof packed !== 'string') {
    const list = change.keys[table] ?? [];
    for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
    return;
  }
  for (let start = 0; start < packed.length;) {
    // The end of this slice: its `size`th separator, or the end of the string.
    let end = start - 1;
    for (let n = 0; n < size; n++) {
      const next = packed.indexOf(KEY_SEPARATOR, end + 1);
      if (next === -1) {
        end = packed.length;
        break;
      }
      end = next;
    }
    yield packed.slice(start, end).split(KEY_SEPARATOR);
    start = end + 1;
  }
}

/** How many keys of `table` a change wrote, without splitting a packed change's keys. */
export function keyCount(change: StoreChange, table: FeedTable): number {
  return unpackedSizes.get(change.keys)?.[table] ?? change.keys[table]?.length ?? 0;
}

const feeds = new Map<string, Feed>();
export function feedFor(name: string): Feed {
  let feed = feeds.get(name);
  if (!feed) feeds.set(name, (feed = new Feed(name)));
  return feed;
}

/** The middleware that validates every write and feeds {@link StoreChange}s; see the module comment. */
export function storeGuard(dbName: string): Middleware<DBCore> {
  const feed = feedFor(dbName);
  return {
    stack: 'dbcore',
    name: 'gloss-store-guard',
    create(down: DBCore): DBCore {
      const pending = new WeakMap<DBCoreTransaction, Pending>();
      const known: KnownLengths = { stamp: null, chars: new Map() };

      /** The journal's control row, read once per transaction (null: none, or not in scope). */
      const controlRow = (p: Pending, trans: DBCoreTransaction): Promise<JournalControl | null> =>
        (p.control ??= p.stores.includes('journal')
          ? (
              down.table('journal').get({ trans, key: JOURNAL_CONTROL }) as Promise<
                JournalControl | undefined
              >
            ).then((control) => {
              p.stampBefore = control?.articles ?? null;
              return control ?? null;
            })
          : // Dexie's own promise: a native one awaited here would lose the transaction's zone.
            Dexie.Promise.resolve(null));

      const putControl = (
        p: Pending,
        trans: DBCoreTransaction,
        control: JournalControl,
      ): PromiseLike<void> => {
        p.control = Dexie.Promise.resolve(control);
        return down
          .table('journal')
          .mutate({ type: 'put', trans, values: [control] })
          .then(() => undefined);
      };

      /**
       * Articles written or deleted: a fresh stamp, once per transaction (see {@link KnownLengths}).
       * A chain of Dexie's own promises, as {@link lengthsFor}.
       */
      const articlesChanged = (p: Pending, trans: DBCoreTransaction): PromiseLike<void> => {
        if (p.stampAfter) return Dexie.Promise.resolve();
        return controlRow(p, trans).then((control) => {
          if (!control || p.stampAfter) return;
          p.stampAfter = newStamp();
          return putControl(p, trans, { ...control, articles: p.stampAfter });
        });
      };

      /**
       * Puts the lengths of `articleIds` in `p.chars`: remembered where the stamp holds, else read.
       * One chain of Dexie's own promises, not an async function: the caller's next step must stay
       * in the transaction's zone.
       */
      const lengthsFor = (
        p: Pending,
        trans: DBCoreTransaction,
        articleIds: readonly string[],
      ): PromiseLike<void> => {
        const ids = [...new Set(articleIds)].filter((id) => !p.chars.has(id));
        if (ids.length === 0) return Dexie.Promise.resolve();
        return controlRow(p, trans).then(() => {
          const usable = !!p.stampBefore && known.stamp === p.stampBefore;
          const missing: string[] = [];
          for (const id of ids) {
            const chars = usable ? known.chars.get(id) : undefined;
            if (chars !== undefined) p.chars.set(id, chars);
            else missing.push(id);
          }
          if (missing.length === 0) return;
          return down
            .table('articles')
            .getMany({ trans, keys: missing })
            .then((metas) => {
              missing.forEach((id, i) =>
                p.chars.set(id, (metas[i] as { chars?: number } | undefined)?.chars ?? null),
              );
            });
        });
      };

      /** A transaction committed: what it saw of article lengths holds as of the stamp it leaves. */
      const remember = (p: Pending) => {
        if (p.stampBefore === undefined) return;
        const stamp = p.stampAfter ?? p.stampBefore;
        if (!stamp || known.stamp !== p.stampBefore) known.chars.clear();
        known.stamp = stamp;
        if (stamp) for (const [id, chars] of p.chars) known.chars.set(id, chars);
      };

      const checkAnnotations = async (
        req: DBCoreMutateRequest & { values: readonly unknown[] },
        p: Pending,
      ) => {
        if (!p.stores.includes('articles')) {
          throw new StoreValidationError(
            'An annotation may only be written in a transaction that includes the articles table (its position is checked against its article).',
          );
        }
        const annotations = req.values as Annotation[];
        await lengthsFor(
          p,
          req.trans,
          annotations.map((a) => a.articleId),
        );
        // An annotation whose article is not here may still be written where it waits in place
        // (see `waitsInPlace`).
        const absent = annotations.filter((a) => (p.chars.get(a.articleId) ?? null) === null);
        const held = absent.length
          ? ((await down
              .table('annotations')
              .getMany({ trans: req.trans, keys: absent.map((a) => a.id) })) as (Annotation | undefined)[])
          : [];
        const waiting = new Set(absent.filter((a, i) => waitsInPlace(a, held[i])));
        for (const a of annotations) {
          if (waiting.has(a)) continue;
          const length = p.chars.get(a.articleId);
          if (length === undefined || length === null) {
            throw new StoreValidationError(
              `This annotation (${a.id}) was not saved: its article ${a.articleId} is not in the library.`,
              'missing-article',
              a.articleId,
            );
          }
          const problem = annotationOffsetProblem(a, length);
          if (problem) {
            throw new StoreValidationError(
              `This annotation (${a.id}) was not saved: ${problem}.`,
              'outside-text',
              a.articleId,
            );
          }
        }
      };

      const note = (p: Pending, table: FeedTable, keys: readonly unknown[]) => {
        let set = p.keys.get(table);
        if (!set) p.keys.set(table, (set = new Set()));
        for (const k of keys) if (typeof k === 'string' || typeof k === 'number') set.add(String(k));
      };

      const noteAnnotations = (p: Pending, written: WrittenAnnotation[]) => {
        if (p.annotationsOverflow) return;
        for (const w of written) p.annotations.set(w.id, w);
        if (p.annotations.size > feed.carried) {
          p.annotationsOverflow = true;
          p.annotations.clear();
        }
      };

      /** Whether (and how) this transaction journals; the control row is read once. */
      const journalling = (p: Pending, trans: DBCoreTransaction): Promise<Journalling | null> =>
        (p.journal ??= (async () => {
          if (syncWrites.has(trans) || !p.stores.includes('journal')) return null;
          const control = await controlRow(p, trans);
          return control ? { stamp: newStamp(), noted: new Set<string>(), replaced: false } : null;
        })());

      const journal = async (
        p: Pending,
        trans: DBCoreTransaction,
        table: SyncedTable,
        keys: readonly unknown[],
        bases?: ReadonlyMap<string, unknown>,
      ) => {
        const j = await journalling(p, trans);
        if (!j || j.replaced) return;
        const values: JournalEntry[] = [];
        for (const k of keys) {
          if (typeof k !== 'string') continue;
          const id = `${SYNCED_TABLES[table]}:${k}`;
          if (j.noted.has(id)) continue;
          j.noted.add(id);
          const base = bases?.get(id);
          values.push(base === undefined ? { id, stamp: j.stamp } : { id, stamp: j.stamp, base });
        }
        if (values.length) await down.table('journal').mutate({ type: 'put', trans, values });
      };

      /**
       * Before a write that replaces records, the `base` each journal row is to keep (see
       * `JournalEntry.base`): a row the journal holds already keeps its own (one this transaction
       * wrote too); for a record it holds no row of, the record as the table holds it now — the
       * revision the replica remembers. A chain of Dexie's own promises, as {@link lengthsFor}.
       */
      const basesBefore = (
        p: Pending,
        trans: DBCoreTransaction,
        table: SyncedTable,
        keys: readonly unknown[],
      ): PromiseLike<ReadonlyMap<string, unknown> | undefined> => {
        if (!BASE_TABLES.has(table) || syncWrites.has(trans) || !p.stores.includes('journal'))
          return Dexie.Promise.resolve(undefined);
        const kind = SYNCED_TABLES[table];
        const fresh = [...new Set(keys.filter((k): k is string => typeof k === 'string'))];
        return controlRow(p, trans).then((control) => {
          if (!control || fresh.length === 0) return undefined;
          return down
            .table('journal')
            .getMany({ trans, keys: fresh.map((k) => `${kind}:${k}`) })
            .then((rows: (JournalEntry | undefined)[]) => {
              const bases = new Map<string, unknown>();
              const unjournalled = fresh.filter((_, i) => !rows[i]);
              for (const row of rows) if (row?.base !== undefined) bases.set(row.id, row.base);
              if (unjournalled.length === 0) return bases;
              return down
                .table(table)
                .getMany({ trans, keys: unjournalled })
                .then((held: unknown[]) => {
                  held.forEach((row, i) => row !== undefined && bases.set(`${kind}:${unjournalled[i]}`, row));
                  return bases;
                });
            });
        });
      };

      /** A synced table cleared (the store replaced): the next cycle compares everything. */
      const journalReplaced = async (p: Pending, trans: DBCoreTransaction) => {
        const j = await journalling(p, trans);
        if (!j || j.replaced) return;
        j.replaced = true;
        // The control row as this transaction left it (its `articles` stamp may be new).
        await controlRow(p, trans).then((control) =>
          control ? putControl(p, trans, { ...control, full: j.stamp }) : undefined,
        );
      };

      const guardJournal = (table: DBCoreTable): DBCoreTable => ({
        ...table,
        async mutate(req) {
          if (req.type === 'add' || req.type === 'put') {
            for (const value of req.values) {
              const checked = JournalRowSchema.safeParse(value);
              if (!checked.success)
                throw new StoreValidationError(describeIssue('journal', value, checked.error));
            }
          }
          return table.mutate(req);
        },
      });

      const guardTable = (table: DBCoreTable): DBCoreTable => {
        const name = table.name;
        if (name === 'journal') return guardJournal(table);
        if (!isFeedTable(name)) return table;
        const schema = SCHEMAS[name];
        /** Article lengths a read in a write transaction saw (see `Pending.chars`). */
        const seen = (trans: DBCoreTransaction, keys: readonly unknown[], values: readonly unknown[]) => {
          const p = pending.get(trans);
          if (!p) return;
          keys.forEach((key, i) => {
            const v = values[i] as { chars?: unknown } | undefined;
            if (typeof key === 'string') p.chars.set(key, typeof v?.chars === 'number' ? v.chars : null);
          });
        };
        // `then` on the table's own promise, not an async function: an await of a native promise
        // here would lose Dexie's transaction zone for the caller's next step.
        const reads: Partial<DBCoreTable> =
          name === 'articles'
            ? {
                getMany: (req) =>
                  table.getMany(req).then((values) => {
                    seen(req.trans, req.keys, values);
                    return values;
                  }),
                get: (req) =>
                  table.get(req).then((value: unknown) => {
                    seen(req.trans, [req.key], [value]);
                    return value;
                  }),
              }
            : {};
        return {
          ...table,
          ...reads,
          async mutate(req) {
            const p = pending.get(req.trans);
            if (!p) return table.mutate(req);
            if (req.type === 'add' || req.type === 'put') {
              for (const value of schema ? req.values : []) {
                const checked = schema!.safeParse(value);
                if (!checked.success)
                  throw new StoreValidationError(describeIssue(name, value, checked.error));
              }
              if (name === 'annotations') await checkAnnotations(req, p);
              const bases =
                req.type === 'put' && isSyncedTable(name)
                  ? await basesBefore(p, req.trans, name, req.values.map(KEY_OF[name]))
                  : undefined;
              const res = await table.mutate(req);
              if (name === 'annotations') {
                // Only what was written: an `add` of a key the table holds fails alone (a caller
                // may catch that and go on in the same transaction), and its value was not stored.
                noteAnnotations(
                  p,
                  (req.values as Annotation[]).flatMap((a, i) =>
                    i in (res.failures ?? {}) ? [] : [{ id: a.id, articleId: a.articleId, value: a }],
                  ),
                );
              }
              if (name === 'articles') {
                // Only what was written: a bulk write reports the records it failed (a caller may
                // catch that and go on in the same transaction).
                (req.values as { id: string; chars: number }[]).forEach((v, i) => {
                  if (!(i in (res.failures ?? {}))) p.chars.set(v.id, v.chars);
                });
              }
              // Keys generated by the database (the undo history's) come back with the result.
              const keys = (res.results as unknown[] | undefined) ?? req.values.map(KEY_OF[name]);
              note(p, name, keys);
              if (isSyncedTable(name)) await journal(p, req.trans, name, keys, bases);
              if (name === 'articles') await articlesChanged(p, req.trans);
              return res;
            }
            // Deletions: note the keys (a range is resolved to its keys first) and, for
            // annotations, which articles they were on.
            const deleted: unknown[] =
              req.type === 'delete'
                ? [...req.keys]
                : (
                    await table.query({
                      trans: req.trans,
                      values: false,
                      query: { index: table.schema.primaryKey, range: req.range },
                    })
                  ).result;
            note(p, name, deleted);
            if (name === 'annotations' && !p.annotationsOverflow) {
              if (deleted.length > feed.carried) {
                p.annotationsOverflow = true;
                p.annotations.clear();
              } else {
                const before = (await table.getMany({ trans: req.trans, keys: deleted })) as (
                  Annotation | undefined
                )[];
                noteAnnotations(
                  p,
                  before.flatMap((a) => (a ? [{ id: a.id, articleId: a.articleId, value: null }] : [])),
                );
              }
            }
            // The journal after the deletion: Dexie's hooks below read the transaction's zone,
            // which an await of the journal's own promises would not keep.
            const res = await table.mutate(req);
            // Known gone (this transaction sees no one else's writes).
            if (name === 'articles') for (const k of deleted) p.chars.set(String(k), null);
            if (isSyncedTable(name)) {
              if (req.type === 'deleteRange') await journalReplaced(p, req.trans);
              else await journal(p, req.trans, name, deleted);
            }
            if (name === 'articles') await articlesChanged(p, req.trans);
            return res;
          },
        };
      };

      return {
        ...down,
        transaction(requested, mode, options) {
          // A write to a synced table notes what it changed in the journal, in this transaction.
          const stores =
            mode === 'readwrite' && requested.some(isSyncedTable) && !requested.includes('journal')
              ? [...requested, 'journal']
              : requested;
          const trans = down.transaction(stores, mode, options);
          if (mode === 'readwrite') {
            const p: Pending = {
              stores,
              keys: new Map(),
              annotations: new Map(),
              annotationsOverflow: false,
              chars: new Map(),
            };
            pending.set(trans, p);
            lengthReaders.set(trans, async (ids) => {
              await lengthsFor(p, trans, ids);
              return new Map(ids.map((id) => [id, p.chars.get(id) ?? null]));
            });
            (trans as unknown as IDBTransaction).addEventListener('complete', () => {
              remember(p);
              if (p.keys.size === 0) return;
              const keys: StoreChange['keys'] = {};
              for (const [table, set] of p.keys) keys[table] = [...set];
              feed.emit({
                origin: 'this-window',
                by: feed.by,
                keys,
                annotations:
                  p.annotationsOverflow || p.annotations.size === 0 ? null : [...p.annotations.values()],
                ...(syncWrites.has(trans) ? { source: 'sync' as const } : {}),
              });
            });
          }
          return trans;
        },
        table(name) {
          return guardTable(down.table(name));
        },
      };
    },
  };
}
