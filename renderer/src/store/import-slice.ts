import type { StateCreator } from 'zustand';
import type { GlossState } from './index';

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportSlice {
  /** Progress of the running import, or null when none runs. */
  importProgress: ImportProgress | null;
  setImportProgress(progress: ImportProgress | null): void;
}

export const createImportSlice: StateCreator<GlossState, [], [], ImportSlice> = (set) => ({
  importProgress: null,
  setImportProgress: (importProgress) => set({ importProgress }),
});
