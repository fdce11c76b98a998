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

export const createAnnotationSlice: StateCreator<GlossState, [], [], AnnotationSlice> = (set) => ({
  selectedAnnotationId: null,
  pendingSelection: null,
  snapToWords: true,
  focusField: null,
  selectAnnotation: (selectedAnnotationId) => set({ selectedAnnotationId }),
  setPendingSelection: (pendingSelection) => set({ pendingSelection }),
  setSnapToWords: (snapToWords) => set({ snapToWords }),
  requestFocus: (focusField) => set({ focusField }),
});
