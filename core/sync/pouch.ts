/**
 * The part of PouchDB's database API that team sync uses, typed here rather than through the
 * DefinitelyTyped packages (which declare global `Buffer` and `Blob` types that clash with
 * Node's). Any PouchDB database satisfies it, whatever its adapter.
 */
export interface ReplicaDatabase {
  bulkDocs(docs: object[], options: { new_edits: false }): Promise<BulkResult[]>;
  get(id: string, options?: { rev?: string; revs?: boolean; open_revs?: string[] }): Promise<unknown>;
  /** Without `include_docs` the rows say only the revision each document is at, or that it is deleted or missing. */
  allDocs(options: { include_docs?: true; conflicts?: true; keys: string[] }): Promise<{
    rows: { key: string; id?: string; value?: { rev: string; deleted?: boolean }; doc?: unknown }[];
  }>;
  /** The documents changed after `since`, each at its winning revision. */
  changes(options: {
    since: string | number;
  }): Promise<{ results: { id: string; changes: { rev: string }[] }[] }>;
  /** Which of these revisions the database lacks. */
  revsDiff(revs: Record<string, string[]>): Promise<Record<string, { missing?: string[] }>>;
  replicate: { to(target: ReplicaDatabase, options: ReplicationOptions): Replication };
  /** The database's update sequence (the replicator's `since`). */
  info(): Promise<{ update_seq?: string | number }>;
}

export interface BulkResult {
  id?: string;
  rev?: string;
  ok?: boolean;
  error?: string | boolean;
  reason?: string;
}

export interface ReplicationOptions {
  batch_size: number;
  batches_limit: number;
  retry: boolean;
  back_off_function: (delay: number) => number;
  since?: string | number;
  /** Only these documents. */
  doc_ids?: string[];
  /** Only the documents this keeps. */
  filter?: (doc: { _id: string }) => boolean;
}

/** Progress of one replication ('change' event). */
export interface ReplicationInfo {
  /** On 'change': the documents this batch wrote. */
  docs?: { _id: string; _rev?: string }[];
  /** On 'change', from CouchDB 2+: changes still to come. */
  pending?: number;
  docs_read: number;
  docs_written: number;
  /** The source's sequence this replication has reached (on 'change': the batch's checkpoint). */
  last_seq: string | number;
  doc_write_failures: number;
  errors: { id?: string; name?: string; reason?: string; message?: string }[];
  status?: string;
}

/** A running one-shot replication: an event emitter with `cancel`. */
export interface Replication {
  on(event: 'change', listener: (info: ReplicationInfo) => void): Replication;
  on(event: 'paused', listener: (err?: unknown) => void): Replication;
  on(event: 'requestError', listener: (err: unknown) => void): Replication;
  on(event: 'error', listener: (err: unknown) => void): Replication;
  on(event: 'complete', listener: (info: ReplicationInfo) => void): Replication;
  on(event: 'denied', listener: (err: unknown) => void): Replication;
  cancel(): void;
}
