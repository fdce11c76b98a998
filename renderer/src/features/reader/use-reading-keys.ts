import { useEffect } from 'react';
import type { Article } from '../../../../core/model';
import type { Suggestion } from '../../../../core/suggest';
import {
  clauseAt,
  extendByWord,
  nextWordStart,
  previousWordStart,
  shrinkByWord,
  spanAt,
  stepSpan,
  trim,
  type Span,
} from '../../../../core/text/reading';
import { useGloss } from '../../store';
import { describeSuggestion, readerRoot } from '../suggest/ReadingLayer';
import { rejectionKey } from '../suggest/rejections';
import type { Suggestions } from '../suggest/use-suggestions';
import { blockElements, domPointToOffset, offsetToDomPoint, spanToRange } from './highlights';

const quoteOf = (text: string, s: Span): string => {
  const q = text.slice(s.start, s.end).replace(/\s+/gu, ' ');
  return q.length > 160 ? `${q.slice(0, 157)}…` : q;
};

function typingInField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.matches('input, textarea, select, [contenteditable="true"]');
}

/** Scrolls the reader so that the article offset `at` is on screen (with a margin). */
function reveal(container: HTMLElement, root: HTMLElement, article: Article, at: number): void {
  const point = offsetToDomPoint(blockElements(root), article.blocks, at);
  if (!point) return;
  const range = document.createRange();
  range.setStart(point.node, point.offset);
  const r = range.getClientRects()[0] ?? point.node.parentElement?.getBoundingClientRect();
  if (!r) return;
  const view = container.getBoundingClientRect();
  const margin = 60;
  if (r.top < view.top + margin) container.scrollTop -= view.top + margin - r.top;
  else if (r.bottom > view.bottom - margin) container.scrollTop += r.bottom - (view.bottom - margin);
}

/**
 * Reading and selecting by keyboard, and acting on suggestions.
 *
 * In the article text (Tab reaches it): ←/→ move the caret by word, ↑/↓ by sentence,
 * Ctrl/Cmd+↑/↓ by paragraph, Home/End to the paragraph's start and end; S selects the sentence
 * at the caret, Shift+S its clause; Shift+→ extends the selection by a word and Shift+← shrinks
 * it. C / A / F (and the rest of the annotation keys) then act on the selection.
 *
 * Anywhere outside a text field: ] and [ go to the next and previous suggestion, Y accepts it, X
 * rejects it (remembered for the article), H hides or shows suggestions.
 */
export function useReadingKeys(
  article: Article | undefined,
  container: HTMLElement | null,
  data: Suggestions,
): void {
  useEffect(() => {
    if (!article || !container) return;
    const text = article.text;
    const paragraphs: Span[] = article.blocks;
    const sentences: Span[] = data.sentences.length ? data.sentences : paragraphs;

    const select = (span: Span, root: HTMLElement) => {
      const s = trim(text, span);
      if (s.end <= s.start) return;
      const range = spanToRange(blockElements(root), article.blocks, s.start, s.end);
      if (!range) return;
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      const rect = range.getBoundingClientRect();
      const state = useGloss.getState();
      state.setPendingSelection({
        start: s.start,
        end: s.end,
        rect: { top: rect.top, left: rect.left, bottom: rect.bottom },
      });
      state.announce(`Selected: ${quoteOf(text, s)}. C claim, A assessment, F figure.`);
    };

    const goToSuggestion = (s: Suggestion | undefined, root: HTMLElement | null) => {
      const state = useGloss.getState();
      if (!s) {
        state.announce(data.visible.length ? 'No more suggestions this way.' : 'No suggestions.');
        return;
      }
      state.setCurrentSuggestion(rejectionKey(s));
      state.setCaret(s.start);
      if (root) reveal(container, root, article, s.start);
      state.announce(`${describeSuggestion(s)}: “${quoteOf(text, s)}”. Y accepts, X rejects.`);
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (typingInField(e.target)) return;
      const state = useGloss.getState();
      const root = readerRoot(container);
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key;

      // Suggestions, from anywhere but a text field.
      if (!mod && !e.altKey && state.showSuggestions) {
        const list = data.visible;
        const at = list.findIndex((s) => rejectionKey(s) === state.currentSuggestion);
        const current = at === -1 ? undefined : list[at];
        if (key === ']' || key === '[') {
          e.preventDefault();
          const from = current ? current.start : (state.caret ?? -1);
          const next =
            key === ']'
              ? list.find((s) => (current ? list.indexOf(s) > at : s.start > from))
              : [...list].reverse().find((s) => (current ? list.indexOf(s) < at : s.start < from));
          goToSuggestion(next, root);
          return;
        }
        if ((key === 'y' || key === 'Y' || key === 'x' || key === 'X') && !e.shiftKey && current) {
          e.preventDefault();
          const after = list[at + 1] ?? list[at - 1];
          state.setCurrentSuggestion(after ? rejectionKey(after) : null);
          if (key.toLowerCase() === 'y') void data.accept([current]);
          else void data.reject([current]);
          return;
        }
      }
      if (!mod && !e.altKey && (key === 'h' || key === 'H') && !e.shiftKey) {
        e.preventDefault();
        state.setShowSuggestions(!state.showSuggestions);
        state.announce(state.showSuggestions ? 'Suggestions hidden.' : 'Suggestions shown.');
        return;
      }

      // The caret, when the article text has the focus.
      if (!root || document.activeElement !== root || e.altKey) return;
      const first = () => {
        // The first paragraph on screen: where reading resumes.
        const view = container.getBoundingClientRect();
        const els = blockElements(root);
        const i = els.findIndex((el) => el.getBoundingClientRect().bottom > view.top + 20);
        return paragraphs[Math.max(0, i)]?.start ?? 0;
      };
      const caret = state.caret ?? first();
      const moveTo = (to: number | null, what: 'word' | 'sentence' | 'paragraph') => {
        e.preventDefault();
        if (to === null) return;
        const at = Math.max(0, Math.min(text.length, to));
        window.getSelection()?.removeAllRanges();
        state.setPendingSelection(null);
        state.setCaret(at);
        reveal(container, root, article, at);
        const span =
          what === 'word'
            ? { start: at, end: nextWordStart(text, at) }
            : (spanAt(what === 'sentence' ? sentences : paragraphs, at) ?? { start: at, end: at });
        state.announce(quoteOf(text, span));
      };
      const pending = state.pendingSelection;
      if (e.shiftKey && (key === 'ArrowRight' || key === 'ArrowLeft')) {
        e.preventDefault();
        const span =
          key === 'ArrowRight'
            ? extendByWord(text, pending, caret)
            : pending
              ? shrinkByWord(text, pending)
              : null;
        if (span) {
          select(span, root);
          state.setCaret(span.end);
        }
        return;
      }
      if (mod && (key === 'ArrowDown' || key === 'ArrowUp')) {
        moveTo(stepSpan(paragraphs, caret, key === 'ArrowDown' ? 1 : -1), 'paragraph');
      } else if (mod || e.shiftKey ? false : key === 'ArrowRight') {
        moveTo(nextWordStart(text, caret), 'word');
      } else if (!mod && !e.shiftKey && key === 'ArrowLeft') {
        moveTo(previousWordStart(text, caret), 'word');
      } else if (!mod && !e.shiftKey && (key === 'ArrowDown' || key === 'ArrowUp')) {
        moveTo(stepSpan(sentences, caret, key === 'ArrowDown' ? 1 : -1), 'sentence');
      } else if (!mod && (key === 'Home' || key === 'End')) {
        const p = spanAt(paragraphs, caret);
        if (p) moveTo(key === 'Home' ? p.start : p.end, 'word');
      } else if (!mod && (key === 's' || key === 'S')) {
        e.preventDefault();
        const sentence = spanAt(sentences, caret);
        if (!sentence) return;
        select(e.shiftKey ? clauseAt(text, sentence, caret) : sentence, root);
      }
    };
    // A click in the text puts the caret there (a drag selects, as before).
    const onMouseUp = (e: MouseEvent) => {
      const root = readerRoot(container);
      const sel = window.getSelection();
      if (!root || !sel || sel.rangeCount === 0 || !sel.isCollapsed || !root.contains(e.target as Node))
        return;
      const r = sel.getRangeAt(0);
      const at = domPointToOffset(root, article.blocks, r.startContainer, r.startOffset);
      if (at === null) return;
      const state = useGloss.getState();
      state.setCaret(at);
      // A click inside a suggested span makes it the current suggestion (its label offers
      // Accept and Reject); the innermost one wins.
      if (!state.showSuggestions || (e.target as HTMLElement).closest('mark[data-ids]')) return;
      const inside = data.visible
        .filter((s) => s.start <= at && s.end > at)
        .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
      if (inside) state.setCurrentSuggestion(rejectionKey(inside));
    };
    document.addEventListener('keydown', onKeyDown);
    container.addEventListener('mouseup', onMouseUp);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      container.removeEventListener('mouseup', onMouseUp);
    };
  }, [article, container, data]);
}
