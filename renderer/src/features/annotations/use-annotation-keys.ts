import { useEffect } from 'react';
import type { MenuCommand } from '../../../../core/bridge';
import type { Annotation, Article, AnnotationKind } from '../../../../core/model';
import { onMenu } from '../../platform/gloss';
import { useGloss } from '../../store';
import { keyedCommands, matchesKey } from '../commands/keys';
import { typingInField } from '../commands/use-commands';
import {
  adjustBoundary,
  createAnnotation,
  editAnnotation,
  storedAnnotation,
  removeAnnotation,
} from './actions';
import type { Anchored } from './anchored';

const KIND_COMMANDS: Partial<Record<MenuCommand, AnnotationKind>> = {
  'mark-claim': 'claim',
  'mark-assessment': 'assessment',
  'mark-figure': 'figure',
};

// The Annotate menu's single keys (C, A, F, O, R, N, T, J, K, Delete).
const READER_COMMANDS = keyedCommands((c) => c.menu === 'annotate');

/**
 * The reader's commands, from the Annotate menu, the palette or their keys: C/A/F mark the
 * selection (or change the selected annotation's kind); O/R stance; N (or Enter) note; T tags;
 * J/K next and previous; Delete deletes. Keys only: 1–6 credibility; Escape leaves;
 * Shift+Alt+←/→ move the end, Shift+Alt+↑/↓ the start.
 */
export function useAnnotationKeys(article: Article | undefined, anchored: Anchored[]): void {
  useEffect(() => {
    if (!article) return;
    const selectedAnchored = () => {
      const id = useGloss.getState().selectedAnnotationId;
      return anchored.find((a) => a.annotation.id === id);
    };
    /** Runs an Annotate command; false when it does not apply now (nothing selected…). */
    const run = (command: MenuCommand): boolean => {
      const state = useGloss.getState();
      const pending = state.pendingSelection;
      const selected = selectedAnchored();
      const kind = KIND_COMMANDS[command];
      if (kind && pending) {
        void createAnnotation(article, pending.start, pending.end, kind);
        return true;
      }
      if (command === 'next-annotation' || command === 'previous-annotation') {
        if (anchored.length === 0) return false;
        const index = selected ? anchored.indexOf(selected) : -1;
        const next =
          command === 'next-annotation'
            ? anchored[Math.min(anchored.length - 1, index + 1)]
            : anchored[index <= 0 ? 0 : index - 1];
        if (next) state.selectAnnotation(next.annotation.id);
        return true;
      }
      const id = state.selectedAnnotationId;
      if (!id) return false;
      // The annotation just created may not have reached `anchored` yet: read it from the store.
      const withAnnotation = (act: (a: Annotation) => Promise<void>) => {
        void (async () => {
          const a = selected?.annotation ?? (await storedAnnotation(id));
          if (a && !a.deletedAt) await act(a);
        })();
        return true;
      };
      if (kind) return withAnnotation((a) => editAnnotation(a, { kind }, 'Change kind'));
      if (command === 'set-opinion' || command === 'set-reporting') {
        const stance = command === 'set-opinion' ? 'opinion' : 'reporting';
        return withAnnotation((a) =>
          editAnnotation(a, { stance: a.stance === stance ? null : stance }, 'Set stance'),
        );
      }
      if (command === 'edit-note' || command === 'edit-tags') {
        state.requestFocus(command === 'edit-note' ? 'note' : 'tags');
        return true;
      }
      if (command === 'delete-annotation') return withAnnotation((a) => removeAnnotation(a));
      return false;
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || typingInField(e.target) || e.ctrlKey || e.metaKey) return;
      // Enter and Space on a focused button (an annotation in the list) press the button.
      if (e.target instanceof HTMLButtonElement && (e.key === 'Enter' || e.key === ' ')) return;
      const state = useGloss.getState();
      const selected = selectedAnchored();
      if (e.shiftKey && e.altKey && e.key.startsWith('Arrow') && selected && selected.status !== 'orphan') {
        e.preventDefault();
        const edge = e.key === 'ArrowLeft' || e.key === 'ArrowRight' ? 'end' : 'start';
        const direction = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1;
        void adjustBoundary(article, selected.annotation, selected, edge, direction);
        return;
      }
      if (e.altKey) return;
      if (e.key === 'Escape') {
        if (state.pendingSelection) {
          window.getSelection()?.removeAllRanges();
          state.setPendingSelection(null);
        } else state.selectAnnotation(null);
        return;
      }
      const id = state.selectedAnnotationId;
      if (id && /^[1-6]$/.test(e.key)) {
        e.preventDefault();
        const credibility = Number(e.key) as 1 | 2 | 3 | 4 | 5 | 6;
        void (async () => {
          const a = selected?.annotation ?? (await storedAnnotation(id));
          if (a && !a.deletedAt)
            await editAnnotation(
              a,
              { credibility: a.credibility === credibility ? null : credibility },
              'Set credibility',
            );
        })();
        return;
      }
      const command =
        e.key === 'Enter' && !e.shiftKey
          ? 'edit-note'
          : e.key === 'Backspace'
            ? 'delete-annotation'
            : READER_COMMANDS.find((c) => matchesKey(c.key, e))?.id;
      if (command && run(command)) e.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    const stopMenu = onMenu((command) => void run(command));
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      stopMenu();
    };
  }, [article, anchored]);
}
