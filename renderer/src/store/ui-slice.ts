import type { StateCreator } from 'zustand';
import type { GlossState } from './index';

/** Light, dark, or whatever the operating system says. */
export type Theme = 'system' | 'light' | 'dark';

const THEME_KEY = 'gloss:theme';

function storedTheme(): Theme {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export interface UiSlice {
  selectedArticleId: string | null;
  selectArticle(id: string | null): void;
  paletteOpen: boolean;
  setPaletteOpen(open: boolean): void;
  /** The appearance chosen in View › Appearance (kept in this profile's local storage). */
  theme: Theme;
  setTheme(theme: Theme): void;
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
  paletteOpen: false,
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  theme: storedTheme(),
  setTheme: (theme) => {
    try {
      if (theme === 'system') globalThis.localStorage?.removeItem(THEME_KEY);
      else globalThis.localStorage?.setItem(THEME_KEY, theme);
    } catch {
      // Storage refused (private mode): the choice holds for this session only.
    }
    set({ theme });
  },
});
