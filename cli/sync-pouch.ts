import PouchDB from 'pouchdb-core';
import http from 'pouchdb-adapter-http';
import memory from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import type { ReplicaDatabase } from '../core/sync';

/** A PouchDB database as the CLI uses it (a local replica, or the team database over HTTP). */
export interface CliDatabase extends ReplicaDatabase {
  /** The identity PouchDB's replication ids are made of. */
  id(): Promise<string>;
  info(): Promise<{ db_name: string; doc_count: number; update_seq?: string | number }>;
  put(doc: object): Promise<{ ok: boolean; id: string; rev: string }>;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

interface CliPouchConstructor {
  new (
    name: string,
    options?: {
      adapter?: string;
      auth?: { username: string; password: string };
      skip_setup?: boolean;
      fetch?: (url: string, init: RequestInit) => Promise<Response>;
    },
  ): CliDatabase;
}

/**
 * PouchDB for the command line: the in-memory adapter for the local replica of one run, HTTP for
 * the team server, and the replicator. (The app builds its own; see docs/architecture.md.)
 */
export const CliPouch = PouchDB.plugin(memory)
  .plugin(http)
  .plugin(replication) as unknown as CliPouchConstructor;
