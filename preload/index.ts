import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from '../core/bridge/build';
import { BRIDGE_METHODS, MENU_COMMANDS, MENU_EVENT_CHANNEL } from '../core/bridge/channels';

// The table's named functions, never ipcRenderer itself: the renderer cannot reach other channels.
const gloss = buildBridge(
  BRIDGE_METHODS,
  MENU_COMMANDS,
  (channel, arg) => ipcRenderer.invoke(channel, arg),
  (listener) => {
    // Wrapped so the renderer never sees the IpcRendererEvent (which exposes `sender`).
    const wrapped = (_event: unknown, command: unknown) => listener(command);
    ipcRenderer.on(MENU_EVENT_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(MENU_EVENT_CHANNEL, wrapped);
  },
);

contextBridge.exposeInMainWorld('gloss', gloss);
