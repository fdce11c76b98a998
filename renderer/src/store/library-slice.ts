import type { StateCreator } from 'zustand';
import type { AnnotationFilter } from '../../../core/model';
import type { GlossState } from './index';

export type MainView = 'reader' | 'table' | 'overview';

/**
 * What to bring into view once an article is open (a search hit): an annotation's highlight,
 * or a stretch of text, which is then selected as if the user had dragged over it.
 */
export type Reveal =
  { articleId: string; annotationId: string } | { articleId: string; start: number; end: number };

export interface LibrarySlice {
  view: MainView;
  /** The annotations table's filter, per column. */
  tableFilter: AnnotationFilter;
  /** The set whose annotations the table shows, or null for all. */
  activeSetId: string | null;
  reveal: Reveal | null;
  setView(view: MainView): void;
  setTableFilter(filter: AnnotationFilter): void;
  showSet(id: string | null, filter?: AnnotationFilter): void;
  revealPassage(reveal: Reveal | null): void;
}

export const createLibrarySlice: StateCreator<GlossState, [], [], LibrarySlice> = (set) => ({
  view: 'reader',
  tableFilter: {},
  activeSetId: null,
  reveal: null,
  setView: (view) => set({ view }),
  setTableFilter: (tableFilter) => set({ tableFilter }),
  showSet: (activeSetId, filter) =>
    set(filter ? { activeSetId, tableFilter: filter, view: 'table' } : { activeSetId, view: 'table' }),
  revealPassage: (reveal) => set({ reveal }),
});
