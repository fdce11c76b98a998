import type { BRIDGE_METHODS } from './channels';
import type { GlossBridge } from './contract';

/** Sends one invoke over IPC (the preload: `ipcRenderer.invoke`; the e2e host: its binding). */
export type BridgeInvoke = (channel: string, arg: unknown) => Promise<unknown>;
/** Subscribes to menu commands from the main process; returns the unsubscribe function. */
export type MenuSubscribe = (listener: (command: unknown) => void) => () => void;

/**
 * Builds `window.gloss` from the bridge table: one function per row, which sends its channel
 * and, for a method that takes one, its argument (a method without one sends nothing, whatever
 * it is called with); and `onMenu`, which passes on the known menu commands only. The preload
 * (`preload/index.ts`) and the e2e browser host (`tests/e2e/harness/page-bridge.ts`) both call
 * it, so the bridge the tests exercise is the bridge users run.
 *
 * Self-contained on purpose: it uses its parameters only (types aside), because the e2e
 * harness serialises its source into the page.
 */
export function buildBridge(
  methods: typeof BRIDGE_METHODS,
  menuCommands: readonly string[],
  invoke: BridgeInvoke,
  subscribe: MenuSubscribe,
): GlossBridge {
  const bridge: Record<string, unknown> = {};
  for (const [name, row] of Object.entries(methods)) {
    const channel = row.channel;
    bridge[name] = row.args ? (arg: unknown) => invoke(channel, arg) : () => invoke(channel, undefined);
  }
  bridge['onMenu'] = (listener: (command: string) => void) =>
    subscribe((command) => {
      if (typeof command === 'string' && menuCommands.includes(command)) listener(command);
    });
  return Object.freeze(bridge) as unknown as GlossBridge;
}
