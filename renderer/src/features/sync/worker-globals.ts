/*
 * Imported first by the sync worker: PouchDB's memory adapter (levelup, memdown and their
 * streams) expects Node's `global`, `Buffer` and `process` when its modules load. The modules
 * themselves resolve to their browser versions (vite-plugin-node-polyfills: electron.vite.config.ts).
 */
import { Buffer } from 'buffer';
import process from 'process';

// The browser version of `process.nextTick` waits for a timer (clamped to 4 ms once nested), and
// levelup and memdown call it for every operation (a first sync of 21,003 documents took 19.3 s
// with it, 17.8 s without). A microtask is what Node's own nextTick amounts to here.
process.nextTick = (callback: (...args: unknown[]) => void, ...args: unknown[]) =>
  queueMicrotask(() => callback(...args));

const scope = globalThis as unknown as Record<string, unknown>;
scope['global'] ??= globalThis;
scope['Buffer'] ??= Buffer;
scope['process'] ??= process;
