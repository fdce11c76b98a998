import type { InvokeMethod } from '../../../core/bridge/channels';

/**
 * Installs `window.gloss` in the browser host, before any app script runs. Each method sends its
 * channel and argument through the `__glossInvoke` binding to the real main-process handlers in
 * the test process. Bytes travel as base64 because bindings carry JSON.
 * Runs in the page: it must be self-contained (Playwright serialises it).
 */
export function installPageBridge(channels: Record<InvokeMethod, string>): void {
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
  // The base64 coding is the harness's, not the app's (Electron sends bytes as they are): each
  // stretch is measured as `gloss:harness-bridge`, so that benchmarks can leave it out.
  const invoke = async (channel: string, arg: unknown) => {
    const t0 = performance.now();
    const wire = toWire(arg);
    performance.measure('gloss:harness-bridge', { start: t0 });
    const answer = await w.__glossInvoke(channel, wire);
    const t1 = performance.now();
    const value = fromWire(answer);
    performance.measure('gloss:harness-bridge', { start: t1 });
    return value;
  };
  const listeners = new Set<(command: string) => void>();
  w['gloss'] = Object.freeze({
    pickFiles: (args: unknown) => invoke(channels.pickFiles, args),
    saveFile: (args: unknown) => invoke(channels.saveFile, args),
    beginSave: (args: unknown) => invoke(channels.beginSave, args),
    writeSave: (args: unknown) => invoke(channels.writeSave, args),
    endSave: (args: unknown) => invoke(channels.endSave, args),
    appInfo: () => invoke(channels.appInfo, undefined),
    writeBackup: (args: unknown) => invoke(channels.writeBackup, args),
    listBackups: () => invoke(channels.listBackups, undefined),
    readBackup: (args: unknown) => invoke(channels.readBackup, args),
    takeOpenedFiles: () => invoke(channels.takeOpenedFiles, undefined),
    readyToQuit: () => invoke(channels.readyToQuit, undefined),
    onMenu(listener: (command: string) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
  // The harness's stand-in for the native application menu.
  Object.defineProperty(w, '__glossMenu', {
    value: (command: string) => listeners.forEach((l) => l(command)),
  });
}
