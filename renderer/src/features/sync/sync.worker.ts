import './worker-globals';
import PouchDB from 'pouchdb-core';
import indexeddb from 'pouchdb-adapter-indexeddb';
import http from 'pouchdb-adapter-http';
import memory from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import type { SyncFetchArgs, SyncFetchResult } from '../../../../core/bridge';
import { failureOf, ProxiedFetchError } from './failure';
import type { FromWorker, ToWorker } from './protocol';
import { GlossDB } from '../../db/db';
import { applySyncPage } from '../../db/sync-apply';
import { syncCycle, watchRemote, type PouchFactory, type ReplicaPouch } from './replica';

/*
 * The team-sync worker (docs/architecture.md, "Team sync"): PouchDB with its IndexedDB adapter
 * (the durable replica: revision trees and replication checkpoints survive restarts), its memory
 * adapter (the first sync's replica) and its HTTP adapter, whose every request goes to the window and over the bridge to the main process,
 * which adds the credentials. Replication, conflict settling, the schema checks and taking each
 * page into the store (its own connection to it, through the one write path: the guard validates
 * and the change feed tells the window's views) run here, off the thread that draws the reader.
 */

const post = (m: FromWorker): void => self.postMessage(m);

let nextFetch = 0;
const fetches = new Map<number, { resolve(r: SyncFetchResult): void; reject(e: Error): void }>();

/** PouchDB's `fetch`: the request crosses to the main process; the answer comes back as a Response. */
async function proxiedFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  if (init.body !== undefined && init.body !== null && typeof init.body !== 'string')
    throw new Error('team sync sends JSON only');
  const request: SyncFetchArgs = {
    url: String(url),
    method: (init.method ?? 'GET').toUpperCase() as SyncFetchArgs['method'],
    headers: [...new Headers(init.headers).entries()],
    ...(typeof init.body === 'string' ? { body: init.body } : {}),
  };
  const fid = ++nextFetch;
  const result = await new Promise<SyncFetchResult>((resolve, reject) => {
    fetches.set(fid, { resolve, reject });
    post({ type: 'fetch', fid, request });
  });
  if (result.failure) throw new ProxiedFetchError(result.failure);
  const empty = result.status === 204 || result.status === 304 || request.method === 'HEAD';
  return new Response(empty ? null : result.body, { status: result.status, headers: result.headers });
}

interface PouchConstructor {
  new (name: string, options: Record<string, unknown>): ReplicaPouch;
}
const Pouch = PouchDB.plugin(indexeddb)
  .plugin(memory)
  .plugin(http)
  .plugin(replication) as unknown as PouchConstructor;

const opened = new Map<string, ReplicaPouch>();
let scratches = 0;
const factory: PouchFactory = {
  local(name) {
    let db = opened.get(name);
    if (!db) opened.set(name, (db = new Pouch(name, { adapter: 'indexeddb' })));
    return db;
  },
  scratch(id) {
    const db = new Pouch(`gloss-sync-scratch:${++scratches}`, { adapter: 'memory' });
    db.id = () => Promise.resolve(id);
    return db;
  },
  remote(url) {
    const key = `remote:${url}`;
    let db = opened.get(key);
    if (!db)
      opened.set(key, (db = new Pouch(url, { adapter: 'http', skip_setup: true, fetch: proxiedFetch })));
    return db;
  },
};

let unwatch: (() => void) | null = null;

/** The store, opened by the first cycle (the window names it). */
let store: GlossDB | null = null;
/** Stops the cycle under way (see the window's `stop`). */
let running: AbortController | null = null;
/** Why cycles stop: set once the window closes (`stop`), for the cycle under way and any asked after. */
let stopped: Error | null = null;

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'fetched': {
      const wait = fetches.get(m.fid);
      fetches.delete(m.fid);
      if (!wait) return;
      if (m.result) wait.resolve(m.result);
      else wait.reject(new Error(m.error ?? 'the request failed'));
      return;
    }
    case 'cycle': {
      const url = m.options.url;
      if (store?.name !== m.dbName) store = new GlossDB(m.dbName);
      const db = store;
      const controller = new AbortController();
      if (stopped) controller.abort(stopped);
      running = controller;
      syncCycle(
        factory,
        {
          ...m.options,
          signal: controller.signal,
          onProgress: (progress) => post({ type: 'progress', progress }),
          onRetry: (attempt, error, delayMs) =>
            post({ type: 'retry', attempt, delayMs, failure: failureOf(error, url) }),
        },
        (page) => applySyncPage(db, page),
      )
        .then(
          (result) => post({ type: 'done', id: m.id, result }),
          (err: unknown) =>
            post({
              type: 'done',
              id: m.id,
              error: { message: String((err as Error)?.message ?? err), failure: failureOf(err, url) },
            }),
        )
        .finally(() => {
          if (running === controller) running = null;
        });
      return;
    }
    case 'stop':
      stopped = new Error('Gloss is closing: the sync stopped, to go on at the next start.');
      running?.abort(stopped);
      return;
    case 'watch':
      unwatch?.();
      unwatch = null;
      watchRemote(
        factory,
        m.url,
        () => post({ type: 'remote-change' }),
        (err) => {
          unwatch = null;
          post({ type: 'watch-error', failure: failureOf(err, m.url) });
        },
      ).then(
        (stop) => {
          unwatch = stop;
          post({ type: 'done', id: m.id, result: null });
        },
        (err: unknown) =>
          post({ type: 'done', id: m.id, error: { message: String(err), failure: failureOf(err, m.url) } }),
      );
      return;
    case 'unwatch':
      unwatch?.();
      unwatch = null;
      return;
  }
});
