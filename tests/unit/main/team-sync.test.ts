import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliPouch } from '../../../cli/sync-pouch';
import { describeSyncFailure, toDocument } from '../../../core/sync';
import { CredentialError, CredentialStore } from '../../../main/sync/credentials';
import { forwardPowerEvents } from '../../../main/sync/power';
import { TeamSyncService } from '../../../main/sync/service';
import { createSyncFetch, SyncRequestError, type SyncRequest } from '../../../main/sync/fetch';
import { createHandlers, dispatchInvoke } from '../../../main/ipc/handlers';
import { aesBox, teamSyncFor } from './secret-box';
import { allDocs, createDatabase, createUser, startCouch, type TestCouch } from '../cli/sync/couch';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-team-sync-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CredentialStore (safeStorage)', () => {
  const settings = { url: 'https://couch.example.org/ukraine', user: 'ana', mode: 'live' as const };

  it('keeps the password encrypted, never in clear, and reads it back', async () => {
    const file = join(dir, 'team-sync.json');
    const store = new CredentialStore(file, aesBox());
    await store.save(settings, 'correct horse battery staple');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('correct horse');
    expect(JSON.parse(text)).toMatchObject({ url: settings.url, user: 'ana', mode: 'live' });
    expect(await store.load()).toEqual({ settings, password: 'correct horse battery staple' });
    await store.forget();
    expect(await store.load()).toBeNull();
  });

  it('refuses to save where the system has no real keyring', async () => {
    const store = new CredentialStore(join(dir, 'weak.json'), aesBox('basic_text'));
    await expect(store.save(settings, 'pw')).rejects.toThrow(/cannot keep the password safely/);
    const none = new CredentialStore(join(dir, 'none.json'), {
      ...aesBox(),
      isEncryptionAvailable: () => false,
    });
    await expect(none.save(settings, 'pw')).rejects.toThrow(CredentialError);
  });

  it('a damaged file or another keyring gives a clear error, not a crash', async () => {
    const file = join(dir, 'damaged.json');
    await writeFile(file, '{"type": "gloss-team-sync"');
    await expect(new CredentialStore(file, aesBox()).load()).rejects.toThrow(/damaged; connect again/);
    await new CredentialStore(file, aesBox()).save(settings, 'pw');
    await expect(new CredentialStore(file, aesBox()).load()).rejects.toThrow(/cannot be decrypted/);
  });
});

describe('the sync fetch proxy, against a real server', () => {
  let couch: TestCouch;
  let url = '';
  // New names on every run: a server at GLOSS_COUCHDB_URL keeps the databases of earlier runs.
  const db = `proxied-${Date.now()}`;
  const other = `other-${Date.now()}`;
  beforeAll(async () => {
    couch = await startCouch();
    await createUser(couch, 'ana', 'ana-pw', ['gloss-writer']);
    url = await createDatabase(couch, db, ['ana']);
    await createDatabase(couch, other, ['ana']);
  });
  afterAll(async () => {
    await couch?.stop();
  });

  const proxy = () => createSyncFetch({ url, auth: { username: 'ana', password: 'ana-pw' }, fetch });
  /** What the renderer's PouchDB gets as `fetch`: the bridge call, turned back into a Response. */
  const rendererFetch = (p: ReturnType<typeof proxy>) => async (u: string, init: RequestInit) => {
    const headers = [...new Headers(init.headers).entries()];
    const request: SyncRequest = {
      url: u,
      method: init.method ?? 'GET',
      headers,
      ...(typeof init.body === 'string' ? { body: init.body } : {}),
    };
    const r = await p(request);
    return new Response(r.status === 204 || r.status === 304 ? null : r.body, {
      status: r.status,
      headers: r.headers,
    });
  };

  it('replicates through it, with the credentials added in the main process only', async () => {
    const remote = new CliPouch(url, { skip_setup: true, fetch: rendererFetch(proxy()) });
    const local = new CliPouch(`proxied-${Date.now()}`, { adapter: 'memory' });
    const doc = toDocument({ kind: 'tag', record: { name: 'energy', color: '#3b82f6' } }, 'ana');
    await local.bulkDocs([{ ...doc, _rev: '1-0123456789abcdef0123456789abcdef' }], { new_edits: false });
    const done = await new Promise<{ docs_written: number }>((resolve, reject) => {
      local.replicate
        .to(remote, { batch_size: 100, batches_limit: 1, retry: false, back_off_function: (d) => d })
        .on('complete', resolve)
        .on('error', reject);
    });
    expect(done.docs_written).toBe(1);
    expect((await allDocs(couch, db)).map((d) => d._id)).toEqual(['tag:energy']);
    await local.destroy();
  });

  it('drops credentials the renderer sends and refuses every other address', async () => {
    const p = proxy();
    const forged = await p({
      url: `${url}/`,
      method: 'GET',
      headers: [['Authorization', 'Basic Zm9vOmJhcg==']],
    });
    expect(forged.status).toBe(200);
    const refused = [
      `${couch.url}/${other}/`,
      `${couch.url}/_users/org.couchdb.user:ana`,
      `${url}/../_config`,
      `${url}/%2e%2e/_users`,
      `${url}x/`,
      `http://ana:ana-pw@${url.slice('http://'.length)}/`,
      'http://192.0.2.1:5984/proxied/',
    ];
    for (const u of refused) {
      await expect(p({ url: u, method: 'GET', headers: [] })).rejects.toThrow(SyncRequestError);
    }
    await expect(p({ url: `${url}/`, method: 'PATCH', headers: [] })).rejects.toThrow(/not allowed/);
  });
});

describe('the team-sync bridge calls', () => {
  let couch: TestCouch;
  let url = '';
  beforeAll(async () => {
    couch = await startCouch();
    await createUser(couch, 'ana', 'ana-pw', ['gloss-writer']);
    url = await createDatabase(couch, `bridged-${Date.now()}`, ['ana']);
  });
  afterAll(async () => {
    await couch?.stop();
  });

  const handlersFor = (userData: string, teamSync: TeamSyncService) =>
    createHandlers({
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
      appInfo: () => ({ name: 'Gloss', version: '1', platform: 'linux', host: 'electron', versions: {} }),
      backupsDir: join(userData, 'backups'),
      takeOpenedPaths: () => [],
      readyToQuit: () => undefined,
      teamSync,
    });

  it('without a keyring: the keyring is refused with a way out, and the session-only password works and is written nowhere', async () => {
    const userData = await mkdtemp(join(dir, 'no-keyring-'));
    // Linux without a secret service: Electron falls back to `basic_text`, a fixed key.
    const service = () =>
      new TeamSyncService(new CredentialStore(join(userData, 'team-sync.json'), aesBox('basic_text')), fetch);
    const handlers = handlersFor(userData, service());
    const invoke = (channel: string, arg?: unknown) => dispatchInvoke(handlers, channel, arg, true);

    expect(await invoke('gloss:sync-keyring')).toEqual({ ok: true, value: { available: false } });
    const settings = { url, user: 'ana', mode: 'live' };
    expect(await invoke('gloss:sync-save', { ...settings, password: 'ana-pw' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no keyring.*for this session only/s) as unknown },
    });
    expect(await invoke('gloss:sync-settings')).toEqual({ ok: true, value: null });

    const session = { ...settings, remember: 'session' };
    expect(await invoke('gloss:sync-save', { ...session, password: 'ana-pw' })).toEqual({
      ok: true,
      value: session,
    });
    expect(await invoke('gloss:sync-settings')).toEqual({ ok: true, value: session });
    // The proxy uses it: the server answers as to ana.
    const info = await invoke('gloss:sync-fetch', { url: `${url}/`, method: 'GET', headers: [] });
    expect(info).toMatchObject({ ok: true, value: { status: 200 } });
    // Switching to manual keeps it, still for this session only.
    expect(await invoke('gloss:sync-save', { ...session, mode: 'manual' })).toEqual({
      ok: true,
      value: { ...session, mode: 'manual' },
    });
    // Nothing was written: no settings file, nothing in the profile at all.
    expect(await readdir(userData)).toEqual([]);
    // A restart (a new main process) knows nothing of it.
    const restarted = handlersFor(userData, service());
    expect(await dispatchInvoke(restarted, 'gloss:sync-settings', undefined, true)).toEqual({
      ok: true,
      value: null,
    });
    expect(await invoke('gloss:sync-forget')).toEqual({ ok: true, value: undefined });
    expect(await invoke('gloss:sync-settings')).toEqual({ ok: true, value: null });
  });

  it('save, read back without the password, fetch through the proxy, forget', async () => {
    const userData = await mkdtemp(join(dir, 'profile-'));
    const handlers = createHandlers({
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
      appInfo: () => ({ name: 'Gloss', version: '1', platform: 'linux', host: 'electron', versions: {} }),
      backupsDir: join(userData, 'backups'),
      takeOpenedPaths: () => [],
      readyToQuit: () => undefined,
      teamSync: teamSyncFor(userData),
    });
    const invoke = (channel: string, arg?: unknown) => dispatchInvoke(handlers, channel, arg, true);

    expect(await invoke('gloss:sync-settings')).toEqual({ ok: true, value: null });
    // Nothing saved: the proxy makes no request.
    expect(await invoke('gloss:sync-fetch', { url: `${url}/`, method: 'GET', headers: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/File › Team Sync/) as unknown },
    });
    expect(await invoke('gloss:sync-test', { url, user: 'ana', password: 'wrong' })).toMatchObject({
      ok: true,
      value: { ok: false, failure: { code: 'auth' } },
    });
    expect(await invoke('gloss:sync-test', { url, user: 'ana', password: 'ana-pw' })).toEqual({
      ok: true,
      value: { ok: true },
    });
    // A URL with credentials in it is refused before anything is saved.
    const withPassword = url.replace('http://', 'http://ana:ana-pw@');
    expect(
      await invoke('gloss:sync-save', { url: withPassword, user: 'ana', password: 'x', mode: 'live' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    const settings = { url, user: 'ana', mode: 'live' };
    expect(await invoke('gloss:sync-save', { ...settings, password: 'ana-pw' })).toEqual({
      ok: true,
      value: settings,
    });
    expect(await invoke('gloss:sync-settings')).toEqual({ ok: true, value: settings });
    expect(await readFile(join(userData, 'team-sync.json'), 'utf8')).not.toContain('ana-pw');
    // Switching to manual keeps the saved password.
    expect(await invoke('gloss:sync-save', { ...settings, mode: 'manual' })).toMatchObject({ ok: true });
    const info = await invoke('gloss:sync-fetch', { url: `${url}/`, method: 'GET', headers: [] });
    expect(info).toMatchObject({ ok: true, value: { status: 200 } });
    expect(
      await invoke('gloss:sync-fetch', { url: `${couch.url}/_users/`, method: 'GET', headers: [] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/not the team database/) as unknown },
    });
    expect(await invoke('gloss:sync-forget')).toEqual({ ok: true, value: undefined });
    expect(await invoke('gloss:sync-settings')).toEqual({ ok: true, value: null });
  });
});

describe('sleep and wake', () => {
  it('powerMonitor’s suspend and resume reach the window as system-suspend / system-resume, in order', () => {
    const monitor = new EventEmitter();
    const sent: string[] = [];
    forwardPowerEvents(monitor, (e) => sent.push(e));
    monitor.emit('suspend');
    monitor.emit('resume');
    monitor.emit('lock-screen');
    expect(sent).toEqual(['system-suspend', 'system-resume']);
  });
});

describe('failures of Electron’s net.fetch (Chromium’s net::ERR_… in the message)', () => {
  const url = 'https://couch.example.org/ukraine';
  // Electron's net.fetch rejects with Chromium's network error name as the message.
  const chromium = (name: string) => describeSyncFailure(new TypeError(`net::${name}`), url);

  it('an untrusted certificate, a refused connection, an unknown host, a dropped network: the same clear messages as Node’s', () => {
    expect(chromium('ERR_CERT_AUTHORITY_INVALID')).toMatchObject({
      code: 'tls',
      message: expect.stringContaining('its certificate is not one this computer trusts') as unknown,
    });
    expect(chromium('ERR_CERT_COMMON_NAME_INVALID').code).toBe('tls');
    expect(chromium('ERR_SSL_PROTOCOL_ERROR').code).toBe('tls');
    expect(chromium('ERR_CONNECTION_REFUSED')).toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining('cannot reach couch.example.org') as unknown,
    });
    expect(chromium('ERR_NAME_NOT_RESOLVED')).toMatchObject({
      code: 'dns',
      message: expect.stringContaining('no such host name') as unknown,
    });
    for (const name of ['ERR_INTERNET_DISCONNECTED', 'ERR_NETWORK_IO_SUSPENDED', 'ERR_CONNECTION_RESET'])
      expect(chromium(name).code).toBe('timeout');
  });
});
