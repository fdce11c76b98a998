import type { StateCreator } from 'zustand';
import type { GlossState } from './index';

/** The reader's keyboard caret and the suggestions shown over the text (UI state only). */
export interface ReadingSlice {
  /** Where the keyboard caret stands in the open article (UTF-16 offset), null before any. */
  caret: number | null;
  /** Show machine suggestions as dashed outlines (a preference of this profile). */
  showSuggestions: boolean;
  /** The suggestion that J-like keys moved to and Y / X act on (its rejection key). */
  currentSuggestion: string | null;
  /** What the reader last said to screen readers. */
  readerAnnouncement: string;
  setCaret(offset: number | null): void;
  setShowSuggestions(on: boolean): void;
  setCurrentSuggestion(key: string | null): void;
  announce(message: string): void;
}

const SHOW_KEY = 'gloss.showSuggestions';

function storedShow(): boolean {
  try {
    return globalThis.localStorage?.getItem(SHOW_KEY) !== 'off';
  } catch {
    return true;
  }
}

export const createReadingSlice: StateCreator<GlossState, [], [], ReadingSlice> = (set) => ({
  caret: null,
  showSuggestions: storedShow(),
  currentSuggestion: null,
  readerAnnouncement: '',
  setCaret: (caret) => set({ caret }),
  setShowSuggestions: (on) => {
    try {
      globalThis.localStorage?.setItem(SHOW_KEY, on ? 'on' : 'off');
    } catch {
      // storage unavailable: the setting lasts for this session
    }
    set({ showSuggestions: on, ...(on ? {} : { currentSuggestion: null }) });
  },
  setCurrentSuggestion: (currentSuggestion) => set({ currentSuggestion }),
  // A trailing no-break space toggles so that the same message twice is announced twice.
  announce: (message) =>
    set((s) => ({ readerAnnouncement: s.readerAnnouncement === message ? `${message}\u00a0` : message })),
});
