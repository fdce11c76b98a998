import type {
  SyncFetchArgs,
  SyncFetchResult,
  SyncSaveArgs,
  SyncSettings,
  SyncTestArgs,
  SyncTestResult,
} from '../../core/bridge';
import { describeSyncFailure, remoteKey } from '../../core/sync';
import { CredentialError, type CredentialStore } from './credentials';
import { createSyncFetch, SyncRequestError } from './fetch';

/** The HTTP client: Electron's `net.fetch` in the app, Node's `fetch` in tests and the e2e host. */
export type NetFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Thrown for a request the service will not make (the bridge answers it as a refused argument). */
export class TeamSyncRefusal extends Error {
  override readonly name = 'TeamSyncRefusal';
}

const basicAuth = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * The main-process side of team sync behind the bridge (docs/architecture.md, "Team sync"): the
 * saved settings and password ({@link CredentialStore}, `safeStorage`), a check of a server
 * address and credentials, and the `fetch` the renderer's replica uses — requests to the saved
 * database only, with the saved credentials added here. The password never crosses to the
 * renderer. Where the system has no keyring, settings and password can be kept for this session
 * only: in this object's memory, never written anywhere, gone when Gloss quits.
 */
export class TeamSyncService {
  /** The saved credentials as loaded once (undefined: not read yet). */
  private cached: Awaited<ReturnType<CredentialStore['load']>> | undefined;
  private proxy: ReturnType<typeof createSyncFetch> | null = null;
  /** True while the settings and password are kept for this session only (in memory). */
  private session = false;

  constructor(
    private readonly store: CredentialStore,
    private readonly net: NetFetch,
  ) {}

  private async load(): Promise<Awaited<ReturnType<CredentialStore['load']>>> {
    if (this.cached === undefined) this.cached = await this.store.load();
    return this.cached;
  }

  async settings(): Promise<SyncSettings | null> {
    const saved = await this.load();
    if (!saved) return null;
    return this.session ? { ...saved.settings, remember: 'session' } : saved.settings;
  }

  /** Whether the password can go to the system keyring (else only this session is offered). */
  keyringAvailable(): boolean {
    return this.store.keyringAvailable();
  }

  /** Asks the database for its info with these credentials; saves nothing. */
  async test(args: SyncTestArgs): Promise<SyncTestResult> {
    const url = remoteKey(args.url);
    try {
      const res = await this.net(`${url}/`, {
        method: 'GET',
        headers: { accept: 'application/json', authorization: basicAuth(args.user, args.password) },
      });
      if (res.ok) {
        await res.text();
        return { ok: true };
      }
      const body = (await res.json().catch(() => ({}))) as { reason?: unknown; error?: unknown };
      const reason = typeof body.reason === 'string' ? body.reason : '';
      return { ok: false, failure: describeSyncFailure({ status: res.status, reason }, url) };
    } catch (err) {
      return { ok: false, failure: describeSyncFailure(err, url) };
    }
  }

  /**
   * Saves settings and (when given) the password; without one, the saved password stays. With
   * `remember: 'session'` nothing is written: both stay in memory until Gloss quits, and any
   * settings saved before are forgotten (so that no stale password outlives the choice).
   */
  async save(args: SyncSaveArgs): Promise<SyncSettings> {
    const settings = { url: remoteKey(args.url), user: args.user, mode: args.mode };
    let password = args.password;
    if (password === undefined) {
      const saved = await this.load();
      if (!saved || saved.settings.url !== settings.url || saved.settings.user !== settings.user)
        throw new TeamSyncRefusal('Enter the password for this server and user.');
      password = saved.password;
    }
    if (args.remember === 'session') {
      await this.store.forget();
      this.session = true;
    } else {
      await this.store.save(settings, password);
      this.session = false;
    }
    this.cached = { settings, password };
    this.proxy = null;
    return this.session ? { ...settings, remember: 'session' } : settings;
  }

  async forget(): Promise<void> {
    await this.store.forget();
    this.cached = null;
    this.session = false;
    this.proxy = null;
  }

  /** Makes one request of the replica to the saved database, with the saved credentials. */
  async fetch(request: SyncFetchArgs): Promise<SyncFetchResult> {
    let saved;
    try {
      saved = await this.load();
    } catch (err) {
      if (err instanceof CredentialError)
        return { status: 0, headers: [], body: '', failure: { code: 'auth', message: err.message } };
      throw err;
    }
    if (!saved) throw new TeamSyncRefusal('No team database is set up: connect from File › Team Sync….');
    this.proxy ??= createSyncFetch({
      url: saved.settings.url,
      auth: { username: saved.settings.user, password: saved.password },
      fetch: this.net,
    });
    try {
      return await this.proxy(request);
    } catch (err) {
      if (err instanceof SyncRequestError) throw new TeamSyncRefusal(err.message);
      return {
        status: 0,
        headers: [],
        body: '',
        failure: describeSyncFailure(err, saved.settings.url),
      };
    }
  }
}
