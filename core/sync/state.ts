import { z } from 'zod';
import { AnnotationSchema, Sha256Schema, type Annotation } from '../model';
import { safeJsonParse } from '../project';

/**
 * What a project file remembers of its last sync with each server database: per document, the
 * revision the file's record stands for and a digest of that record. A record whose digest
 * changed was edited since, and goes up as a child of that revision; a remembered document the
 * file no longer holds was deleted here. It travels in the `.gloss` file as the zip entry
 * {@link SYNC_STATE_ENTRY} (kept, unread, by Gloss versions that do not sync). No credentials.
 */
export interface SyncState {
  type: 'gloss-sync-state';
  version: 1;
  /** By database URL (without credentials): document id → [revision, record digest]. */
  remotes: Record<
    string,
    {
      syncedAt: string;
      docs: Record<string, [string, string]>;
      checkpoint?: PullCheckpoint;
      /**
       * Twins settled with this database (the same text imported twice): the id of each article
       * that gave way → the id of the article kept. The file no longer holds such a twin, so an
       * annotation or saved set that arrives on it in a later run moves onto the article kept
       * instead of being held back. Absent in files written before it was kept (nothing settled).
       */
      twins?: Record<string, string>;
      /**
       * Annotations waiting for their article's twin, by the id of their article: a pull removed
       * that article (a colleague settled it onto a twin) before the twin itself reached this file
       * ({@link AwaitingTwin}). Absent when nothing waits, and in files written before it was kept.
       */
      awaiting?: Record<string, AwaitingTwin>;
    }
  >;
}

/**
 * An article a sync removed whose twin — the copy of the same text a colleague kept — has not
 * reached the file yet: the annotations on it are kept here, out of the project (which holds no
 * annotation without its article), staged with every run like the file's own, and moved onto the
 * twin by the run that brings it (as the app's `meta.twinsAwaiting`).
 */
export interface AwaitingTwin {
  /** The text's digest: the twin that arrives has the same. */
  contentHash: string;
  /** The removed article's title, to name it in reports. */
  title: string;
  annotations: Annotation[];
  /**
   * The removed copy's imported original (base64; never synced), given to the twin when it
   * arrives if that has none of its own, as for twins settled at once. Absent when it had none.
   */
  original?: string;
}

/** An article's original as the sync state keeps it (base64, in JSON). */
export function encodeOriginal(bytes: Uint8Array): string {
  let binary = '';
  // A chunk at a time: an argument list of a few megabytes overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes of an original kept by {@link encodeOriginal}. */
export function decodeOriginal(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Where the last pull from a database stopped, so that the next `gloss sync` reads only the
 * changes since (the command line's replica lives for one run): the identity the run's replica
 * takes, and PouchDB's replication log as the replica held it. PouchDB compares it with the log
 * it keeps on the server, and starts from the beginning when they do not share a session (the
 * database was recreated, the file is a stale copy older than the server's history): a
 * checkpoint that does not fit is ignored, never trusted.
 */
export interface PullCheckpoint {
  replica: string;
  log: {
    _id: string;
    session_id: string;
    last_seq: string | number;
    history: { session_id: string; last_seq: string | number }[];
    version?: number;
    replicator?: string;
  };
}

/** The zip entry of a `.gloss` file that holds its {@link SyncState}. */
export const SYNC_STATE_ENTRY = 'sync/state.json';

const SyncStateSchema = z.object({
  type: z.literal('gloss-sync-state'),
  version: z.literal(1),
  remotes: z.record(
    z.string(),
    z.object({
      syncedAt: z.string(),
      docs: z.record(z.string(), z.tuple([z.string().regex(/^\d+-[0-9a-f]+$/), z.string()])),
      checkpoint: z
        .object({
          replica: z.string().min(1).max(200),
          log: z.object({
            _id: z.string().startsWith('_local/').max(200),
            session_id: z.string().max(200),
            last_seq: z.union([z.string().max(10_000), z.number()]),
            history: z
              .array(
                z.object({
                  session_id: z.string().max(200),
                  last_seq: z.union([z.string().max(10_000), z.number()]),
                }),
              )
              .max(1000),
            version: z.number().optional(),
            replicator: z.string().max(200).optional(),
          }),
        })
        .optional()
        // A damaged checkpoint costs a full pull, never the sync state.
        .catch(undefined),
      twins: z.record(z.string().min(1).max(200), z.string().min(1).max(200)).optional(),
      awaiting: z
        .record(
          z.string().min(1).max(200),
          z.object({
            contentHash: Sha256Schema,
            title: z.string(),
            annotations: z.array(AnnotationSchema),
            original: z
              .string()
              .max(400_000_000)
              .regex(/^[A-Za-z0-9+/]*={0,2}$/)
              .optional(),
          }),
        )
        .optional(),
    }),
  ),
});

/** An empty state. */
export function emptySyncState(): SyncState {
  return { type: 'gloss-sync-state', version: 1, remotes: {} };
}

/**
 * Reads the sync state from a project's extra zip entries; a missing entry is an empty state.
 * @throws {Error} when the entry is there but damaged (better to stop than to re-send everything
 * as new revisions, which would make a conflict of every document).
 */
export function readSyncState(extraEntries: ReadonlyMap<string, Uint8Array> | undefined): SyncState {
  const bytes = extraEntries?.get(SYNC_STATE_ENTRY);
  if (!bytes) return emptySyncState();
  const parsed = SyncStateSchema.safeParse(
    safeJsonParse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), SYNC_STATE_ENTRY),
  );
  if (!parsed.success)
    throw new Error(`${SYNC_STATE_ENTRY} in the project file is damaged; it cannot be used.`);
  return parsed.data;
}

/** The state as the bytes of its zip entry. */
export function encodeSyncState(state: SyncState): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(state));
}

/** A database URL without user name, password, query or fragment: the key of {@link SyncState.remotes}. */
export function remoteKey(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.href.replace(/\/+$/, '');
}
