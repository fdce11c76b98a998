import generateReplicationId from 'pouchdb-generate-replication-id';
import type { ProjectDocument } from '../../../../core/project';
import {
  documentId,
  emptySyncReport,
  infoError,
  kindOfId,
  projectRecords,
  remoteKey,
  syncChanges,
  TOO_LARGE,
  type ConflictPolicy,
  type BulkResult,
  type ReplicaDatabase,
  type KnownEntry,
  type SyncPage,
  type SyncProgress,
  type SyncRecord,
  type SyncReport,
  type SyncState,
} from '../../../../core/sync';

/** What the replica remembers of the server: document id → [revision, digest] (as the CLI's file). */
export type KnownDocs = SyncState['remotes'][string]['docs'];

/** A live feed of the team database's changes (PouchDB's `changes`, live). */
export interface ChangesFeed {
  on(event: 'change', listener: () => void): ChangesFeed;
  on(event: 'error', listener: (err: unknown) => void): ChangesFeed;
  cancel(): void;
}

/** The PouchDB database the replica needs, beyond core/sync's part. */
export interface ReplicaPouch extends ReplicaDatabase {
  put(doc: object): Promise<{ rev: string }>;
  /** Writes (here: `_local` documents, at the revisions given) in one go. */
  bulkDocs(docs: object[], options: { new_edits: false }): Promise<BulkResult[]>;
  bulkDocs(docs: object[]): Promise<BulkResult[]>;
  /** The documents written since `since` (the replica's own sequence). */
  changes(options: {
    since: string | number;
  }): Promise<{ results: { id: string; changes: { rev: string }[] }[] }>;
  changes(options: { live: true; since: string | number; heartbeat: number }): ChangesFeed;
  info(): Promise<{ update_seq?: string | number; error?: string; reason?: string }>;
  /** The database's identity in replication ids. */
  id(): Promise<string>;
  destroy(): Promise<unknown>;
}

/**
 * Opens the databases: the durable local replica (PouchDB's IndexedDB adapter in the app's
 * worker), the first sync's replica in memory, and the team database (PouchDB's HTTP adapter, its `fetch` crossing to the main
 * process). Injected, so that the same code runs in the worker and in the tests.
 */
export interface PouchFactory {
  local(name: string): ReplicaPouch;
  remote(url: string): ReplicaPouch;
  /**
   * A new, empty in-memory database that takes the identity `id` in replication ids (so that
   * the replicator's checkpoints it writes are the durable replica's): the first sync's replica.
   */
  scratch(id: string): ReplicaPouch;
}

/** The local replica of a team database: one per database URL. */
export const replicaName = (url: string): string => `gloss-sync:${remoteKey(url)}`;

/**
 * The known entries, spread over `_local` shards by kind and the first two characters of the
 * key (`annotation:3f`): records arrive sorted by id, so a first sync fills the shards one after
 * another and a later cycle rewrites only the few it touched. An index lists the shards.
 */
const shardId = (shard: string): string => `_local/gloss-known:${encodeURIComponent(shard)}`;
const SHARD_INDEX_ID = '_local/gloss-known-index';
const shardOf = (id: string): string => id.slice(0, id.indexOf(':') + 3);
/** The single document an earlier Gloss kept them in (read once, then spread into shards). */
const LEGACY_KNOWN_ID = '_local/gloss-known';
/** Known entries gathered before they are written to the shards (see {@link syncCycle}). */
const REMEMBER_EVERY = 10_000;
/**
 * A first sync keeps what it has done every so many documents taken in (see `keepSoFar` in
 * {@link syncCycle}), so that a crash loses at most about that much of it.
 */
export const KEEP_FIRST_SYNC_EVERY = 10_000;
/**
 * The known entries a first sync kept as it went, one `_local` document per keep (only what was
 * taken in since the last): written to the shards when the cycle ends, or by the next cycle
 * after a crash — each keep rewriting the shards, which a first sync's ids fill all at once,
 * would cost a growing rewrite of every entry so far.
 */
const keptKnownId = (n: number): string => `_local/gloss-first-sync-known:${n}`;
/**
 * Whether a reported id names a document — not one revision of it, as a refused leaf of a
 * conflict is reported (`<id> (revision <rev>)`, core/sync's settle). A source grade's id holds
 * its source's name, spaces and all.
 */
const isDocumentId = (id: string): boolean => !!kindOfId(id) && !/ \(revision \d+-[^ )]+\)$/.test(id);
/** What the replica keeps between cycles besides the known entries. */
const CYCLE_ID = '_local/gloss-cycle';
/**
 * Revisions made by cycles whose result the store has not taken yet (id → [revision, digest];
 * see `pending` in core/sync): the next edit builds on them instead of making a sibling.
 */
const PENDING_ID = '_local/gloss-pending';

interface LocalDoc<T> {
  value: T;
  rev?: string;
}

async function readLocal<T>(local: ReplicaPouch, id: string, empty: T): Promise<LocalDoc<T>> {
  try {
    const doc = (await local.get(id)) as { _rev: string; value: T };
    return { value: doc.value, rev: doc._rev };
  } catch {
    return { value: empty };
  }
}

async function writeLocal<T>(local: ReplicaPouch, id: string, doc: LocalDoc<T>): Promise<void> {
  const res = await local.put({ _id: id, ...(doc.rev ? { _rev: doc.rev } : {}), value: doc.value });
  doc.rev = res.rev;
}

/**
 * What the replica remembers of the store: document id → [revision, digest] (as the CLI's file
 * does), in shards read and written on demand. Each instance reads a shard at most once.
 */
export class KnownShards {
  private readonly shards = new Map<string, LocalDoc<KnownDocs>>();
  private index: LocalDoc<string[]> | null = null;
  private migrated = false;

  constructor(private readonly local: ReplicaPouch) {}

  private async migrate(): Promise<void> {
    if (this.migrated) return;
    this.migrated = true;
    let legacy: { _rev: string; docs: KnownDocs } | undefined;
    try {
      legacy = (await this.local.get(LEGACY_KNOWN_ID)) as { _rev: string; docs: KnownDocs };
    } catch {
      return;
    }
    await this.set(Object.entries(legacy.docs));
    await this.local.put({ _id: LEGACY_KNOWN_ID, _rev: legacy._rev, _deleted: true });
  }

  private async names(): Promise<LocalDoc<string[]>> {
    this.index ??= await readLocal<string[]>(this.local, SHARD_INDEX_ID, []);
    return this.index;
  }

  private async shard(name: string): Promise<LocalDoc<KnownDocs>> {
    let s = this.shards.get(name);
    if (!s) this.shards.set(name, (s = await readLocal<KnownDocs>(this.local, shardId(name), {})));
    return s;
  }

  async get(ids: readonly string[]): Promise<Map<string, KnownEntry>> {
    await this.migrate();
    const out = new Map<string, KnownEntry>();
    for (const id of ids) {
      const entry = (await this.shard(shardOf(id))).value[id];
      if (entry) out.set(id, entry);
    }
    return out;
  }

  /** Every entry (a full comparison of the store with the replica). */
  async all(): Promise<KnownDocs> {
    await this.migrate();
    const out: KnownDocs = {};
    for (const name of (await this.names()).value) Object.assign(out, (await this.shard(name)).value);
    return out;
  }

  /**
   * Sets (or, with null, forgets) entries; writes only the shards they fall in — all in one
   * request (a first sync fills every shard, ~512: one write each, one after another, took
   * 5.5–6.4 s for 210,000 entries, in one request 4.1–4.2 s; tests/bench/README.md).
   */
  async set(entries: Iterable<[string, KnownEntry | null]>): Promise<void> {
    await this.migrate();
    const dirty = new Set<string>();
    for (const [id, entry] of entries) {
      const name = shardOf(id);
      const s = await this.shard(name);
      if (entry) s.value[id] = entry;
      else delete s.value[id];
      dirty.add(name);
    }
    const writes: [string, LocalDoc<unknown>][] = [...dirty].map((name) => [
      shardId(name),
      this.shards.get(name)!,
    ]);
    const index = await this.names();
    const added = [...dirty].filter((n) => !index.value.includes(n));
    if (added.length) {
      index.value = [...index.value, ...added];
      writes.push([SHARD_INDEX_ID, index]);
    }
    if (writes.length === 0) return;
    const results = await this.local.bulkDocs(
      writes.map(([id, doc]) => ({ _id: id, ...(doc.rev ? { _rev: doc.rev } : {}), value: doc.value })),
    );
    results.forEach((r, i) => {
      const [id, doc] = writes[i]!;
      if (!r.rev || r.error) throw new Error(`the sync replica did not keep ${id}: ${r.reason ?? r.error}`);
      doc.rev = r.rev;
    });
  }
}

async function readPending(local: ReplicaPouch): Promise<{ docs: KnownDocs; rev?: string }> {
  try {
    const doc = (await local.get(PENDING_ID)) as { _rev: string; docs: KnownDocs };
    return { docs: doc.docs, rev: doc._rev };
  } catch {
    return { docs: {} };
  }
}

async function writePending(
  local: ReplicaPouch,
  doc: { docs: KnownDocs; rev?: string },
  docs: KnownDocs,
): Promise<void> {
  const res = await local.put({ _id: PENDING_ID, ...(doc.rev ? { _rev: doc.rev } : {}), docs });
  doc.rev = res.rev;
}

/**
 * Between cycles: documents pulled but not taken into the store (`inbox`: held back, say an
 * annotation whose article is not here yet; the replicator's checkpoint has moved past them, so
 * the next cycle reads them from the replica), documents to read back every cycle (`recheck`:
 * open conflicts, refused documents), and where the replica's sequence stood (`seq`).
 */
interface CycleState {
  inbox: string[];
  recheck: string[];
  /**
   * The replica's update sequence when the last cycle ended (or, before the first ends, when it
   * began): whatever the replica holds beyond it — a cycle interrupted mid-pull, after the
   * replicator checkpointed a batch — is read back by the next cycle, so no pulled document is
   * ever passed over. (Absent in a replica of an earlier Gloss: its inbox stands for it.)
   */
  seq?: string | number;
  /**
   * The replica's update sequence before which everything it holds is on the server: pulled from
   * it, or pushed by a cycle that ended with nothing of its own left unsent (see `pushFrom` in
   * core/sync). Absent: the push starts from PouchDB's checkpoint.
   */
  pushFrom?: string | number;
  /**
   * The replica was filled by a first sync in memory (see {@link syncCycle}): it holds the pull's
   * checkpoint and the few documents read again later, not the documents themselves. If the
   * server loses its history (a database recreated, or restored from an older backup), the
   * replica has nothing to send it again: a full comparison of the store does that.
   */
  lean?: true;
  /**
   * A first sync (in memory) failed after its pull had checkpointed: what it had taken in is
   * remembered, what it had pulled and not taken in is held here (the inbox), and the pull's
   * replication log with it — the next cycle continues that first sync in memory from the
   * checkpoint instead of pulling everything again (see `keepCutFirstSync` in {@link syncCycle}).
   * `push`: it failed after its pull had ended, when settlements of conflicts may have been made
   * and not sent; the next cycle's push looks at every document it holds.
   */
  resume?: 'pull' | 'push';
  /**
   * Kept by a first sync as it went (`keepSoFar`), not by a cut-off one: documents the pull had
   * brought and the store had not taken (left as the analyst changed them, held back, in
   * conflict) — the replicator's checkpoint kept is past them, and the durable replica does not
   * hold them, so the cycle that continues fetches them again by id.
   */
  fetchAgain?: string[];
  /**
   * Kept by a first sync as it went: how many `_local` documents of known entries it wrote
   * (`keptKnownId`), to be written to the shards by the next cycle.
   */
  keptKnown?: number;
  /**
   * The first sync that was cut off began while the library held records (the analyst's own, or
   * what an earlier first sync had taken in before a crash): it staged none of them, so the cycle
   * that finishes it asks for a full comparison (`compareAgain: 'full'`). Absent, what the library
   * holds besides what the first sync took in is what the journal noted since: only that is
   * compared (`compareAgain: 'journal'`).
   */
  owed?: true;
  /**
   * Documents the server refused as too large, and when they were last sent (ms since the epoch).
   * Until {@link TOO_LARGE_RETRY_MS} has passed, a cycle that is not asked to try them
   * (`retryRefused`) holds them back (core/sync's `holdBack`) rather than upload them to be
   * refused again — unless it changed them, which it sends.
   */
  tooLarge?: Record<string, number>;
}

/**
 * How long a document refused as too large is held back before a cycle sends it again by itself
 * (Sync Now, and the first cycle after start-up, try at once).
 */
export const TOO_LARGE_RETRY_MS = 10 * 60_000;

/** What the store did with one page ({@link SyncPage}) of a cycle. */
export interface PageApplied {
  /** Records the analyst changed while the cycle ran: left as they are, sent next time. */
  movedOn: string[];
  /** Records not taken in (an annotation whose article is not here): read again next cycle. */
  heldBack: string[];
  /** Records written to or removed from the store. */
  written: number;
  /** Documents the store would not take (an annotation outside its article, …), and why. */
  refused: { id: string; reason: string }[];
  /** Records changed in the store by settling twins (`db/sync-twins.ts`): to send next cycle. */
  settled: string[];
  /** Articles that gave way to a twin, each with the article kept for its text. */
  moved: [string, string][];
}

/** Options of one {@link syncCycle}. */
export interface CycleOptions {
  url: string;
  /** The server user this client writes as. */
  user: string;
  /**
   * What changed in the store since the last cycle: the records (and removed document ids), or
   * the whole store as a project for a full comparison (the first cycle of a connection).
   */
  changes: ({ full: ProjectDocument } | { changed: SyncRecord[]; removed: string[] }) & {
    /**
     * Records as they were at the revision the replica remembers, before the store changed them
     * (the journal's `base`): core/sync's `bases`.
     */
    bases?: SyncRecord[];
  };
  /**
   * Take pages in while the pull goes on (core/sync's `handOverWhilePulling`) over the durable
   * replica too: off in the app, where it measured slower (the replica's and the store's writes
   * contend for IndexedDB). A first sync (in memory) always does.
   */
  handOverWhilePulling?: boolean;
  /** The analyst's choices for true conflicts, per document id (the rest stay open). */
  decisions?: Record<string, ConflictPolicy>;
  /** Send again what the server refused as too large, however recently (Sync Now, start-up). */
  retryRefused?: boolean;
  onProgress?: (p: SyncProgress) => void;
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
  /** Stops the cycle (the app quits); a first sync keeps what it did (`keepCutFirstSync`). */
  signal?: AbortSignal;
  /** A first sync keeps what it did every so many documents ({@link KEEP_FIRST_SYNC_EVERY}). */
  keepEvery?: number;
}

/** Takes one page of a cycle into the store. */
export type PageApplier = (
  page: SyncPage,
  progress: { done: number; total: number; pulling?: boolean },
) => Promise<PageApplied>;

/** What a cycle did: core/sync's report, and the records the analyst changed meanwhile. */
export interface CycleResult {
  report: SyncReport;
  movedOn: string[];
  /** Records written to or removed from the store. */
  written: number;
  /** What the store would not take (besides the report's refused documents). */
  refused: PageApplied['refused'];
  /** Records changed in the store by settling twins, to send with the next cycle. */
  settled: string[];
  /** Articles that gave way to a twin, each with the article kept for its text. */
  moved: [string, string][];
  /**
   * Nothing was done: the cycle was given the journal's changes, but this replica has never
   * finished a cycle (new, or its storage wiped), so they build on nothing: compare everything.
   */
  needsFull?: true;
  /**
   * A first sync into memory staged none of what the library held, so a comparison must follow
   * at once: `full` where the library held records when it began (its own, or taken in by a
   * first sync a crash cut off); `journal` where it continued a first sync that was cut off
   * (a quit, the network) and began with an empty library — what the library holds besides
   * what the sync took in and remembered is then what the journal noted (the analyst's edits
   * meanwhile), and only that is compared, not the whole store again.
   */
  compareAgain?: 'full' | 'journal';
}

/**
 * One sync of the store with the team database, through the durable replica: core/sync's
 * `syncChanges` (the engine of `gloss sync` too: stage local changes as child revisions, pull
 * and push with PouchDB's replicator from its checkpoints, settle conflicts by core/merge, check
 * what the server kept, read back what passes the schemas), touching only what changed since the
 * last cycle. Each page it hands back is taken into the store by `apply` (one bounded
 * transaction) and only then remembered here, so that an interrupted cycle loses nothing: what
 * it wrote into the replica lies beyond the sequence the last finished cycle noted, and the next
 * cycle reads it all back (what the store already holds is not rewritten). The first sync with a
 * database runs over a replica in memory instead, and leaves the durable one lean (see
 * `first` below and docs/architecture.md, "Team sync").
 */
export async function syncCycle(
  factory: PouchFactory,
  opts: CycleOptions,
  apply: PageApplier,
): Promise<CycleResult> {
  opts.signal?.throwIfAborted();
  const local = factory.local(replicaName(opts.url));
  const known = new KnownShards(local);
  const state = await readLocal<CycleState>(local, CYCLE_ID, { inbox: [], recheck: [] });
  // A first sync that kept what it did as it went, and then crashed: its known entries go to the
  // shards now.
  if (state.value.keptKnown) await absorbKeptKnown(local, known, state);
  const remote = factory.remote(remoteKey(opts.url));
  // `pushFrom` says what the server held when the last cycle ended; a server database since
  // recreated, or restored from an older backup, no longer holds it: then the push starts at
  // PouchDB's checkpoint (which finds the same) and sends again what the server lacks — which a
  // lean replica does not hold: the store sends it, compared whole.
  const history =
    state.value.pushFrom !== undefined || state.value.lean
      ? await serverHistory(local, remote, state.value.resume !== undefined)
      : 'unknown';
  const needsFull = state.rev === undefined || (state.value.lean === true && history === 'differs');
  if (needsFull && !('full' in opts.changes)) {
    return {
      report: emptySyncReport(),
      movedOn: [],
      written: 0,
      refused: [],
      settled: [],
      moved: [],
      needsFull: true,
    };
  }
  const inbox = new Set(state.value.inbox);
  const seq = (await local.info()).update_seq ?? 0;
  if (state.value.seq === undefined) {
    // Anchored before this cycle writes anything, so that its own interruption is covered.
    state.value = { ...state.value, seq };
    await writeLocal(local, CYCLE_ID, state);
  } else {
    // Written by a cycle that did not end: read back and taken in now.
    for (const { id } of (await local.changes({ since: state.value.seq })).results) inbox.add(id);
  }
  const pushFrom = history === 'same' ? state.value.pushFrom : undefined;
  // A lean replica whose server kept its history needs no copy of what the store holds
  // unchanged: only changes are staged. Otherwise (a replica that holds everything, or a server
  // that lost its history) the store's records are staged as they are, and the push sends what
  // the server lacks.
  const lean = state.value.lean === true && history !== 'differs';
  const pendingDoc = await readPending(local);
  const pending: KnownDocs = { ...pendingDoc.docs };
  let pendingChanged = false;
  const decisions = opts.decisions ?? {};
  let changed: readonly SyncRecord[];
  let removed: string[];
  if ('full' in opts.changes) {
    changed = projectRecords(opts.changes.full);
    const present = new Set(changed.map(documentId));
    removed = [...new Set([...Object.keys(await known.all()), ...Object.keys(pending)])].filter(
      (id) => !present.has(id),
    );
  } else ({ changed, removed } = opts.changes);
  // The first sync with this database (the replica has pulled nothing yet, or a first sync was
  // cut off): pulled into memory and taken in while the pull goes on; the durable replica keeps
  // only what later cycles need of it (see `keepForLater`). Half the time of a pull into
  // IndexedDB. Nothing is staged: a record here that the server holds as it is gets remembered
  // as taken in; what the library holds besides (the analyst's own work, or what was changed
  // after a first sync was cut off) is sent by a full comparison right after (`compareAgain`).
  const fresh =
    seq === 0 &&
    !state.value.lean &&
    state.value.pushFrom === undefined &&
    inbox.size === 0 &&
    state.value.recheck.length === 0 &&
    Object.keys(pending).length === 0;
  // A first sync cut off by a failure, continued from its pull's checkpoint — while the server
  // still holds the history that checkpoint names (else this cycle compares the store whole).
  const resumed = history === 'same' ? state.value.resume : undefined;
  const first = fresh || !!resumed;
  // What the library held when this first sync began, staged by none of it: compared in full
  // once it ends — for a continued one, if the first sync it continues began with any.
  const owed = fresh ? changed.length > 0 || removed.length > 0 : !!resumed && state.value.owed === true;
  const replica = first ? factory.scratch(await local.id()) : local;
  // The pull's replication log (its id names the server, which is asked now, while it answers).
  const logId = first ? await generateReplicationId(remote, local, {}) : undefined;
  /** Where a continued first sync's pull starts: the checkpoint kept (see {@link serverHistory}). */
  let pullFrom: string | number | undefined;
  if (resumed) {
    // What a first sync kept as it went had left (see `fetchAgain`) is fetched again into the
    // durable replica, and so joins the inbox.
    const fetchAgain = state.value.fetchAgain ?? [];
    await copyDocuments(remote, local, fetchAgain);
    for (const id of fetchAgain) inbox.add(id);
    // The memory replica starts where the cut-off one stopped: the pull's log, and what it had
    // pulled but not taken in (read back below). Its pull starts at the checkpoint kept, which may
    // lie behind the server's copy of the log (a first sync kept as it went, then crashed) or
    // ahead of it (stopped between the two halves of a checkpoint).
    await copyDocuments(local, replica, [...inbox]);
    await copyLog(local, replica, logId!);
    pullFrom = ((await local.get(logId!)) as ReplicationLog).last_seq;
  }
  if (lean && !first) {
    const ids = changed.map(documentId).filter((id) => !pending[id]);
    const mine = await known.get(ids);
    await fetchFromServer(
      local,
      remote,
      ids.filter((id) => !mine.has(id)),
    );
  }
  const refusedBefore = state.value.tooLarge ?? {};
  const holdBack = opts.retryRefused ? new Set<string>() : stillTooLarge(refusedBefore);
  const movedOn: string[] = [];
  const refused: PageApplied['refused'] = [];
  const settled: string[] = [];
  const moved: [string, string][] = [];
  let written = 0;
  /**
   * Known entries of pages taken in, written to the shards every {@link REMEMBER_EVERY}
   * documents (each flush rewrites the shards it touches, so a first sync of 210,000 documents
   * flushes 21 times, not 210): a cycle interrupted before the end is read back whole by the
   * next (see `seq`), which finds the store already holding what was taken in. A first sync (in
   * memory) writes them once, at its end: cut off, it starts again and compares what the store
   * holds with what it pulls (each flush rewrites the shards, which a first sync's ids fill all
   * at once: at full size 21 flushes rewrote a growing 210,000 entries).
   */
  const rememberEvery = first ? Infinity : REMEMBER_EVERY;
  const remember = new Map<string, KnownEntry | null>();
  const taken: string[] = [];
  const flush = async () => {
    if (remember.size === 0 && taken.length === 0) return;
    await known.set(remember);
    // The store now stands for what was taken in: those revisions are pending no longer.
    for (const id of remember.keys()) {
      if (pending[id]) {
        delete pending[id];
        pendingChanged = true;
      }
    }
    remember.clear();
    for (const id of taken.splice(0)) inbox.delete(id);
  };
  /**
   * A first sync in memory failed: unless its pull never checkpointed, the durable replica keeps
   * what the next cycle needs to continue it — the known entries of what was taken in, the
   * documents pulled and not taken in (its inbox, read back then), and the pull's replication
   * log — so that the next pull starts at that checkpoint, not at the beginning. Written last,
   * the cycle's state says so (`resume`). Quitting gets here too (the window stops the cycle:
   * `signal`); a crash does not: that first sync starts again, comparing what the store already
   * holds rather than rewriting it.
   */
  let pullEnded = false;
  const keepCutFirstSync = async () => {
    if (!(await replica.get(logId!).catch(() => undefined))) return;
    const resume = pullEnded ? 'push' : 'pull';
    const takenIn = new Set(taken);
    await flush();
    for (const { id } of (await replica.changes({ since: 0 })).results)
      if (!takenIn.has(id) && isDocumentId(id)) inbox.add(id);
    await keepForLater(replica, local, logId!, [...inbox]);
    const end = (await local.info()).update_seq ?? 0;
    // What it kept as it went is superseded: every entry is in the shards, every document left in
    // the inbox.
    const { keptKnown: _entries, fetchAgain: _left, ...before } = state.value;
    state.value = {
      ...before,
      seq: end,
      lean: true,
      pushFrom: end,
      resume,
      ...(owed ? { owed: true as const } : {}),
      inbox: [...inbox],
      recheck: [],
    };
    await writeLocal(local, CYCLE_ID, state);
    await forgetKeptKnown(local, kept);
  };
  /**
   * A first sync keeps what it did as it goes — every `keepEvery` documents taken in, once
   * everything its pull brought up to a checkpoint has been handed over (`onHandedOver`) — so
   * that a crash, which runs no `keepCutFirstSync`, costs at most about that much of it: the
   * known entries taken in since the last keep (a `_local` document of their own), the pull's
   * replication log at that checkpoint, and the documents left (`fetchAgain`). Only `_local`
   * documents are written, so the replica's sequence does not move, and the cycle's state,
   * written last, says what belongs: a crash in between leaves the last keep as it was.
   */
  const keepEvery = opts.keepEvery ?? KEEP_FIRST_SYNC_EVERY;
  const sinceKept = new Map<string, KnownEntry | null>();
  let kept = 0;
  const keepSoFar = async (checkpoint: string | number, notTaken: readonly string[]) => {
    if (sinceKept.size < keepEvery) return;
    const log = (await replica.get(logId!).catch(() => undefined)) as ReplicationLog | undefined;
    if (!log?.session_id) return;
    const entries = await readLocal<KeptKnown>(local, keptKnownId(kept), {});
    entries.value = Object.fromEntries(sinceKept);
    await writeLocal(local, keptKnownId(kept), entries);
    kept++;
    sinceKept.clear();
    await putLog(local, {
      ...log,
      last_seq: checkpoint,
      history: [
        { session_id: log.session_id, last_seq: checkpoint },
        ...(log.history ?? []).filter((h) => (h as Log).session_id !== log.session_id),
      ],
    });
    const end = (await local.info()).update_seq ?? 0;
    state.value = {
      ...state.value,
      seq: end,
      lean: true,
      pushFrom: end,
      resume: 'pull',
      ...(owed ? { owed: true as const } : {}),
      inbox: [...inbox],
      fetchAgain: [...notTaken],
      recheck: [],
      keptKnown: kept,
    };
    await writeLocal(local, CYCLE_ID, state);
  };
  let report: SyncReport;
  try {
    report = await syncChanges({
      changed: first ? [] : changed,
      removed: first ? [] : removed,
      ...(!first && opts.changes.bases?.length
        ? { bases: new Map(opts.changes.bases.map((b) => [documentId(b), b])) }
        : {}),
      ...(lean ? { stageUnchanged: false } : {}),
      known: (ids) => known.get(ids),
      pending,
      ...(first || opts.handOverWhilePulling
        ? // A continued first sync's replica holds only what it reads back (`also`) — and, cut
          // off after its pull, perhaps settlements not sent: the push then looks at everything.
          { handOverWhilePulling: true, emptyReplica: seq === 0 || resumed === 'pull' }
        : {}),
      onStaged: async (made) => {
        if (Object.keys(made).length === 0) return;
        Object.assign(pending, made);
        pendingChanged = true;
        await writePending(local, pendingDoc, pending);
        pendingChanged = false;
      },
      also: [...new Set([...inbox, ...state.value.recheck, ...Object.keys(decisions)])],
      // (A sequence of the durable replica: not the memory replica's of a first sync.)
      ...(pushFrom === undefined || first ? {} : { pushFrom }),
      // The last cycle left something unsent (refused): the push runs, to send it once allowed.
      // So it does for a server that lost its history (recreated, restored from an older
      // snapshot): what this library holds is staged as it is, and the push sends what the
      // server lacks — even with nothing changed here.
      ...((pushFrom !== undefined && !first && pushFrom !== state.value.seq) ||
      resumed === 'push' ||
      (state.value.lean === true && history === 'differs')
        ? { pushUnsent: true }
        : {}),
      ...(holdBack.size ? { holdBack } : {}),
      local: replica,
      remote,
      user: opts.user,
      conflicts: (id) => decisions[id] ?? 'open',
      retries: 2,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.onRetry ? { onRetry: opts.onRetry } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(first ? { onHandedOver: keepSoFar } : {}),
      ...(pullFrom === undefined ? {} : { pullFrom }),
      onPulled: (ids) => {
        pullEnded = true;
        // Not written here: until the cycle ends, the sequence above names them.
        for (const id of ids) inbox.add(id);
      },
      onPage: async (page, progress) => {
        // During the pull its own progress shows; the pages taken in meanwhile do not replace it.
        if (!progress.pulling)
          opts.onProgress?.({ phase: 'apply', docs: progress.done, total: progress.total });
        const applied = await apply(page, progress);
        const skip = new Set([...applied.movedOn, ...applied.heldBack]);
        movedOn.push(...applied.movedOn);
        // Held back during the pull (its article may come later in it): handed over again after it,
        // and reported then if still held back.
        const retried = progress.pulling ? new Set(applied.heldBack) : new Set<string>();
        refused.push(...applied.refused.filter((r) => !retried.has(r.id)));
        written += applied.written;
        settled.push(...applied.settled);
        moved.push(...applied.moved);
        for (const [id, entry] of Object.entries(page.docs)) {
          if (skip.has(id)) continue;
          remember.set(id, entry);
          if (first) sinceKept.set(id, entry);
        }
        const held = new Set(applied.heldBack);
        for (const id of [...Object.keys(page.docs), ...page.keep]) if (!held.has(id)) taken.push(id);
        if (
          remember.size >= rememberEvery ||
          (!first && !progress.pulling && progress.done === progress.total)
        )
          await flush();
        return [...skip];
      },
    });
    // What was taken in leaves the inbox first: the rest is what the durable replica keeps.
    await flush();
    if (first)
      await keepForLater(replica, local, logId!, [
        ...inbox,
        ...report.conflicts.map((c) => c.id),
        ...report.rejected.map((r) => r.id),
        ...report.refused.map((r) => r.id),
      ]);
  } catch (err) {
    // The network went, the server stopped, …: a first sync keeps what it did, if it can, so
    // that the next cycle continues it. Whatever goes wrong here, the cycle's own error stands.
    if (first) await keepCutFirstSync().catch(() => undefined);
    throw err;
  } finally {
    if (first) await replica.destroy().catch(() => undefined);
  }
  if (pendingChanged) await writePending(local, pendingDoc, pending);
  const end = (await local.info()).update_seq ?? 0;
  // Every revision made here was pushed (none is pending: the store took what came back), or
  // nothing was made: what the replica holds up to here is on the server.
  const pushed = Object.keys(pending).length === 0 && report.rejected.length === 0;
  const nextPushFrom = pushed ? end : pushFrom;
  const tooLarge = refusedAsTooLarge(report, holdBack, refusedBefore);
  state.value = {
    // What the replica holds is now in the store, but for what is named here.
    seq: end,
    ...(first || lean ? { lean: true as const } : {}),
    ...(nextPushFrom === undefined ? {} : { pushFrom: nextPushFrom }),
    ...(Object.keys(tooLarge).length ? { tooLarge } : {}),
    inbox: [...inbox],
    recheck: [
      ...new Set([
        ...report.conflicts.filter((c) => c.resolution === 'open').map((c) => c.id),
        ...report.refused.map((r) => r.id).filter(isDocumentId),
      ]),
    ],
  };
  await writeLocal(local, CYCLE_ID, state);
  if (first) await forgetKeptKnown(local, kept);
  return {
    report,
    movedOn,
    written,
    refused,
    settled,
    moved,
    ...(owed
      ? { compareAgain: 'full' as const }
      : resumed && (changed.length > 0 || removed.length > 0)
        ? { compareAgain: 'journal' as const }
        : {}),
  };
}

/** Known entries a first sync kept as it went (null: the document was removed). */
type KeptKnown = Record<string, KnownEntry | null>;

/**
 * What a first sync kept as it went before a crash (`keptKnown` in the cycle state): its known
 * entries written to the shards, then the state says so, then the documents go.
 */
async function absorbKeptKnown(
  local: ReplicaPouch,
  known: KnownShards,
  state: LocalDoc<CycleState>,
): Promise<void> {
  const count = state.value.keptKnown ?? 0;
  const entries: [string, KnownEntry | null][] = [];
  for (let n = 0; n < count; n++)
    entries.push(...Object.entries((await readLocal<KeptKnown>(local, keptKnownId(n), {})).value));
  await known.set(entries);
  const { keptKnown: _written, ...rest } = state.value;
  state.value = rest;
  await writeLocal(local, CYCLE_ID, state);
  await forgetKeptKnown(local, count);
}

/** Removes the documents of known entries a first sync kept as it went (see `keptKnownId`). */
async function forgetKeptKnown(local: ReplicaPouch, count: number): Promise<void> {
  const gone: object[] = [];
  for (let n = 0; n < count; n++) {
    const doc = await readLocal<KeptKnown>(local, keptKnownId(n), {});
    if (doc.rev) gone.push({ _id: keptKnownId(n), _rev: doc.rev, _deleted: true });
  }
  // Left over, they do no harm: the cycle's state no longer names them.
  if (gone.length) await local.bulkDocs(gone).catch(() => undefined);
}

/** The documents refused as too large less than {@link TOO_LARGE_RETRY_MS} ago: held back. */
function stillTooLarge(refused: NonNullable<CycleState['tooLarge']>): Set<string> {
  const now = Date.now();
  return new Set(Object.keys(refused).filter((id) => now - refused[id]! < TOO_LARGE_RETRY_MS));
}

/**
 * What the cycle's report says the server refused as too large, each with when it was sent: one
 * held back keeps its time (one the cycle changed was sent all the same, by core/sync, and is then
 * tried again by itself a little sooner), one sent now takes this time.
 */
function refusedAsTooLarge(
  report: SyncReport,
  heldBack: ReadonlySet<string>,
  before: NonNullable<CycleState['tooLarge']>,
): NonNullable<CycleState['tooLarge']> {
  const out: NonNullable<CycleState['tooLarge']> = {};
  const now = Date.now();
  for (const { id, reason } of report.rejected)
    if (reason === TOO_LARGE) out[id] = heldBack.has(id) ? (before[id] ?? now) : now;
  return out;
}

/**
 * After a first sync into memory (see {@link syncCycle}): what the durable replica needs of it
 * for later cycles — PouchDB's checkpoint of the pull (so that the next pull starts where this
 * one ended; the in-memory replica took the durable one's identity, so the log's id is the same)
 * and the documents read again later (held back, refused, in conflict, or settled and not taken
 * by the server), copied with their revision trees by the replicator. Nothing else: a later
 * cycle stages its changes as children of the revisions the known entries remember, and the
 * server holds their ancestors.
 */
async function keepForLater(
  memory: ReplicaPouch,
  local: ReplicaPouch,
  logId: string,
  ids: readonly string[],
): Promise<void> {
  await copyDocuments(memory, local, ids.filter(isDocumentId));
  await copyLog(memory, local, logId);
}

/** A sequence's number (a CouchDB sequence starts with it: `1234-g1AAAA…`; PouchDB's is one). */
const seqNumber = (seq: unknown): number => Number.parseInt(String(seq), 10);

/** A replication log as PouchDB's checkpointer keeps it (the fields read here). */
type ReplicationLog = Log & { _id: string; _rev?: string; history?: unknown[] };

/** Copies the pull's replication log (a `_local` document, which no replication copies). */
async function copyLog(from: ReplicaPouch, to: ReplicaPouch, logId: string): Promise<void> {
  const log = (await from.get(logId).catch(() => undefined)) as ReplicationLog | undefined;
  if (log) await putLog(to, log);
}

/** Writes a replication log over the one `to` holds, if any. */
async function putLog(to: ReplicaPouch, log: ReplicationLog): Promise<void> {
  const held = (await to.get(log._id).catch(() => undefined)) as { _rev?: string } | undefined;
  const { _rev: _fromRev, ...body } = log;
  await to.put({ ...body, ...(held?._rev ? { _rev: held._rev } : {}) });
}

/** Copies documents, every leaf with its revision history, with PouchDB's replicator. */
async function copyDocuments(from: ReplicaPouch, to: ReplicaPouch, ids: readonly string[]): Promise<void> {
  const docIds = [...new Set(ids)];
  if (docIds.length === 0) return;
  await new Promise<void>((resolve, reject) => {
    from.replicate
      .to(to, {
        doc_ids: docIds,
        batch_size: 500,
        batches_limit: 1,
        retry: false,
        back_off_function: (d) => d,
      })
      .on('complete', () => resolve())
      .on('error', reject);
  });
}

/**
 * A lean replica does not hold what the server had before its first sync: records here that the
 * replica knows nothing of (new ones, or ones changed after a first sync was cut off) may still
 * have documents on the server. Those documents are copied in before staging, so that such a
 * record builds on them, or stands beside them as a conflict shown to the analyst — never as a
 * new first revision that the server would take as a silent conflict. New records cost one
 * request (the server has none of them).
 */
async function fetchFromServer(
  local: ReplicaPouch,
  remote: ReplicaPouch,
  ids: readonly string[],
): Promise<void> {
  const there: string[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const { rows } = await remote.allDocs({ keys: ids.slice(i, i + 1000) });
    for (const row of rows) if (row.value?.rev) there.push(row.key);
  }
  await copyDocuments(remote, local, there);
}

/**
 * Whether the server's copy of the pull's replication log is the one this replica holds (the
 * same session, at the same sequence): then the server is the database the replica last pulled
 * from, as it stood — not one recreated, or restored from an older backup, since. `unknown` when
 * the server cannot be asked (offline: the cycle's pull then fails and says why).
 *
 * A first sync kept to be continued (`continuing`) may hold a log of the same session (its id is
 * random per replication) at another checkpoint than the server's copy, and the server is the
 * same all the same: behind the server's (kept as it went, then a crash: the pull went on), or
 * one checkpoint ahead (PouchDB writes each checkpoint to the replica first, then to the server:
 * stopped — a quit, a network cut — between the two). Its pull then starts at the checkpoint
 * kept (`pullFrom`), which PouchDB would otherwise pass over for the server's. Ahead, only where
 * the server's database has reached that checkpoint: one restored since from an older snapshot
 * (its sequence went back) is compared whole, so that what it lost and this library took in goes
 * up again. And a server that cannot be asked fails the cycle: the regular cycle that would
 * follow would pull from the server's checkpoint, past documents never taken in.
 */
async function serverHistory(
  local: ReplicaPouch,
  remote: ReplicaPouch,
  continuing = false,
): Promise<'same' | 'differs' | 'unknown'> {
  let id: string;
  try {
    id = await generateReplicationId(remote, local, {});
  } catch (err) {
    if (continuing) throw err;
    return 'unknown';
  }
  const mine = (await local.get(id).catch(() => undefined)) as ReplicationLog | undefined;
  let theirs: ReplicationLog | undefined;
  try {
    theirs = (await remote.get(id)) as ReplicationLog;
  } catch (err) {
    if ((err as { status?: number }).status !== 404) {
      if (continuing) throw err;
      return 'unknown';
    }
  }
  if (!mine?.session_id || mine.session_id !== theirs?.session_id) return 'differs';
  if (String(mine.last_seq) === String(theirs.last_seq)) return 'same';
  if (!continuing) return 'differs';
  if (seqNumber(theirs.last_seq) > seqNumber(mine.last_seq)) return 'same';
  const info = await remote.info();
  const failed = infoError(info);
  if (failed) throw failed;
  return seqNumber(info.update_seq) >= seqNumber(mine.last_seq) ? 'same' : 'differs';
}

type Log = { session_id?: string; last_seq?: string | number };

/**
 * Watches the team database for changes (live mode); `onError` when the feed breaks. Resolves
 * once the feed is anchored at the database's current sequence, so that a sync started after it
 * and this feed between them miss no change.
 */
export async function watchRemote(
  factory: PouchFactory,
  url: string,
  onChange: () => void,
  onError: (err: unknown) => void,
): Promise<() => void> {
  const remote = factory.remote(remoteKey(url));
  const info = await remote.info();
  const failed = infoError(info);
  if (failed) throw failed;
  const feed = remote.changes({ live: true, since: info.update_seq ?? 0, heartbeat: 10_000 });
  feed.on('change', onChange).on('error', onError);
  return () => feed.cancel();
}
