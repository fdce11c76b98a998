import { useEffect } from 'react';
import type { MenuCommand } from '../../../../core/bridge';
import { onMenu, runCommand } from '../../platform/gloss';
import { useGloss } from '../../store';
import { redoLast, undoLast } from '../annotations/actions';
import type { ImportActions } from '../import/use-import';
import { undoLastStep } from '../project/actions';
import { isMac, keyedCommands, matchesKey } from './keys';

/** Whether the key press is typing into a field (whose own keys win). */
export function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.matches('input, textarea, select, [contenteditable="true"]');
}

// Keys with Ctrl/Cmd are the application's wherever focus is (except undo and redo in a field,
// which are the field's own); single keys belong to the reader (use-annotation-keys).
const MOD_COMMANDS = keyedCommands((c) => c.key?.includes('CmdOrCtrl') ?? false);

/**
 * One listener for the keys of the command table: a key press runs its command exactly as the
 * menu would (`runCommand`). A key a focused control already handled (default prevented) is left alone.
 */
export function useCommandKeys(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const redoAlias = (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'y';
      const command = redoAlias ? { id: 'redo' as const } : MOD_COMMANDS.find((c) => matchesKey(c.key, e));
      if (!command) return;
      if ((command.id === 'undo' || command.id === 'redo') && typingInField(e.target)) {
        // The field's own undo. On macOS that normally comes from the Edit menu's undo role,
        // which Gloss's Edit › Undo replaces, so the field is asked directly.
        if (isMac) {
          e.preventDefault();
          document.execCommand(command.id);
        }
        return;
      }
      e.preventDefault();
      runCommand(command.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** The application-wide commands: import, export, undo, appearance, the palette. */
export function useAppCommands(actions: ImportActions): void {
  const { importFromDialog } = actions;
  useEffect(
    () =>
      onMenu((command: MenuCommand) => {
        const s = useGloss.getState();
        switch (command) {
          case 'import-articles':
            return void importFromDialog();
          case 'import-folder':
            return void importFromDialog({ folders: true });
          case 'paste-article':
            return s.setPasteOpen(true);
          case 'review-import':
            if (s.lastImportIds.length > 0) s.openImportReview(s.lastImportIds);
            else s.notify('info', 'Nothing imported yet in this session: there is no import to review.');
            return;
          case 'toggle-review-first':
            s.setReviewBeforeAdding(!s.reviewBeforeAdding);
            return s.notify(
              'info',
              s.reviewBeforeAdding
                ? 'Imports are stored at once.'
                : 'Imports now stop for a review before anything is stored.',
            );
          case 'export':
            return s.openExport();
          case 'undo':
            return void undoLastStep(undoLast);
          case 'redo':
            return void redoLast();
          case 'command-palette':
            return s.setPaletteOpen(!s.paletteOpen);
          case 'theme-system':
            return s.setTheme('system');
          case 'theme-light':
            return s.setTheme('light');
          case 'theme-dark':
            return s.setTheme('dark');
          default:
            return undefined;
        }
      }),
    [importFromDialog],
  );
}
