import type { StateCreator } from 'zustand';
import type { GlossState } from './index';

export interface UiSlice {
  selectedArticleId: string | null;
  selectArticle(id: string | null): void;
}

export const createUiSlice: StateCreator<GlossState, [], [], UiSlice> = (set) => ({
  selectedArticleId: null,
  selectArticle: (id) =>
    set({
      selectedArticleId: id,
      selectedAnnotationId: null,
      pendingSelection: null,
      caret: null,
      currentSuggestion: null,
    }),
});
