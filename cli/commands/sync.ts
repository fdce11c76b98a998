import { randomUUID } from 'node:crypto';
import generateReplicationId from 'pouchdb-generate-replication-id';
import type { ProjectDocument } from '../../core/project';
import {
  CONFLICT_POLICIES,
  DESIGN_ID,
  DESIGN_VERSION,
  SYNC_STATE_ENTRY,
  SyncError,
  describeSyncFailure,
  designDocument,
  encodeSyncState,
  infoError,
  readSyncState,
  remoteKey,
  syncProject,
  type ConflictPolicy,
  type PullCheckpoint,
  type SyncReport,
} from '../../core/sync';
import { CliError, type CliCommand } from '../command';
import { parseCommandLine, readProject, saveProject } from '../fs';
import { CliPouch, type CliDatabase } from '../sync-pouch';

const usage =
  'gloss sync <file.gloss> <server-url>/<db> [--conflicts open|mine|theirs|both] [--install] [--json] [--quiet]';

/** The environment variables that carry the server credentials (never the command line). */
export const USER_VAR = 'GLOSS_SYNC_USER';
export const PASSWORD_VAR = 'GLOSS_SYNC_PASSWORD';

/** Exit code when the sync finished but refused documents or had changes refused. */
export const EXIT_PARTIAL = 3;

function parseRemote(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CliError(
      `“${raw}” is not a URL; give <server-url>/<db>, e.g. https://couch.example.org/project.`,
      2,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new CliError(
      `the server URL must start with https:// (or http:// on a trusted network), not ${u.protocol}`,
      2,
    );
  }
  if (u.username || u.password) {
    throw new CliError(
      `put no user name or password in the URL (it would land in shell history and process lists); set ${USER_VAR} and ${PASSWORD_VAR} instead.`,
      2,
    );
  }
  if (!u.pathname.replace(/\/+$/, '').split('/').pop()) {
    throw new CliError(`the URL names no database; give <server-url>/<db>.`, 2);
  }
  return remoteKey(u.href);
}

function credentials(): { username: string; password: string } | undefined {
  const username = process.env[USER_VAR];
  const password = process.env[PASSWORD_VAR];
  if (!username && !password) return undefined;
  if (!username || password === undefined) {
    throw new CliError(
      `set both ${USER_VAR} and ${PASSWORD_VAR}, or neither (for a server without accounts).`,
      2,
    );
  }
  return { username, password };
}

function fail(err: unknown, url: string): never {
  const cause = err instanceof SyncError && err.cause ? err.cause : err;
  const f = describeSyncFailure(cause, url);
  const hint = f.code === 'auth' ? ` Check ${USER_VAR} and ${PASSWORD_VAR}.` : '';
  throw new CliError(`${err instanceof SyncError ? `${err.message}: ` : ''}${f.message}${hint}`);
}

async function install(remote: CliDatabase, url: string): Promise<string> {
  try {
    const current = (await remote.get(DESIGN_ID).catch((e: { status?: number }) => {
      if (e.status === 404) return undefined;
      throw e;
    })) as { _rev?: string; glossVersion?: number } | undefined;
    if (current?.glossVersion === DESIGN_VERSION) return `The design document ${DESIGN_ID} is up to date.`;
    await remote.put({ ...designDocument(), ...(current?._rev ? { _rev: current._rev } : {}) });
    return `Installed the design document ${DESIGN_ID} (version ${DESIGN_VERSION}).`;
  } catch (err) {
    const e = err as { status?: number };
    if (e.status === 401 || e.status === 403) {
      throw new CliError(
        `only a database admin can install ${DESIGN_ID}: ${describeSyncFailure(err, url).message}`,
      );
    }
    fail(err, url);
  }
}

function summary(report: SyncReport, url: string): string {
  const p = report.pulled;
  const lines = [
    `Synced with ${url}:`,
    `  received: ${p.added} new, ${p.updated} updated, ${p.removed} removed`,
    `  sent: ${report.pushed} change${report.pushed === 1 ? '' : 's'}`,
  ];
  if (report.retries) lines.push(`  the connection dropped ${report.retries} time(s); resumed each time`);
  if (report.settled) lines.push(`  conflicting revisions settled by the merge rules: ${report.settled}`);
  const open = report.conflicts.filter((c) => c.resolution === 'open');
  for (const c of report.conflicts) {
    lines.push(
      `  conflict ${c.id}: ${c.fields.join(', ')} changed on both sides (theirs by ${c.theirsBy ?? 'unknown'})${c.resolution === 'open' ? ', left open' : `, kept ${c.resolution}`}`,
    );
  }
  if (open.length) {
    lines.push(
      `  ${open.length} true conflict(s) left open on the server; this file keeps your side (--conflicts decides).`,
    );
  }
  for (const w of report.awaiting ?? []) {
    const n = w.annotations === 1 ? '1 annotation waits' : `${w.annotations} annotations wait`;
    const it = w.annotations === 1 ? 'it moves' : 'they move';
    lines.push(
      `  ${n} for ${w.annotations === 1 ? 'its' : 'their'} article: “${w.title}” was removed on the server (a colleague kept another copy of the same text, which has not reached this file yet); ${it} onto that copy at a later sync, or onto the text imported again into this file (gloss import).`,
    );
  }
  for (const r of report.refused) lines.push(`  refused ${r.id}: ${r.reason}`);
  for (const r of report.rejected) lines.push(`  the server refused ${r.id}: ${r.reason}`);
  if (report.rejected.length)
    lines.push(`  your refused changes stay in the file and go up at the next sync once allowed.`);
  return `${lines.join('\n')}\n`;
}

/** PouchDB's log of this run's pull, as the replica holds it (none if the pull wrote none). */
async function pullCheckpoint(
  local: CliDatabase,
  id: string,
  replica: string,
): Promise<PullCheckpoint | undefined> {
  const doc = (await local.get(id).catch(() => undefined)) as
    (PullCheckpoint['log'] & { _rev?: string }) | undefined;
  if (!doc?.session_id) return undefined;
  return {
    replica,
    log: {
      _id: id,
      session_id: doc.session_id,
      last_seq: doc.last_seq,
      history: doc.history ?? [],
      ...(doc.version === undefined ? {} : { version: doc.version }),
      ...(doc.replicator === undefined ? {} : { replicator: doc.replicator }),
    },
  };
}

/**
 * `gloss sync`: pushes a project file's changes to a team database and pulls everyone else's,
 * through PouchDB's replicator; see docs/cli.md and docs/team-server.md.
 */
export const command: CliCommand = {
  usage,
  summary: `Sync a project file with a team CouchDB database (credentials from ${USER_VAR} / ${PASSWORD_VAR}).`,
  async run(args) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        conflicts: { type: 'string' },
        install: { type: 'boolean' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
      usage,
    );
    if (positionals.length !== 2)
      throw new CliError(`give a project file and a database URL.\nusage: ${usage}`, 2);
    const [path, rawUrl] = positionals as [string, string];
    const policy = (values.conflicts ?? 'open') as ConflictPolicy;
    if (!CONFLICT_POLICIES.includes(policy)) {
      throw new CliError(
        `--conflicts must be one of ${CONFLICT_POLICIES.join(', ')}, not “${values.conflicts}”.`,
        2,
      );
    }
    const url = parseRemote(rawUrl);
    const auth = credentials();
    const project = await readProject(path);
    let state;
    try {
      state = readSyncState(project.extraEntries);
    } catch (err) {
      throw new CliError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const progress = (line: string) => {
      if (!values.quiet) process.stderr.write(`${line}\n`);
    };

    const remote = new CliPouch(url, { ...(auth ? { auth } : {}), skip_setup: !values.install });
    const local = new CliPouch(`gloss-sync-${randomUUID()}`, { adapter: 'memory' });
    const remembered = state.remotes[url];
    // The replica lives for this run, but takes the same identity each run for this file and
    // database, so that PouchDB's checkpoint of the pull carries over (see PullCheckpoint).
    const replica = remembered?.checkpoint?.replica ?? randomUUID();
    local.id = async () => `gloss-cli-replica:${replica}`;
    try {
      try {
        const problem = infoError(await remote.info());
        if (problem) throw problem;
      } catch (err) {
        fail(err, url);
      }
      if (values.install) progress(await install(remote, url));
      else {
        const design = await remote.get(DESIGN_ID).catch(() => undefined);
        if (!design) {
          progress(
            `warning: ${url} has no Gloss design document, so the server does not check what is written; a database admin should run gloss sync --install.`,
          );
        }
      }
      let pullLog: string;
      try {
        pullLog = await generateReplicationId(remote, local, {});
      } catch (err) {
        fail(err, url);
      }
      const saved = remembered?.checkpoint;
      if (saved && saved.log._id === pullLog && remembered.docs) {
        const { _id, ...log } = saved.log;
        await local.put({ _id, ...log });
        progress(`resuming from the checkpoint of ${remembered.syncedAt}`);
      }
      let result;
      try {
        result = await syncProject({
          project,
          known: state.remotes[url]?.docs ?? {},
          twins: state.remotes[url]?.twins ?? {},
          awaiting: state.remotes[url]?.awaiting ?? {},
          local,
          remote,
          user: auth?.username ?? null,
          conflicts: policy,
          onProgress: (p) => progress(`${p.phase === 'pull' ? 'received' : 'sent'} ${p.docs} documents…`),
          onRetry: (attempt, err, delay) =>
            progress(
              `connection lost (${describeSyncFailure(err, url).message}); retry ${attempt} in ${(delay / 1000).toFixed(1)} s`,
            ),
        });
      } catch (err) {
        fail(err, url);
      }
      const syncedAt = new Date().toISOString();
      // Kept only after a clean sync: a refused or held-back document, a change the server did
      // not take or an open conflict is looked at again by the next run, which reads it all.
      const clean =
        !result.report.refused.length &&
        !result.report.rejected.length &&
        !result.report.conflicts.some((c) => c.resolution === 'open');
      const log = clean ? await pullCheckpoint(local, pullLog, replica) : undefined;
      state.remotes[url] = {
        syncedAt,
        docs: result.docs,
        ...(log ? { checkpoint: log } : {}),
        ...(Object.keys(result.twins).length ? { twins: result.twins } : {}),
        ...(Object.keys(result.awaiting).length ? { awaiting: result.awaiting } : {}),
      };
      const extraEntries = new Map(project.extraEntries ?? []);
      extraEntries.set(SYNC_STATE_ENTRY, encodeSyncState(state));
      const out: ProjectDocument = {
        ...result.project,
        envelope: { ...result.project.envelope, savedAt: syncedAt },
        extraEntries,
      };
      await saveProject(path, out);
      const report = result.report;
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ type: 'gloss-sync-report', version: 1, file: path, remote: url, ...report }, null, 2)}\n`,
        );
      } else process.stdout.write(summary(report, url));
      return report.refused.length || report.rejected.length ? EXIT_PARTIAL : 0;
    } finally {
      await local.destroy().catch(() => undefined);
      await remote.close().catch(() => undefined);
    }
  },
};
