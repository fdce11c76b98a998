import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBridge } from '../../../core/bridge/build';
import { BRIDGE_METHODS, MENU_COMMANDS, MENU_EVENT_CHANNEL } from '../../../core/bridge/channels';
import { ARG_SCHEMAS, BRIDGE_CONTRACT } from '../../../core/bridge/contract';
import { pageBridgeScript } from '../../e2e/harness/page-bridge';
import { ANSWER_PATH, serveRenderer } from '../../e2e/harness/static-server';

/** What the mocked `electron` module saw the preload do. */
const seen = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invokes: [] as unknown[][],
  listeners: new Map<string, Set<(...args: unknown[]) => void>>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => seen.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      seen.invokes.push(args);
      return { ok: true, value: args[0] };
    },
    on: (channel: string, l: (...args: unknown[]) => void) => {
      if (!seen.listeners.has(channel)) seen.listeners.set(channel, new Set());
      seen.listeners.get(channel)!.add(l);
    },
    removeListener: (channel: string, l: (...args: unknown[]) => void) =>
      seen.listeners.get(channel)?.delete(l),
  },
}));

type AnyBridge = Record<string, (...args: unknown[]) => unknown>;
const methods = Object.keys(BRIDGE_METHODS) as (keyof typeof BRIDGE_METHODS)[];

describe('the bridge table', () => {
  it('gives every method a distinct channel, an argument schema and a result schema, and nothing else', () => {
    const channels = methods.map((m) => BRIDGE_METHODS[m].channel);
    expect(new Set(channels).size).toBe(channels.length);
    expect(Object.keys(BRIDGE_CONTRACT).sort()).toEqual([...methods].sort());
    expect(Object.keys(ARG_SCHEMAS).sort()).toEqual([...channels].sort());
    // A method without an argument accepts none at the main process either.
    for (const m of methods) {
      if (!BRIDGE_METHODS[m].args) expect(BRIDGE_CONTRACT[m].args.safeParse({ x: 1 }).success).toBe(false);
    }
  });
});

describe('the preload', () => {
  beforeEach(async () => {
    seen.exposed.clear();
    seen.invokes.length = 0;
    vi.resetModules();
    await import('../../../preload/index');
  });
  afterEach(() => seen.listeners.clear());

  it('exposes exactly the table as window.gloss, never ipcRenderer', () => {
    expect([...seen.exposed.keys()]).toEqual(['gloss']);
    const gloss = seen.exposed.get('gloss') as AnyBridge;
    expect(Object.keys(gloss).sort()).toEqual([...methods, 'onMenu'].sort());
    expect(Object.isFrozen(gloss)).toBe(true);
    expect(Object.values(gloss).every((v) => typeof v === 'function')).toBe(true);
  });

  it('sends each method over its own channel, with its argument only when it takes one', async () => {
    const gloss = seen.exposed.get('gloss') as AnyBridge;
    for (const m of methods) await gloss[m]!({ probe: m });
    expect(seen.invokes).toEqual(
      methods.map((m) => [BRIDGE_METHODS[m].channel, BRIDGE_METHODS[m].args ? { probe: m } : undefined]),
    );
  });

  it('passes on known menu commands only, without the IPC event, and unsubscribes', () => {
    const gloss = seen.exposed.get('gloss') as AnyBridge;
    const got: unknown[] = [];
    const off = gloss['onMenu']!((c: unknown) => got.push(c)) as () => void;
    const emit = (...args: unknown[]) => seen.listeners.get(MENU_EVENT_CHANNEL)?.forEach((l) => l(...args));
    emit({ sender: 'secret' }, 'open-project');
    emit({ sender: 'secret' }, 'rm -rf');
    emit({ sender: 'secret' }, { command: 'open-project' });
    off();
    emit({ sender: 'secret' }, 'export');
    expect(got).toEqual(['open-project']);
  });
});

describe('the e2e test bridge', () => {
  it('is built by the same buildBridge from the same table, serialised into the page', async () => {
    const script = pageBridgeScript(buildBridge, BRIDGE_METHODS, MENU_COMMANDS, '/__gloss/answer/');
    expect(script).toContain(buildBridge.toString());
    // Run it against a stand-in window, as the browser does before the app's scripts.
    const calls: unknown[][] = [];
    const win: Record<string, unknown> = {
      __glossInvoke: async (channel: string, payload: unknown) => {
        calls.push([channel, payload]);
        return { ok: true, value: { $bytes: btoa('hi') } };
      },
    };
    new Function('window', 'btoa', 'atob', script)(win, btoa, atob);
    const gloss = win['gloss'] as AnyBridge;
    expect(Object.keys(gloss).sort()).toEqual([...methods, 'onMenu'].sort());
    const answer = (await gloss['saveFile']!({
      suggestedName: 'a.gloss',
      bytes: new Uint8Array([104, 105]),
    })) as {
      value: Uint8Array;
    };
    await gloss['appInfo']!('ignored');
    expect(calls).toEqual([
      ['gloss:save-file', { suggestedName: 'a.gloss', bytes: { $bytes: btoa('hi') } }],
      ['gloss:app-info', undefined],
    ]);
    expect(answer.value).toEqual(new Uint8Array([104, 105]));
  });

  it('takes a large answer from the host’s own server, once, by the id the binding gave', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gloss-bridge-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    const answers = new Map<string, string>();
    const server = await serveRenderer(root, answers);
    try {
      const body = JSON.stringify({ results: 'x'.repeat(100_000) });
      const win: Record<string, unknown> = {
        __glossInvoke: async () => {
          answers.set('id-1', JSON.stringify({ ok: true, value: { status: 200, headers: [], body } }));
          return { $answer: 'id-1' };
        },
      };
      // The page's relative fetch, resolved against the host's server as the browser does.
      const pageFetch = (path: string) => fetch(new URL(path, server.url));
      const script = pageBridgeScript(buildBridge, BRIDGE_METHODS, MENU_COMMANDS, ANSWER_PATH);
      new Function('window', 'btoa', 'atob', 'fetch', script)(win, btoa, atob, pageFetch);
      const gloss = win['gloss'] as AnyBridge;
      const got = (await gloss['syncFetch']!({ url: 'http://h/db', method: 'GET', headers: [] })) as {
        value: { body: string };
      };
      expect(got.value.body).toBe(body);
      // Served once: the id is spent.
      expect(answers.size).toBe(0);
      expect((await pageFetch(`${ANSWER_PATH}id-1`)).status).toBe(404);
    } finally {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
