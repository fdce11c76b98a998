import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliPouch } from '../../../cli/sync-pouch';
import { emptyProject, writeProjectFile } from '../../../core/project';
import { projectRecords, toDocument } from '../../../core/sync';
import { createDatabase, createUser, startCouch, type TestCouch } from '../../unit/cli/sync/couch';
import { ROOT } from '../../unit/cli/run-cli';
import { ALICE, makeProject } from '../../unit/core/project/make-project';
import { median } from '../stats';

/**
 * Team sync (issue 14): the first sync of a large team database into an empty project file, with
 * `gloss sync` as a user runs it (a child process: start-up, pull, validation of every document,
 * writing the file), against PouchDB Server in memory on loopback; and, as the bare baseline
 * measured in the same run, PouchDB's replicator alone pulling the same database into an empty
 * in-memory database. The full size is the issue's 10,000 articles and 200,000 annotations
 * (target ≤ 60 s); GLOSS_BENCH_SYNC_SCALE (e.g. 0.1) shrinks it for a quick run, and the
 * figures' names carry the sizes measured.
 */
const RUNS = Number(process.env['GLOSS_BENCH_SYNC_RUNS'] ?? 3);

async function seed(couch: TestCouch, db: string, articles: number, annotations: number): Promise<number> {
  const project = await makeProject({ articles, annotations, seed: 14 });
  const docs = projectRecords(project).map((r) => toDocument(r, 'alice'));
  const auth = `Basic ${Buffer.from(`${couch.admin.username}:${couch.admin.password}`).toString('base64')}`;
  for (let i = 0; i < docs.length; i += 5000) {
    const res = await fetch(`${couch.url}/${db}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ docs: docs.slice(i, i + 5000) }),
    });
    if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
    process.stderr.write(`bench: sync: seeded ${Math.min(i + 5000, docs.length)} of ${docs.length}\r`);
  }
  process.stderr.write('\n');
  return docs.length;
}

function runSync(path: string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/index.ts', 'sync', path, url, '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, GLOSS_SYNC_USER: 'alice', GLOSS_SYNC_PASSWORD: 'alice-pw' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`gloss sync exited ${code}: ${err}`)),
    );
  });
}

export async function run(): Promise<Record<string, number>> {
  const scale = Number(process.env['GLOSS_BENCH_SYNC_SCALE'] ?? 1);
  const articles = Math.round(10_000 * scale);
  const annotations = Math.round(200_000 * scale);
  const couch = await startCouch();
  const dir = await mkdtemp(join(tmpdir(), 'gloss-bench-sync-'));
  try {
    await createUser(couch, 'alice', 'alice-pw', ['gloss-writer']);
    const url = await createDatabase(couch, 'bench', ['alice']);
    const t0 = performance.now();
    const count = await seed(couch, 'bench', articles, annotations);
    const seedMs = performance.now() - t0;

    const gloss: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const path = join(dir, `client-${i}.gloss`);
      await writeFile(path, await writeProjectFile(emptyProject('Bench', ALICE, '2025-07-01T00:00:00.000Z')));
      let t = performance.now();
      await runSync(path, url);
      gloss.push(performance.now() - t);

      const remote = new CliPouch(url, {
        auth: { username: 'alice', password: 'alice-pw' },
        skip_setup: true,
      });
      const local = new CliPouch(`bench-bare-${i}`, { adapter: 'memory' });
      t = performance.now();
      await new Promise<void>((resolve, reject) => {
        remote.replicate
          .to(local, { batch_size: 500, batches_limit: 4, retry: false, back_off_function: (d) => d })
          .on('complete', () => resolve())
          .on('error', reject);
      });
      bare.push(performance.now() - t);
      await local.destroy();
      await remote.close();
      process.stderr.write(
        `bench: sync: run ${i + 1}: gloss ${Math.round(gloss[i]!)} ms, bare ${Math.round(bare[i]!)} ms\n`,
      );
    }
    const size = `${articles}_articles_${annotations}_annotations`;
    return {
      [`sync_seed_server_${count}_docs_ms`]: seedMs,
      [`sync_first_${size}_ms`]: median(gloss),
      [`sync_first_bare_replication_${size}_ms`]: median(bare),
      sync_first_ratio: median(gloss) / median(bare),
    };
  } finally {
    await couch.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
