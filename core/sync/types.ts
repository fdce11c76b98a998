import type { ProjectDocument } from '../project';
import type { SyncKind, SyncRecord } from './documents';
import type { ReplicaDatabase } from './pouch';
import type { AwaitingTwin, SyncState } from './state';

/** How true conflicts are settled: left open on the server (the default), or mine, theirs, both. */
export type ConflictPolicy = 'open' | 'mine' | 'theirs' | 'both';
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['open', 'mine', 'theirs', 'both'];

/** Progress of a sync, for a status line: documents written so far in each phase. */
export interface SyncProgress {
  phase: 'pull' | 'push' | 'apply';
  docs: number;
  /** Documents in this phase, when known (the pull: the server's pending changes; apply: pages). */
  total?: number;
}

/** A record both sides changed apart ("a true conflict"). */
export interface OpenConflict {
  id: string;
  kind: SyncKind;
  /** The fields changed apart (`deletedAt` when one side deleted what the other edited). */
  fields: string[];
  mine: unknown;
  theirs: unknown;
  /** The server user who wrote their revision. */
  theirsBy: string | null;
  /** How it was settled, or `open` when it stays on the server for someone to decide. */
  resolution: ConflictPolicy;
}

/** What a sync did. */
export interface SyncReport {
  pulled: { added: number; updated: number; removed: number };
  /**
   * Documents the server accepted from this sync: my revisions (records changed here, settled
   * conflicts, deletions), and what else the push carried — a change an earlier push did not
   * deliver, or what a server that lost its history lacked — each checked with `_revs_diff`
   * after the push (one the server acknowledged and did not keep is `rejected` instead).
   */
  pushed: number;
  /** Documents on the server that Gloss refused to take in, with the reason. */
  refused: { id: string; reason: string }[];
  /** My changes the server refused (rights, its validate_doc_update), with its reason. */
  rejected: { id: string; reason: string }[];
  /** Conflicting revisions settled by the merge rules (only one side changed each field). */
  settled: number;
  conflicts: OpenConflict[];
  /** Times the connection dropped and replication resumed. */
  retries: number;
  /**
   * `gloss sync`: articles removed on the server whose annotations wait for the copy of the same
   * text a colleague kept, which has not reached the file yet (see {@link AwaitingTwin}).
   */
  awaiting?: { articleId: string; title: string; annotations: number }[];
}

/** What a client remembers of one document: [the revision its record stands for, the record's digest]. */
export type KnownEntry = [string, string];

/**
 * One page of what a sync hands back ({@link SyncChangesOptions.onPage}): records to write,
 * document ids whose records to remove, the known entries to remember once they are taken in
 * (null: forget), and ids to leave as they are here (refused from the server, or my change the
 * server refused: it stays, unsent, and goes up once allowed).
 */
export interface SyncPage {
  records: SyncRecord[];
  removed: string[];
  docs: Record<string, KnownEntry | null>;
  keep: string[];
  /**
   * The digest each record of `records` and `removed` had here when the sync began (null: it was
   * not here): a store whose record no longer has it was changed meanwhile, and keeps its change.
   */
  was: Record<string, string | null>;
}

/** Options of {@link syncChanges}. */
export interface SyncChangesOptions extends Omit<SyncOptions, 'project' | 'known'> {
  /** Records created or changed here since the last sync (unchanged ones cost a digest, nothing more). */
  changed: readonly SyncRecord[];
  /** Document ids whose records were removed here since the last sync. */
  removed: readonly string[];
  /** Reads what is remembered of these documents. */
  known(ids: readonly string[]): Promise<ReadonlyMap<string, KnownEntry>>;
  /**
   * Records as they were at the revision `known` remembers, kept by the store before it changed
   * them (the app's sync journal). Each is written into the replica at that revision before the
   * change is staged as its child — only where its digest is the one remembered — so that the
   * common ancestor of a conflict is at hand even where the replica holds no bodies (the app's
   * after a first sync) and the server has compacted that revision's body away.
   */
  bases?: ReadonlyMap<string, SyncRecord>;
  /**
   * Hand pages of what the pull brings over while it goes on (see the engine). Worth it where
   * the replica is memory (`gloss sync`: a first sync of 210,000 documents 118 → 65 s under
   * load) — the app's first sync too; over the app's durable IndexedDB replica the replica's and
   * the store's writes contend for one IndexedDB (437 s against 317 s, similar load), so its
   * later cycles do not.
   */
  handOverWhilePulling?: boolean;
  /**
   * The replica held nothing before this sync (the command line's in-memory replica): what the
   * pull brings once is handed over as it arrives, not read back.
   */
  emptyReplica?: boolean;
  /**
   * Stage records that did not change at the revision `known` remembers (default true), so that
   * the push sends them to a server that lacks them. False for a replica that holds only what
   * later cycles need (the app's after its first sync) while the server keeps its history: a
   * full comparison then costs digests, not a copy of the store.
   */
  stageUnchanged?: boolean;
  /** More documents to read back (pulled earlier and not yet taken in; open conflicts). */
  also?: readonly string[];
  /**
   * A durable replica only (the app's): the replica's sequence before which everything it holds
   * is on the server (pulled from it, or pushed). The push starts there rather than at PouchDB's
   * own checkpoint, which moves only when something is pushed: after a first sync that only
   * pulled, the first edit's push would otherwise look at every pulled document again.
   */
  pushFrom?: string | number;
  /**
   * Push even when this sync made nothing: the replica holds changes an earlier push did not
   * deliver (the server refused them, say as too large), to go up once the server takes them.
   */
  pushUnsent?: boolean;
  /**
   * Documents an earlier push left out as too large for the server: left out of this push without
   * being sent, and reported as too large again (a document over CouchDB's limit is refused only
   * once it has been uploaded whole). One this sync changed is sent all the same.
   */
  holdBack?: ReadonlySet<string>;
  /**
   * Where the pull starts (a sequence of the server), instead of PouchDB's checkpoint: PouchDB
   * writes it as the checkpoint of both sides first, then reads on from there (a retry after a
   * dropped connection starts there again). The app's continued first sync, whose kept log may
   * be behind the server's copy (see `onHandedOver`).
   */
  pullFrom?: string | number;
  /**
   * Pages handed over during the pull only: called after a page whenever everything the pull
   * brought up to a batch's checkpoint (`checkpoint`, a sequence of the server) has been handed
   * over — each document taken in, or `notTaken`: left by the store (changed meanwhile, held
   * back), or in conflict; those are handed over again after the pull. The next page waits for
   * it. (The app keeps a long first sync as it goes, so that a crash loses little of it.)
   */
  onHandedOver?(checkpoint: string | number, notTaken: readonly string[]): Promise<void> | void;
  /** Called after the pull with the ids it brought, before they are handed over. */
  onPulled?(ids: string[]): Promise<void> | void;
  /**
   * Takes one page in; the next page waits for it. May name the ids it did not take (left as
   * they are: changed here meanwhile, or held back): pages handed over during the pull
   * (`pulling`, its `total` unknown) are handed over again after it for those.
   */
  onPage(
    page: SyncPage,
    progress: { done: number; total: number; pulling?: boolean },
  ): Promise<readonly string[] | void> | readonly string[] | void;
}

/** The result of {@link syncProject}. */
export interface SyncResult {
  project: ProjectDocument;
  /** The sync state to store with the project for this remote. */
  docs: SyncState['remotes'][string]['docs'];
  /** The twin settlements to remember for this remote (twin id → article kept; see SyncState). */
  twins: Record<string, string>;
  /** The annotations still waiting for their article's twin (see SyncState), by article id. */
  awaiting: Record<string, AwaitingTwin>;
  report: SyncReport;
}

/** Thrown when a sync cannot go on (the server is gone for good, or refuses the user). */
export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Options of {@link syncProject}. */
export interface SyncOptions {
  project: ProjectDocument;
  /** What this project remembers of the remote (document id → [revision, digest]). */
  known: SyncState['remotes'][string]['docs'];
  /**
   * Twins settled by earlier syncs with the remote (twin id → article kept): what arrives later on
   * such a twin moves onto the article kept.
   */
  twins?: Readonly<Record<string, string>>;
  /** Annotations waiting since earlier syncs for their article's twin (see SyncState), by article id. */
  awaiting?: Readonly<Record<string, AwaitingTwin>>;
  /** An empty local database (any adapter): the replica the replicator works against. */
  local: ReplicaDatabase;
  /** The team database. */
  remote: ReplicaDatabase;
  /** The server user that this client writes as (`by` in every document). */
  user: string | null;
  /** How true conflicts are settled: one policy for all, or per document id (the app's choices). */
  conflicts?: ConflictPolicy | ((id: string) => ConflictPolicy);
  /** Documents per replication batch (default {@link DEFAULT_BATCH_SIZE}). */
  batchSize?: number;
  /** Times in a row a dropped connection is retried before the sync gives up (default 8). */
  retries?: number;
  /** Milliseconds before retry `n` (1-based); default 250 ms doubling to 8 s. */
  backoff?: (attempt: number) => number;
  onProgress?: (p: SyncProgress) => void;
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
  /**
   * Stops the sync (the app quitting): the replication under way is cancelled and the sync
   * rejects with the signal's reason, writing nothing more — as a cut connection would, which a
   * later sync resumes from.
   */
  signal?: AbortSignal;
  /**
   * A durable replica only (the app's): revisions made by earlier syncs that did not finish (id →
   * [revision, digest]). A record changed again goes up as their child, an unchanged one as it
   * is — never as a sibling of an own earlier edit, which would be a conflict with oneself.
   */
  pending?: SyncState['remotes'][string]['docs'];
  /** Called once the revisions made here are staged in the replica, before any request (id → [revision, digest]). */
  onStaged?: (made: SyncState['remotes'][string]['docs']) => Promise<void>;
}
