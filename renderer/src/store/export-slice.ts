import type { StateCreator } from 'zustand';
import type { GlossState } from './index';

export interface ExportSlice {
  /** Whether the export dialog is open. */
  exportOpen: boolean;
  openExport(): void;
  closeExport(): void;
}

export const createExportSlice: StateCreator<GlossState, [], [], ExportSlice> = (set) => ({
  exportOpen: false,
  openExport: () => set({ exportOpen: true }),
  closeExport: () => set({ exportOpen: false }),
});
