import 'fake-indexeddb/auto';
import PouchDB from 'pouchdb-core';
import http from 'pouchdb-adapter-http';
import memory from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import { updateAnnotations } from '../../../renderer/src/db/annotations';
import { GlossDB } from '../../../renderer/src/db/db';
import { replaceStore } from '../../../renderer/src/db/project-data';
import { applySyncPage } from '../../../renderer/src/db/sync-apply';
import { saveAnalystName } from '../../../renderer/src/features/analyst/analyst';
import {
  syncCycle,
  type CycleOptions,
  type PouchFactory,
  type ReplicaPouch,
} from '../../../renderer/src/features/sync/replica';
import { memoryScratch } from '../../unit/renderer/scratch-replica';
import {
  LocalChanges,
  syncStoreOnce,
  type CycleRunner,
} from '../../../renderer/src/features/sync/store-sync';
import { createDatabase, createUser, startCouch } from '../../unit/cli/sync/couch';
import { makeProject } from '../../unit/core/project/make-project';
import { median } from '../stats';

/*
 * `npm run bench -- sync-restart`: the first team-sync cycle after an app start, on a library
 * already synced, with one annotation edited while the app was closed. With the sync journal
 * the cycle stages just the journalled record; the full comparison it replaces (still run for a
 * new connection) reads the whole store as a project and digests every record against the
 * replica's known entries. Bare baseline, same run: PouchDB's own one-shot replication both
 * ways between the same replica and server with nothing to send (the floor of any cycle).
 *
 * Runs in Node: the store on fake-indexeddb (as the unit tests), the replica on PouchDB's memory
 * adapter, the server a real PouchDB Server on loopback. Size: GLOSS_BENCH_RESTART_SCALE × 10,000
 * articles / 200,000 annotations (default 0.1).
 */

interface PouchConstructor {
  new (
    name: string,
    options: Record<string, unknown>,
  ): ReplicaPouch & {
    replicate: {
      from(remote: unknown): Promise<unknown>;
      to(remote: unknown): Promise<unknown>;
    };
  };
}
const Pouch = PouchDB.plugin(memory).plugin(http).plugin(replication) as unknown as PouchConstructor;

const RUNS = 5;
/** Colleagues joining (a first sync that only pulls, then two edits), each a fresh profile. */
const JOINS = 3;

export async function run(): Promise<Record<string, number>> {
  const scale = Number(process.env['GLOSS_BENCH_RESTART_SCALE'] ?? 0.1);
  const articles = Math.round(10_000 * scale);
  const annotations = Math.round(200_000 * scale);
  const couch = await startCouch();
  try {
    await createUser(couch, 'alice', 'alice-pw', ['gloss-writer']);
    const url = await createDatabase(couch, 'restart', ['alice']);
    const auth = { username: 'alice', password: 'alice-pw' };
    const replica = new Pouch('bench-restart-replica', { adapter: 'memory' });
    const remote = new Pouch(url, { adapter: 'http', skip_setup: true, auth });
    const factory: PouchFactory = {
      local: () => replica,
      remote: () => remote,
      scratch: memoryScratch(Pouch),
    };
    let staged = 0;
    const runner: CycleRunner = {
      cycle: (options: Omit<CycleOptions, 'onProgress' | 'onRetry'>) => {
        staged =
          'full' in options.changes ? -1 : options.changes.changed.length + options.changes.removed.length;
        return syncCycle(factory, options, (page) => applySyncPage(db, page));
      },
    };

    const db = new GlossDB(`bench-restart-${Date.now()}`);
    await saveAnalystName(db, 'Bench Analyst');
    const project = await makeProject({ articles, annotations, seed: 14 });
    await replaceStore(db, project);
    let changes = new LocalChanges(db);
    await changes.open(url, 'connect');
    const first = performance.now();
    const pushed = (await syncStoreOnce(db, runner, { url, user: 'alice', changes })).report.pushed;
    process.stderr.write(
      `bench: sync-restart: first sync of ${pushed} documents ${Math.round(performance.now() - first)} ms\n`,
    );

    const ids = project.annotations.map((a) => a.id);
    const journal: number[] = [];
    const full: number[] = [];
    const bare: number[] = [];
    /** One restart: an edit made while closed, a new change tracker, its first cycle timed. */
    const restart = async (how: 'resume' | 'connect', i: number): Promise<number> => {
      await updateAnnotations(db, [ids[(i * 7919) % ids.length]!], {
        note: `edited while closed ${how} ${i}`,
      });
      changes.dispose();
      changes = new LocalChanges(db);
      await changes.open(url, how);
      const t = performance.now();
      const out = await syncStoreOnce(db, runner, { url, user: 'alice', changes });
      const ms = performance.now() - t;
      if (out.report.pushed !== 1) throw new Error(`expected one document sent, got ${out.report.pushed}`);
      if ((how === 'resume') !== (staged === 1)) throw new Error(`a ${how} cycle staged ${staged}`);
      return ms;
    };
    for (let i = 0; i < RUNS; i++) {
      journal.push(await restart('resume', i));
      full.push(await restart('connect', i));
      const t = performance.now();
      await replica.replicate.from(remote);
      await replica.replicate.to(remote);
      bare.push(performance.now() - t);
    }
    // A colleague joins: a first sync that only pulls, then one edit (its push starts where the
    // pull left the replica, not at the first document: see `pushFrom` in core/sync), then a
    // second edit (the floor of an edit's cycle), each in a fresh profile.
    const firstEdit: number[] = [];
    const laterEdit: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      const joiner = new GlossDB(`bench-restart-join-${i}-${Date.now()}`);
      await saveAnalystName(joiner, `Joiner ${i}`);
      const own = new Pouch(`bench-restart-join-replica-${i}`, { adapter: 'memory' });
      const joinFactory: PouchFactory = {
        local: () => own,
        remote: () => remote,
        scratch: memoryScratch(Pouch),
      };
      const joinRunner: CycleRunner = {
        cycle: (options) => syncCycle(joinFactory, options, (page) => applySyncPage(joiner, page)),
      };
      const tracker = new LocalChanges(joiner);
      await tracker.open(url, 'connect');
      await syncStoreOnce(joiner, joinRunner, { url, user: 'alice', changes: tracker });
      for (const [k, into] of [firstEdit, laterEdit].entries()) {
        await updateAnnotations(joiner, [ids[(i * 104_729 + k) % ids.length]!], { note: `joiner ${i} ${k}` });
        const t = performance.now();
        const out = await syncStoreOnce(joiner, joinRunner, { url, user: 'alice', changes: tracker });
        into.push(performance.now() - t);
        if (out.report.pushed !== 1) throw new Error(`expected one document sent, got ${out.report.pushed}`);
      }
      tracker.dispose();
      joiner.close();
    }
    const size = `${articles / 1000}k_${annotations / 1000}k`;
    const figures = {
      [`sync_restart_${size}_first_edit_after_pull_ms`]: median(firstEdit),
      [`sync_restart_${size}_later_edit_ms`]: median(laterEdit),
      sync_restart_first_to_later_edit_ratio: median(firstEdit) / median(laterEdit),
      [`sync_restart_${size}_first_cycle_journal_ms`]: median(journal),
      [`sync_restart_${size}_first_cycle_full_compare_ms`]: median(full),
      [`sync_restart_${size}_bare_replication_ms`]: median(bare),
      sync_restart_full_to_journal_ratio: median(full) / median(journal),
      sync_restart_journal_to_bare_ratio: median(journal) / median(bare),
    };
    process.stderr.write(
      `bench: sync-restart: journal ${journal.map(Math.round).join('/')} full ${full.map(Math.round).join('/')} bare ${bare.map(Math.round).join('/')} first edit after a pull ${firstEdit.map(Math.round).join('/')} later edit ${laterEdit.map(Math.round).join('/')}\n`,
    );
    db.close();
    return figures;
  } finally {
    await couch.stop();
  }
}
