import { useCallback } from 'react';
import type { ImportInput } from '../../../../core/importers';
import { db } from '../../db';
import { BridgeError, pickFiles } from '../../platform/gloss';
import { useGloss } from '../../store';
import { droppedFiles, readDropped } from './dropped-files';
import { describeImport, importFiles, type ImportOptions } from './import-files';
import { parseHtmlLean } from './parse-html';
import { pastedInput } from './pasted';
import { loadPdfjsInRenderer } from './pdfjs';
import { reviewSummary } from './review-summary';
import { warmSuggestions } from '../suggest/warm';

export const IMPORT_FILTERS = [
  {
    name: 'Articles and Gloss exports',
    extensions: ['txt', 'md', 'markdown', 'html', 'htm', 'xhtml', 'pdf', 'docx', 'json'],
  },
  { name: 'All files', extensions: ['*'] },
];

const IS_MAC = /^Mac/i.test(navigator.platform);

export interface ImportActions {
  /** File › Import articles…: the native open dialog (folders too, where the platform's dialog allows both). */
  importFromDialog: (options?: { folders?: boolean }) => Promise<void>;
  /** Files and folders dropped on the window. Call it from the drop handler itself. */
  importDropped: (data: DataTransfer | FileList | File[]) => Promise<void>;
  /** Text or HTML from the clipboard, imported as a new article. */
  importPasted: (clip: { html: string; text: string }) => Promise<void>;
}

/** The import actions of the UI: from the native dialog, files dropped on the window, and pastes. */
export function useImportActions(): ImportActions {
  const notify = useGloss((s) => s.notify);
  const setProgress = useGloss((s) => s.setImportProgress);
  const setCancel = useGloss((s) => s.setImportCancel);
  const setLastImportIds = useGloss((s) => s.setLastImportIds);
  const selectArticle = useGloss((s) => s.selectArticle);

  const run = useCallback(
    async (
      inputs: ImportInput[],
      unread: { name: string; reason: string }[] = [],
      override?: ImportOptions['override'],
    ) => {
      if (useGloss.getState().importProgress) {
        notify('warning', 'An import is already running', ['Wait for it to finish, or cancel it first.']);
        return;
      }
      const controller = new AbortController();
      setProgress({ done: 0, total: inputs.length, current: inputs[0]?.name });
      setCancel(() => {
        controller.abort();
        const p = useGloss.getState().importProgress;
        if (p) setProgress({ ...p, canceling: true });
      });
      performance.mark('gloss:import:start');
      const hold = useGloss.getState().reviewBeforeAdding;
      try {
        const report = await importFiles(db, inputs, {
          hold,
          signal: controller.signal,
          loadPdfjs: loadPdfjsInRenderer,
          parseHtml: parseHtmlLean,
          ...(override ? { override } : {}),
          onProgress: (done, total, next) =>
            setProgress({ done, total, current: next, canceling: controller.signal.aborted }),
        });
        report.failed.unshift(...unread);
        if (report.held?.length) {
          // Review before adding: the held articles wait in the review dialog; bad files are
          // reported now.
          useGloss.getState().setHeldArticles(report.held);
          if (report.failed.length) {
            notify(
              'warning',
              `${report.failed.length} file${report.failed.length === 1 ? '' : 's'} could not be read`,
              report.failed.map((f) => `${f.name}: ${f.reason}`),
            );
          }
          return;
        }
        const summary = describeImport(report);
        const review = reviewSummary(report.added);
        notify(summary.tone, summary.title, review ? [...summary.details, review] : summary.details);
        setLastImportIds(report.added.map((a) => a.id));
        void warmSuggestions(report.added.map((a) => a.id));
        const first = report.added[0];
        if (first) selectArticle(first.id);
        performance.mark('gloss:import:end');
      } finally {
        setProgress(null);
        setCancel(null);
      }
    },
    [notify, setProgress, setCancel, setLastImportIds, selectArticle],
  );

  const importFromDialog = useCallback(
    // Only macOS has an open dialog that picks files and folders at once; elsewhere asking for
    // folders shows a folder-only dialog, so there Import folder… asks for them separately.
    async (options: { folders?: boolean } = { folders: IS_MAC }) => {
      try {
        const picked = await pickFiles({
          title: options.folders ? 'Import a folder of articles' : 'Import articles',
          multiple: true,
          filters: IMPORT_FILTERS,
          ...(options.folders ? { folders: true } : {}),
        });
        if (picked.canceled) return;
        if (picked.files.length === 0 && picked.unread.length === 0) {
          notify('warning', 'Nothing to import', ['The folder you picked holds no files.']);
          return;
        }
        await run(picked.files, picked.unread);
      } catch (err) {
        notify('error', 'Import failed', [err instanceof BridgeError ? err.message : String(err)]);
      }
    },
    [notify, run],
  );

  const importDropped = useCallback(
    async (data: DataTransfer | FileList | File[]) => {
      // A DataTransfer must be read before the drop handler returns: droppedFiles does that first.
      const dropped =
        data instanceof DataTransfer ? await droppedFiles(data) : { files: Array.from(data), unread: [] };
      const { inputs, unread } = await readDropped(dropped);
      if (inputs.length || unread.length) await run(inputs, unread);
    },
    [run],
  );

  const importPasted = useCallback(
    async (clip: { html: string; text: string }) => {
      const input = pastedInput(clip);
      if (!input) {
        notify('warning', 'Nothing to paste', ['The clipboard holds no text.']);
        return;
      }
      await run([input], [], { format: 'paste', fileName: 'Pasted article' });
    },
    [notify, run],
  );

  return { importFromDialog, importDropped, importPasted };
}
