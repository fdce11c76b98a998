import type { StateCreator } from 'zustand';
import { escapeControls } from '../../../core/text/escape-controls';
import type { GlossState } from './index';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
  id: number;
  tone: NoticeTone;
  title: string;
  /** One line per detail (for example one per file that could not be imported). */
  details: string[];
  /** A button the notice offers (“Undo”); the notice stays until it is used or dismissed. */
  action?: NoticeAction;
}

export interface NoticeAction {
  label: string;
  run(): void;
}

export interface NoticeSlice {
  notices: Notice[];
  notify(tone: NoticeTone, title: string, details?: string[], action?: NoticeAction): void;
  dismissNotice(id: number): void;
}

let nextNoticeId = 1;

/** How long a plain success or info notice stays on screen. */
export const NOTICE_FADE_MS = 6000;

export const createNoticeSlice: StateCreator<GlossState, [], [], NoticeSlice> = (set) => ({
  notices: [],
  notify: (tone, title, details = [], action) => {
    const id = nextNoticeId++;
    // Titles and details quote file names and messages from files: never show a control character.
    const notice = {
      id,
      tone,
      title: escapeControls(title),
      details: details.map((d) => escapeControls(d)),
      ...(action ? { action } : {}),
    };
    set((s) => ({ notices: [...s.notices.slice(-4), notice] }));
    // Good news without details fades on its own; problems stay until dismissed.
    if ((tone === 'info' || tone === 'success') && details.length === 0 && !action) {
      setTimeout(() => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })), NOTICE_FADE_MS);
    }
  },
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
