import type { ProjectDocument } from '../../../../core/project';
import {
  infoError,
  remoteKey,
  syncProject,
  type ConflictPolicy,
  type ReplicaDatabase,
  type SyncProgress,
  type SyncResult,
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
  changes(options: { live: true; since: string | number; heartbeat: number }): ChangesFeed;
  info(): Promise<{ update_seq?: string | number; error?: string; reason?: string }>;
}

/**
 * Opens the databases: the durable local replica (PouchDB's IndexedDB adapter in the app's
 * worker) and the team database (PouchDB's HTTP adapter, its `fetch` crossing to the main
 * process). Injected, so that the same code runs in the worker and in the tests.
 */
export interface PouchFactory {
  local(name: string): ReplicaPouch;
  remote(url: string): ReplicaPouch;
}

/** The local replica of a team database: one per database URL. */
export const replicaName = (url: string): string => `gloss-sync:${remoteKey(url)}`;

const KNOWN_ID = '_local/gloss-known';
/** Revisions made by syncs whose result the store has not taken yet (see `pending` in core/sync). */
const PENDING_ID = '_local/gloss-pending';

async function readKnown(local: ReplicaPouch, id = KNOWN_ID): Promise<{ docs: KnownDocs; rev?: string }> {
  try {
    const doc = (await local.get(id)) as { _rev: string; docs: KnownDocs };
    return { docs: doc.docs, rev: doc._rev };
  } catch {
    return { docs: {} };
  }
}

async function writeDocs(local: ReplicaPouch, id: string, docs: KnownDocs): Promise<void> {
  const before = await readKnown(local, id);
  await local.put({ _id: id, ...(before.rev ? { _rev: before.rev } : {}), docs });
}

/** Options of one {@link syncCycle}. */
export interface CycleOptions {
  url: string;
  /** The server user this client writes as. */
  user: string;
  /** The store as it is now. */
  project: ProjectDocument;
  /** The analyst's choices for true conflicts, per document id (the rest stay open). */
  decisions?: Record<string, ConflictPolicy>;
  onProgress?: (p: SyncProgress) => void;
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

/**
 * One sync of the store with the team database, through the durable replica: core/sync's
 * `syncProject` (the same engine as `gloss sync`: stage local changes as child revisions,
 * pull and push with PouchDB's replicator from its checkpoints, settle conflicts by core/merge,
 * check what the server kept, read back what passes the schemas). The caller applies the
 * result to the store and then calls {@link commitKnown} with the documents it took.
 */
export async function syncCycle(factory: PouchFactory, opts: CycleOptions): Promise<SyncResult> {
  const local = factory.local(replicaName(opts.url));
  const known = await readKnown(local);
  const pending = await readKnown(local, PENDING_ID);
  const decisions = opts.decisions ?? {};
  return syncProject({
    project: opts.project,
    known: known.docs,
    // Revisions staged by a cycle that failed (offline, say) stay in the replica: the next edit
    // builds on them instead of making a sibling, a conflict with oneself.
    pending: pending.docs,
    onStaged: async (made) => {
      if (Object.keys(made).length) await writeDocs(local, PENDING_ID, { ...pending.docs, ...made });
    },
    local,
    remote: factory.remote(remoteKey(opts.url)),
    user: opts.user,
    conflicts: (id) => decisions[id] ?? 'open',
    retries: 2,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.onRetry ? { onRetry: opts.onRetry } : {}),
  });
}

/**
 * Remembers which revision each record of the store now stands for, once the result of a cycle
 * is applied (`docs` from it, `movedOn` from the store; see {@link knownAfter}).
 */
export async function commitKnown(
  factory: PouchFactory,
  url: string,
  docs: KnownDocs,
  movedOn: ReadonlySet<string>,
): Promise<void> {
  const local = factory.local(replicaName(url));
  const known = await readKnown(local);
  await local.put({
    _id: KNOWN_ID,
    ...(known.rev ? { _rev: known.rev } : {}),
    docs: knownAfter(known.docs, docs, movedOn),
  });
  // The store now stands for what the cycle made, except where the analyst moved on meanwhile:
  // there the next edit builds on the revision this cycle sent.
  const pending = await readKnown(local, PENDING_ID);
  const kept = Object.entries(pending.docs).filter(([id]) => movedOn.has(id));
  if (kept.length !== Object.keys(pending.docs).length)
    await writeDocs(local, PENDING_ID, Object.fromEntries(kept));
}

/**
 * The sync state to remember after applying `result`: for a record the analyst changed while
 * the sync ran (`movedOn`), the revision remembered before stays, so that the next sync sends
 * the change as a sibling of what the server holds and the merge rules settle the two.
 */
export function knownAfter(before: KnownDocs, result: KnownDocs, movedOn: ReadonlySet<string>): KnownDocs {
  const out: KnownDocs = {};
  for (const [id, entry] of Object.entries(result)) {
    if (!movedOn.has(id)) out[id] = entry;
  }
  for (const id of movedOn) {
    const prev = before[id];
    if (prev) out[id] = prev;
  }
  return out;
}

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
