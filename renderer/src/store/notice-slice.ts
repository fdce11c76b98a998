import type { StateCreator } from 'zustand';
import type { GlossState } from './index';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
  id: number;
  tone: NoticeTone;
  title: string;
  /** One line per detail (for example one per file that could not be imported). */
  details: string[];
}

export interface NoticeSlice {
  notices: Notice[];
  notify(tone: NoticeTone, title: string, details?: string[]): void;
  dismissNotice(id: number): void;
}

let nextNoticeId = 1;

export const createNoticeSlice: StateCreator<GlossState, [], [], NoticeSlice> = (set) => ({
  notices: [],
  notify: (tone, title, details = []) =>
    set((s) => ({ notices: [...s.notices.slice(-4), { id: nextNoticeId++, tone, title, details }] })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
