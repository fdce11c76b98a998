import type { BRIDGE_METHODS } from '../../../core/bridge/channels';
import type { buildBridge } from '../../../core/bridge/build';

/**
 * Installs `window.gloss` in the browser host, before any app script runs, with the very
 * `buildBridge` the preload uses (its source is handed in, see `pageBridgeScript`): each method
 * sends its channel and argument through the `__glossInvoke` binding to the real main-process
 * handlers in the test process. Bytes travel as base64 because bindings carry JSON. A large
 * answer comes back as `{ $answer: id }`, fetched once from the host's server at `answerPath`.
 * Runs in the page: it must be self-contained (its source is serialised).
 */
export function installPageBridge(
  build: typeof buildBridge,
  methods: typeof BRIDGE_METHODS,
  menuCommands: readonly string[],
  answerPath: string,
): void {
  const w = window as unknown as Record<string, unknown> & {
    __glossInvoke(channel: string, payload: unknown): Promise<unknown>;
  };
  const toWire = (v: unknown): unknown => {
    if (v instanceof Uint8Array) {
      let s = '';
      for (let i = 0; i < v.length; i += 0x8000) s += String.fromCharCode(...v.subarray(i, i + 0x8000));
      return { $bytes: btoa(s) };
    }
    if (Array.isArray(v)) return v.map(toWire);
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = toWire(x);
      return o;
    }
    return v;
  };
  const fromWire = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fromWire);
    if (v && typeof v === 'object') {
      const rec = v as Record<string, unknown>;
      if (typeof rec['$bytes'] === 'string') {
        const bin = atob(rec['$bytes']);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        return bytes;
      }
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(rec)) o[k] = fromWire(x);
      return o;
    }
    return v;
  };
  const listeners = new Set<(command: unknown) => void>();
  w['gloss'] = build(
    methods,
    menuCommands,
    // The base64 coding is the harness's, not the app's (Electron sends bytes as they are): each
    // stretch is measured as `gloss:harness-bridge`, so that benchmarks can leave it out.
    async (channel, arg) => {
      const t0 = performance.now();
      const wire = toWire(arg);
      performance.measure('gloss:harness-bridge', { start: t0 });
      let answer = await w.__glossInvoke(channel, wire);
      const t1 = performance.now();
      const id = (answer as { $answer?: unknown } | null)?.$answer;
      if (typeof id === 'string') {
        const fetched = await fetch(answerPath + id);
        if (!fetched.ok) throw new Error(`The harness lost the answer to ${channel} (${fetched.status}).`);
        answer = await fetched.json();
      }
      const value = fromWire(answer);
      performance.measure('gloss:harness-bridge', { start: t1 });
      return value;
    },
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  );
  // The harness's stand-in for the native application menu.
  Object.defineProperty(w, '__glossMenu', {
    value: (command: string) => listeners.forEach((l) => l(command)),
  });
}

/** The init script that installs the page bridge: its source, `buildBridge`'s, and the table. */
export function pageBridgeScript(
  build: typeof buildBridge,
  methods: typeof BRIDGE_METHODS,
  menuCommands: readonly string[],
  answerPath: string,
): string {
  return `(${installPageBridge.toString()})(${build.toString()}, ${JSON.stringify(methods)}, ${JSON.stringify(menuCommands)}, ${JSON.stringify(answerPath)});`;
}
