import type { StateCreator } from 'zustand';
import type { BackupInfo } from '../../../core/bridge';
import type { MergePlan } from '../../../core/merge';
import type { ProjectSummary, TheirsSource } from '../features/project/project-jobs';
import type { GlossState } from './index';

/** The project dialog on screen, if any, with what it shows. */
export type ProjectDialog =
  /** A project file was opened (and validated): replace the library with it, or merge it in? */
  | { kind: 'open'; fileName: string; bytes: Uint8Array; summary: ProjectSummary; storeEmpty: boolean }
  /**
   * The merge preview: what merging `theirs` into the library would change (`plan`), the titles
   * of the library's articles it names, and the fingerprint of the library it was planned on.
   */
  | {
      kind: 'merge';
      fileName: string;
      theirs: TheirsSource;
      plan: MergePlan;
      titles: [string, string][];
      expected: string;
    }
  /** The agreement report between the analysts of the library. */
  | { kind: 'agreement' }
  /** Help > Restore from backup…: the list of backups. */
  | { kind: 'backups' }
  /** The library is empty at start-up while backups exist: offer the latest. */
  | { kind: 'restore-offer'; backup: BackupInfo };

export interface ProjectSlice {
  analystDialogOpen: boolean;
  setAnalystDialogOpen(open: boolean): void;
  projectDialog: ProjectDialog | null;
  setProjectDialog(dialog: ProjectDialog | null): void;
  /** What a project action is doing right now (saving, reading, merging), for the toolbar. */
  projectBusy: string | null;
  setProjectBusy(busy: string | null): void;
}

export const createProjectSlice: StateCreator<GlossState, [], [], ProjectSlice> = (set) => ({
  analystDialogOpen: false,
  setAnalystDialogOpen: (open) => set({ analystDialogOpen: open }),
  projectDialog: null,
  setProjectDialog: (dialog) => set({ projectDialog: dialog }),
  projectBusy: null,
  setProjectBusy: (busy) => set({ projectBusy: busy }),
});
