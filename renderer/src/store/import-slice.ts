import type { StateCreator } from 'zustand';
import type { Article } from '../../../core/model';
import type { QdaProject } from '../../../core/refi';
import type { HypothesisMatch, HypothesisUnmatched } from '../../../core/hypothesis';
import type { GlossState } from './index';

export interface ImportProgress {
  done: number;
  total: number;
  /** The file being read now, when known. */
  current?: string | undefined;
  /** True once the user asked to cancel (the current file still finishes). */
  canceling?: boolean;
}

export interface ImportSlice {
  /** Progress of the running import, or null when none runs. */
  importProgress: ImportProgress | null;
  setImportProgress(progress: ImportProgress | null): void;
  /** Cancels the running import; set by whoever runs it. */
  importCancel: (() => void) | null;
  setImportCancel(cancel: (() => void) | null): void;
  /** Ids of the articles the latest import added, for its review. */
  lastImportIds: string[];
  setLastImportIds(ids: string[]): void;
  /** The articles the import review dialog shows, or null when it is closed. */
  reviewArticleIds: string[] | null;
  openImportReview(ids: string[]): void;
  closeImportReview(): void;
  /** Review what an import removed before its articles are stored (a kept setting). */
  reviewBeforeAdding: boolean;
  setReviewBeforeAdding(on: boolean): void;
  /** Articles read with review-before-adding on, waiting for the user; null when none wait. */
  heldArticles: Article[] | null;
  setHeldArticles(articles: Article[] | null): void;
  /** Whether the "Paste as article" dialog is open. */
  pasteOpen: boolean;
  setPasteOpen(open: boolean): void;
  /** A REFI-QDA project read and waiting for the analyst to map its codes; null when none. */
  pendingQdpx: { name: string; project: QdaProject } | null;
  setPendingQdpx(pending: { name: string; project: QdaProject } | null): void;
  /** A Hypothesis export matched onto the library, waiting for the analyst to import it. */
  pendingHypothesis: PendingHypothesis | null;
  setPendingHypothesis(pending: PendingHypothesis | null): void;
}

export interface PendingHypothesis {
  name: string;
  matched: HypothesisMatch[];
  unmatched: HypothesisUnmatched[];
}

const REVIEW_KEY = 'gloss.reviewBeforeAdding';

function storedReview(): boolean {
  try {
    return globalThis.localStorage?.getItem(REVIEW_KEY) === 'on';
  } catch {
    return false;
  }
}

export const createImportSlice: StateCreator<GlossState, [], [], ImportSlice> = (set) => ({
  importProgress: null,
  setImportProgress: (importProgress) => set({ importProgress }),
  importCancel: null,
  setImportCancel: (importCancel) => set({ importCancel }),
  lastImportIds: [],
  setLastImportIds: (lastImportIds) => set({ lastImportIds }),
  reviewArticleIds: null,
  openImportReview: (ids) => set({ reviewArticleIds: ids }),
  closeImportReview: () => set({ reviewArticleIds: null }),
  reviewBeforeAdding: storedReview(),
  setReviewBeforeAdding: (on) => {
    try {
      globalThis.localStorage?.setItem(REVIEW_KEY, on ? 'on' : 'off');
    } catch {
      // storage unavailable: the setting lasts for this session
    }
    set({ reviewBeforeAdding: on });
  },
  heldArticles: null,
  setHeldArticles: (heldArticles) => set({ heldArticles }),
  pasteOpen: false,
  setPasteOpen: (pasteOpen) => set({ pasteOpen }),
  pendingQdpx: null,
  setPendingQdpx: (pendingQdpx) => set({ pendingQdpx }),
  pendingHypothesis: null,
  setPendingHypothesis: (pendingHypothesis) => set({ pendingHypothesis }),
});
