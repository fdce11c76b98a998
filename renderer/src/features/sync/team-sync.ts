import { create } from 'zustand';
import type { SyncSettings } from '../../../../core/bridge';
import type {
  ConflictPolicy,
  OpenConflict,
  SyncFailure,
  SyncProgress,
  SyncReport,
} from '../../../../core/sync';
import { db } from '../../db';
import { stopJournal } from '../../db/journal';
import { useGloss } from '../../store';
import { onMenu, syncForget, syncSave, syncSettings, syncTest } from '../../platform/gloss';
import { isTransient } from './failure';
import { SyncCycleError, SyncWorkerClient } from './sync-client';
import { LocalChanges, syncStoreOnce } from './store-sync';

/** What the status indicator shows. */
export type SyncStatus =
  | { kind: 'off' }
  /** Manual mode, connected: nothing synced in this session yet. */
  | { kind: 'waiting' }
  /** Documents done in the current phase (received, sent, taken into the store), of `total` if known. */
  | { kind: 'syncing'; docs: number; total?: number; phase?: SyncProgress['phase'] }
  | { kind: 'up-to-date'; at: string }
  /** The server cannot be reached; `retryAt` (ms since the epoch) when Gloss tries again. */
  | { kind: 'offline'; message: string; retryAt: number | null }
  | { kind: 'error'; message: string; action: string };

export interface TeamSyncState {
  settings: SyncSettings | null;
  status: SyncStatus;
  /** True conflicts waiting for the analyst's choice. */
  conflicts: OpenConflict[];
  /** Documents on the server that Gloss refused to take in. */
  refused: SyncReport['refused'];
  /** Changes made here that the server refused (rights, its validation). */
  rejected: SyncReport['rejected'];
  /** The last sync's counts. */
  last: Pick<SyncReport, 'pulled' | 'pushed' | 'settled'> | null;
  dialogOpen: boolean;
}

export const useTeamSync = create<TeamSyncState>()(() => ({
  settings: null,
  status: { kind: 'off' },
  conflicts: [],
  refused: [],
  rejected: [],
  last: null,
  dialogOpen: false,
}));

/** What to do about a failure, in one sentence. */
export function actionFor(f: SyncFailure): string {
  switch (f.code) {
    case 'auth':
      return 'Open File › Team Sync…, disconnect, and connect again with the right user name and password.';
    case 'forbidden':
      return 'Ask the server’s admin to make this user a member of the database.';
    case 'no-database':
      return 'Check the database name in File › Team Sync…, or ask the admin to create it.';
    case 'tls':
      return 'Ask the server’s admin for a certificate this computer trusts.';
    default:
      return 'In live mode Gloss tries again by itself; Sync Now tries at once.';
  }
}

/** Local edits are gathered this long before a live sync sends them. */
const EDIT_DELAY_MS = 250;
/** Retry after the n-th failure in a row: 1 s doubling to 30 s. */
export const backoffMs = (attempt: number): number => Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));

/**
 * Team sync in the window: the saved settings, the worker that replicates, the live schedule
 * (local edits from the change feed, the server's changes feed, retries with back-off, the
 * network coming back), applying each cycle's result to the store through the one write path,
 * and the lists the dialog shows. Reading and annotating never wait for it.
 */
class TeamSyncController {
  private client: SyncWorkerClient | null = null;
  private running = false;
  private again = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** What changed in the store since the last cycle (the change feed), for this connection. */
  private changes: LocalChanges | null = null;
  private decisions: Record<string, ConflictPolicy> = {};
  private started = false;
  private watching = false;
  /** Changes on every connect and disconnect: a cycle of an earlier connection reports nothing. */
  private generation = 0;
  /** The computer sleeps, or the page is frozen: no feed, no retries until it wakes. */
  private suspended = false;
  /**
   * The next cycle sends again what the server refused as too large (the first after start-up,
   * and Sync Now); others hold it back for a while rather than upload it to be refused again.
   */
  private retryRefused = true;
  /** The app is closing: no cycle starts any more (see {@link stopForQuit}). */
  private quitting = false;
  /** Settles when the cycle under way (if any) has ended. */
  private idle: Promise<void> = Promise.resolve();

  private get settings(): SyncSettings | null {
    return useTeamSync.getState().settings;
  }

  private worker(): SyncWorkerClient {
    this.client ??= new SyncWorkerClient(db.name, {
      // Documents written so far in the current phase (pull, then push).
      onProgress: (p) =>
        useTeamSync.setState({
          status: {
            kind: 'syncing',
            docs: p.docs,
            phase: p.phase,
            ...(p.total !== undefined ? { total: p.total } : {}),
          },
        }),
      onRetry: (_attempt, delayMs, failure) =>
        useTeamSync.setState({
          status: { kind: 'offline', message: failure.message, retryAt: Date.now() + delayMs },
        }),
      onRemoteChange: () => this.schedule(0),
      onWatchError: () => {
        // The feed broke (offline, server restart): the next cycle's failure says why, and
        // restarts the feed once the server answers again.
        this.watching = false;
        this.schedule(0);
      },
    });
    return this.client;
  }

  /** Reads the saved settings at start-up and starts syncing if some are saved. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    window.addEventListener('online', () => {
      if (useTeamSync.getState().status.kind === 'offline') this.schedule(0);
    });
    // Sleep: the operating system's (main's powerMonitor) and the page's own (Page Lifecycle:
    // a hidden page the browser freezes). Either way the connections of before are dead on waking.
    onMenu((command) => {
      if (command === 'system-suspend') this.suspend();
      else if (command === 'system-resume') this.wake();
    });
    document.addEventListener('freeze', () => this.suspend());
    document.addEventListener('resume', () => this.wake());
    // Should a wake-up be missed, the window shown again (or any sync the analyst asks for) wakes.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.wake();
    });
    try {
      const settings = await syncSettings();
      if (settings) await this.activate(settings, 'resume');
      // No team sync: nothing is journalled, and what an earlier connection left goes.
      else await stopJournal(db);
    } catch (err) {
      useTeamSync.setState({
        status: {
          kind: 'error',
          message: (err as Error).message,
          action: 'Open File › Team Sync… and connect again.',
        },
      });
    }
  }

  /**
   * Starts syncing with `settings`: `connect` (a new connection: the first cycle compares the
   * whole store), `resume` (the app started: the journal says what changed meanwhile) or `mode`
   * (live ↔ manual: nothing to compare anew).
   */
  private async activate(settings: SyncSettings, how: 'connect' | 'resume' | 'mode'): Promise<void> {
    this.generation++;
    this.suspended = false;
    this.changes?.dispose();
    this.changes = null;
    // Listened to in both modes: a manual Sync Now sends what changed since the last sync.
    const changes = new LocalChanges(db, () => {
      if (this.settings?.mode === 'live') this.schedule(EDIT_DELAY_MS);
    });
    if (how !== 'mode') await changes.open(settings.url, how);
    this.changes = changes;
    useTeamSync.setState({ settings });
    this.stopWatch();
    if (settings.mode === 'live') {
      this.schedule(0);
    } else {
      useTeamSync.setState({ status: { kind: 'waiting' } });
    }
  }

  private stopWatch(): void {
    if (this.watching) this.client?.unwatch();
    this.watching = false;
  }

  /** Checks the credentials with the server, saves them (password to the keyring) and starts. */
  async connect(args: SyncSettings & { password: string }): Promise<void> {
    const test = await syncTest({ url: args.url, user: args.user, password: args.password });
    if (!test.ok) throw new Error(test.failure?.message ?? 'The server refused the connection.');
    const settings = await syncSave(args);
    this.attempt = 0;
    await this.activate(settings, 'connect');
  }

  /** Switches between live and manual without asking for the password again. */
  async setMode(mode: SyncSettings['mode']): Promise<void> {
    const s = this.settings;
    if (!s || s.mode === mode) return;
    await this.activate(await syncSave({ ...s, mode }), 'mode');
  }

  /** Stops syncing and forgets the settings and password; the library and the replica stay. */
  async disconnect(): Promise<void> {
    this.generation++;
    this.changes?.dispose();
    this.changes = null;
    this.stopWatch();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await syncForget();
    await stopJournal(db);
    useTeamSync.setState({
      settings: null,
      status: { kind: 'off' },
      conflicts: [],
      refused: [],
      rejected: [],
    });
  }

  /** Going to sleep: the live feed and any pending retry stop (a cycle under way finishes or fails). */
  suspend(): void {
    this.suspended = true;
    this.stopWatch();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Waking: sync at once rather than at the end of a back-off, and anchor the live feed anew. The
   * replica's checkpoints make it an incremental sync: only what changed meanwhile travels.
   */
  wake(): void {
    if (!this.suspended) return;
    this.suspended = false;
    this.attempt = 0;
    if (this.settings?.mode === 'live') this.schedule(0);
  }

  syncNow(): void {
    this.retryRefused = true;
    this.suspended = false;
    this.attempt = 0;
    this.schedule(0);
  }

  /** The analyst's choice for a true conflict; sent with the next sync, which starts now. */
  decide(id: string, policy: Exclude<ConflictPolicy, 'open'>): void {
    this.decisions[id] = policy;
    this.syncNow();
  }

  /**
   * The app is closing: no cycle starts any more, and the one under way stops — a first sync
   * keeping what it did, so that the next start continues it from its checkpoint rather than
   * fetching everything again (`keepCutFirstSync` in replica.ts). Resolves once it has stopped.
   */
  async stopForQuit(): Promise<void> {
    this.quitting = true;
    this.suspend();
    // Sticky in the worker: a cycle this sync would start after it (a second one of the same
    // sync) stops at once too.
    this.client?.stop();
    await this.idle;
  }

  private schedule(ms: number): void {
    if (!this.settings || this.suspended || this.quitting) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    const settings = this.settings;
    if (!settings || this.running || this.quitting) return;
    this.running = true;
    const changes = this.changes;
    if (!changes) {
      this.running = false;
      return;
    }
    let ended = () => {};
    this.idle = new Promise((resolve) => (ended = resolve));
    const generation = this.generation;
    const current = () => generation === this.generation;
    const worker = this.worker();
    useTeamSync.setState({ status: { kind: 'syncing', docs: 0 } });
    try {
      if (settings.mode === 'live' && !this.watching) {
        // Before the sync, so that any change after the sync's pull reaches the feed.
        await worker.watch(settings.url);
        this.watching = true;
      }
      /** Records settled as twins by this sync's cycles: a cycle runs again to send new ones. */
      const settledHere = new Set<string>();
      do {
        this.again = false;
        const decisions = { ...this.decisions };
        const retryRefused = this.retryRefused;
        this.retryRefused = false;
        const { report, movedOn, settled, moved } = await syncStoreOnce(db, worker, {
          url: settings.url,
          user: settings.user,
          decisions,
          changes,
          retryRefused,
        }).catch((err: unknown) => {
          // Asked for, not done: the cycle that tries again does it.
          if (retryRefused) this.retryRefused = true;
          throw err;
        });
        for (const id of Object.keys(decisions)) delete this.decisions[id];
        if (!current()) return;
        useTeamSync.setState({
          conflicts: report.conflicts.filter((c) => c.resolution === 'open'),
          refused: report.refused,
          rejected: report.rejected,
          last: { pulled: report.pulled, pushed: report.pushed, settled: report.settled },
        });
        // The article open in the reader gave way to its twin: the reader follows to the one kept
        // (the same text, now with everyone's annotations).
        const open = useGloss.getState().selectedArticleId;
        const kept = open ? moved.get(open) : undefined;
        if (kept) useGloss.getState().selectArticle(kept);
        // So does the last import's review (Review import): it names the article kept.
        const { lastImportIds, setLastImportIds } = useGloss.getState();
        if (lastImportIds.some((id) => moved.has(id)))
          setLastImportIds([...new Set(lastImportIds.map((id) => moved.get(id) ?? id))]);
        // A settlement the server refuses (read-only) comes back as it was: send it once, not forever.
        const fresh = [...settled].filter((id) => !settledHere.has(id));
        for (const id of fresh) settledHere.add(id);
        if (movedOn.size > 0 || fresh.length > 0) this.again = true;
      } while (this.again && !this.quitting);
      this.attempt = 0;
      useTeamSync.setState({ status: { kind: 'up-to-date', at: new Date().toISOString() } });
    } catch (err) {
      // Stopped because the app closes: nothing to say.
      if (!current() || this.quitting) return;
      this.stopWatch();
      if (!(err instanceof SyncCycleError)) {
        // Not the network or the server: something here failed (the store refused a write, say).
        // Retrying by itself would fail the same way; the analyst sees why.
        useTeamSync.setState({
          status: {
            kind: 'error',
            message: `Sync stopped: ${(err as Error).message}`,
            action: 'Nothing was lost. Sync Now tries again.',
          },
        });
        return;
      }
      const failure: SyncFailure = err.failure;
      if (isTransient(failure)) {
        this.attempt++;
        const live = this.settings?.mode === 'live';
        const delay = backoffMs(this.attempt);
        useTeamSync.setState({
          status:
            failure.code === 'server'
              ? { kind: 'error', message: failure.message, action: actionFor(failure) }
              : { kind: 'offline', message: failure.message, retryAt: live ? Date.now() + delay : null },
        });
        this.running = false;
        if (live) this.schedule(delay);
        return;
      }
      useTeamSync.setState({
        status: { kind: 'error', message: failure.message, action: actionFor(failure) },
      });
    } finally {
      this.running = false;
      ended();
      // Connected anew while this cycle ran: the new connection's first cycle starts now.
      if (!current() && this.settings) this.schedule(0);
    }
  }
}

export const teamSync = new TeamSyncController();
