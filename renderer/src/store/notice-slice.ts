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
  /** The raw reason (a store's or a server's message, with ids), shown only when asked for. */
  technical?: string;
}

export interface NoticeAction {
  label: string;
  /** What the button does (a promise when it works on the store: resolved once it is done). */
  run(): void | Promise<void>;
}

export interface NoticeSlice {
  notices: Notice[];
  notify(
    tone: NoticeTone,
    title: string,
    details?: string[],
    action?: NoticeAction,
    technical?: string,
  ): void;
  dismissNotice(id: number): void;
}

let nextNoticeId = 1;

/** How long a plain success or info notice stays on screen. */
export const NOTICE_FADE_MS = 6000;

export const createNoticeSlice: StateCreator<GlossState, [], [], NoticeSlice> = (set) => ({
  notices: [],
  notify: (tone, title, details = [], action, technical) => {
    const id = nextNoticeId++;
    // Titles and details quote file names and messages from files: never show a control character.
    const notice = {
      id,
      tone,
      title: escapeControls(title),
      details: details.map((d) => escapeControls(d)),
      ...(action ? { action } : {}),
      ...(technical ? { technical: escapeControls(technical) } : {}),
    };
    set((s) => ({ notices: [...s.notices.slice(-4), notice] }));
    // Good news without details fades on its own; problems stay until dismissed.
    if ((tone === 'info' || tone === 'success') && details.length === 0 && !action && !technical) {
      setTimeout(() => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })), NOTICE_FADE_MS);
    }
  },
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
