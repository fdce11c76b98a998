import type { StateCreator } from 'zustand';
import type { GlossState } from './index';

/** A text range the user selected in the reader, in article offsets. */
export interface PendingSelection {
  start: number;
  end: number;
  /** Where to show the selection toolbar, relative to the viewport. */
  rect: { top: number; left: number; bottom: number };
}

/** A field of the annotation editor that a keyboard shortcut asks to focus. */
export type EditField = 'note' | 'tags' | 'attribution' | null;

export interface AnnotationSlice {
  selectedAnnotationId: string | null;
  pendingSelection: PendingSelection | null;
  /** Snap selections to whole words (on by default). */
  snapToWords: boolean;
  focusField: EditField;
  selectAnnotation(id: string | null): void;
  setPendingSelection(selection: PendingSelection | null): void;
  setSnapToWords(on: boolean): void;
  requestFocus(field: EditField): void;
}

const SNAP_KEY = 'gloss.snapToWords';

/** The snap setting is a preference of this profile, kept across sessions. */
function storedSnap(): boolean {
  try {
    return globalThis.localStorage?.getItem(SNAP_KEY) !== 'off';
  } catch {
    return true;
  }
}

function storeSnap(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(SNAP_KEY, on ? 'on' : 'off');
  } catch {
    // storage unavailable (private mode): the setting lasts for this session
  }
}

export const createAnnotationSlice: StateCreator<GlossState, [], [], AnnotationSlice> = (set) => ({
  selectedAnnotationId: null,
  pendingSelection: null,
  snapToWords: storedSnap(),
  focusField: null,
  selectAnnotation: (selectedAnnotationId) => set({ selectedAnnotationId }),
  setPendingSelection: (pendingSelection) => set({ pendingSelection }),
  setSnapToWords: (snapToWords) => {
    storeSnap(snapToWords);
    set({ snapToWords });
  },
  requestFocus: (focusField) => set({ focusField }),
});
