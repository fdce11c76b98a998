import { create } from 'zustand';
import { createAnnotationSlice, type AnnotationSlice } from './annotation-slice';
import { createExportSlice, type ExportSlice } from './export-slice';
import { createImportSlice, type ImportSlice } from './import-slice';
import { createLibrarySlice, type LibrarySlice } from './library-slice';
import { createNoticeSlice, type NoticeSlice } from './notice-slice';
import { createProjectSlice, type ProjectSlice } from './project-slice';
import { createReadingSlice, type ReadingSlice } from './reading-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** UI state only: what is persistent lives in Dexie. */
export type GlossState = UiSlice &
  NoticeSlice &
  ImportSlice &
  AnnotationSlice &
  ExportSlice &
  ProjectSlice &
  LibrarySlice &
  ReadingSlice;

export const useGloss = create<GlossState>()((...a) => ({
  ...createUiSlice(...a),
  ...createNoticeSlice(...a),
  ...createImportSlice(...a),
  ...createAnnotationSlice(...a),
  ...createExportSlice(...a),
  ...createProjectSlice(...a),
  ...createLibrarySlice(...a),
  ...createReadingSlice(...a),
}));

const initialState = useGloss.getState();

/** Puts the store back as it started (tests call it between cases). */
export function resetStore(): void {
  useGloss.setState(initialState, true);
}
