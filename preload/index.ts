import { contextBridge, ipcRenderer } from 'electron';
import {
  INVOKE_CHANNELS,
  MENU_COMMANDS,
  MENU_EVENT_CHANNEL,
  type MenuCommand,
} from '../core/bridge/channels';
import type { GlossBridge } from '../core/bridge/contract';

const menuCommands: readonly string[] = MENU_COMMANDS;

// A few named functions, never ipcRenderer itself: the renderer cannot reach other channels.
const gloss: GlossBridge = {
  pickFiles: (args) => ipcRenderer.invoke(INVOKE_CHANNELS.pickFiles, args),
  saveFile: (args) => ipcRenderer.invoke(INVOKE_CHANNELS.saveFile, args),
  beginSave: (args) => ipcRenderer.invoke(INVOKE_CHANNELS.beginSave, args),
  writeSave: (args) => ipcRenderer.invoke(INVOKE_CHANNELS.writeSave, args),
  endSave: (args) => ipcRenderer.invoke(INVOKE_CHANNELS.endSave, args),
  appInfo: () => ipcRenderer.invoke(INVOKE_CHANNELS.appInfo),
  writeBackup: (args) => ipcRenderer.invoke(INVOKE_CHANNELS.writeBackup, args),
  listBackups: () => ipcRenderer.invoke(INVOKE_CHANNELS.listBackups),
  readBackup: (args) => ipcRenderer.invoke(INVOKE_CHANNELS.readBackup, args),
  takeOpenedFiles: () => ipcRenderer.invoke(INVOKE_CHANNELS.takeOpenedFiles),
  readyToQuit: () => ipcRenderer.invoke(INVOKE_CHANNELS.readyToQuit),
  onMenu(listener) {
    // Wrapped so the renderer never sees the IpcRendererEvent (which exposes `sender`).
    const wrapped = (_event: unknown, command: unknown) => {
      if (typeof command === 'string' && menuCommands.includes(command)) listener(command as MenuCommand);
    };
    ipcRenderer.on(MENU_EVENT_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(MENU_EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('gloss', gloss);
