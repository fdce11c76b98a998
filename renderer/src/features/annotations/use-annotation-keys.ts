import { useEffect } from 'react';
import type { Annotation, Article, AnnotationKind } from '../../../../core/model';
import { useGloss } from '../../store';
import {
  adjustBoundary,
  createAnnotation,
  editAnnotation,
  storedAnnotation,
  redoLast,
  removeAnnotation,
  undoLast,
} from './actions';
import type { Anchored } from './anchored';

const KIND_KEYS: Record<string, AnnotationKind> = { c: 'claim', a: 'assessment', f: 'figure' };

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.matches('input, textarea, select, [contenteditable="true"]');
}

/**
 * The reader's keyboard: C/A/F mark the selection; O/R stance; 1–6 credibility; N note; T tags;
 * J/K next and previous; Enter edits; Escape leaves; Delete deletes; Shift+Alt+←/→ move the end,
 * Shift+Alt+↑/↓ move the start; Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z (or Ctrl+Y) redo.
 */
export function useAnnotationKeys(article: Article | undefined, anchored: Anchored[]): void {
  useEffect(() => {
    if (!article) return;
    const onKeyDown = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const inField = typingInField(e.target);
      if (mod && !e.altKey && (e.key === 'z' || e.key === 'Z' || e.key === 'y')) {
        if (inField) return; // the field's own undo
        e.preventDefault();
        if (e.key === 'y' || e.shiftKey) void redoLast();
        else void undoLast();
        return;
      }
      if (inField || mod) return;
      const state = useGloss.getState();
      const pending = state.pendingSelection;
      const selected = anchored.find((a) => a.annotation.id === state.selectedAnnotationId);
      const key = e.key.toLowerCase();

      if (e.shiftKey && e.altKey && e.key.startsWith('Arrow') && selected && selected.status !== 'orphan') {
        e.preventDefault();
        const edge = e.key === 'ArrowLeft' || e.key === 'ArrowRight' ? 'end' : 'start';
        const direction = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1;
        void adjustBoundary(article, selected.annotation, selected, edge, direction);
        return;
      }
      if (e.altKey) return;
      if (pending && KIND_KEYS[key] && !e.shiftKey) {
        e.preventDefault();
        void createAnnotation(article, pending.start, pending.end, KIND_KEYS[key]);
        return;
      }
      if (key === 'j' || key === 'k') {
        if (anchored.length === 0) return;
        e.preventDefault();
        const index = selected ? anchored.indexOf(selected) : -1;
        const next =
          key === 'j'
            ? anchored[Math.min(anchored.length - 1, index + 1)]
            : anchored[index <= 0 ? 0 : index - 1];
        if (next) state.selectAnnotation(next.annotation.id);
        return;
      }
      if (e.key === 'Escape') {
        if (pending) {
          window.getSelection()?.removeAllRanges();
          state.setPendingSelection(null);
        } else state.selectAnnotation(null);
        return;
      }
      const id = state.selectedAnnotationId;
      if (!id) return;
      // The annotation just created may not have reached `anchored` yet: read it from the store.
      const current = async (): Promise<Annotation | undefined> =>
        selected?.annotation ?? (await storedAnnotation(id));
      const withAnnotation = (act: (a: Annotation) => Promise<void>) => {
        e.preventDefault();
        void current().then((a) => (a && !a.deletedAt ? act(a) : undefined));
      };
      if (key === 'o' || key === 'r') {
        const stance = key === 'o' ? 'opinion' : 'reporting';
        withAnnotation((a) =>
          editAnnotation(a, { stance: a.stance === stance ? null : stance }, 'Set stance'),
        );
      } else if (/^[1-6]$/.test(e.key)) {
        const credibility = Number(e.key) as 1 | 2 | 3 | 4 | 5 | 6;
        withAnnotation((a) =>
          editAnnotation(
            a,
            { credibility: a.credibility === credibility ? null : credibility },
            'Set credibility',
          ),
        );
      } else if (KIND_KEYS[key] && !e.shiftKey) {
        const kind = KIND_KEYS[key];
        withAnnotation((a) => editAnnotation(a, { kind }, 'Change kind'));
      } else if (key === 'n' || e.key === 'Enter') {
        e.preventDefault();
        state.requestFocus('note');
      } else if (key === 't') {
        e.preventDefault();
        state.requestFocus('tags');
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        withAnnotation((a) => removeAnnotation(a));
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [article, anchored]);
}
