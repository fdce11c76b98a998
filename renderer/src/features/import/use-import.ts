import { useCallback } from 'react';
import type { ImportInput } from '../../../../core/importers';
import { isQdpx, readQdpx } from '../../../../core/refi';
import { looksLikeHypothesis } from '../../../../core/hypothesis';
import { previewHypothesis } from './HypothesisPreview';
import { db } from '../../db';
import { BridgeError, pickFiles } from '../../platform/gloss';
import { useGloss } from '../../store';
import { previewMerge } from '../project/actions';
import { droppedFiles, readDropped } from './dropped-files';
import { describeImport, importFiles, type ImportOptions } from './import-files';
import { pastedInput } from './pasted';
import { loadPdfjsInRenderer } from './pdfjs';
import { reviewSummary } from './review-summary';
import { warmSuggestions } from '../suggest/warm';

export const IMPORT_FILTERS = [
  {
    name: 'Articles and Gloss exports',
    extensions: ['txt', 'md', 'markdown', 'html', 'htm', 'xhtml', 'pdf', 'docx', 'json', 'qdpx', 'qde'],
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
      unread: { name: string; reason: string; skipped?: boolean }[] = [],
      override?: ImportOptions['override'],
    ) => {
      // A REFI-QDA project is read now and waits for the mapping step (QdpxMapping.tsx).
      const projects = inputs.filter((f) => isQdpx(f.name, f.bytes));
      if (projects.length) {
        inputs = inputs.filter((f) => !projects.includes(f));
        const [first, ...more] = projects;
        try {
          useGloss.getState().setPendingQdpx({ name: first!.name, project: readQdpx(first!.bytes) });
        } catch (err) {
          unread = [
            ...unread,
            {
              name: first!.name,
              reason: `“${first!.name}”: ${err instanceof Error ? err.message : String(err)}`,
            },
          ];
        }
        for (const m of more) {
          unread = [
            ...unread,
            { name: m.name, reason: `“${m.name}”: import one REFI-QDA project at a time.` },
          ];
        }
        if (inputs.length === 0 && unread.length === 0) return;
      }
      // A Hypothesis export is matched onto the library and shown before anything is stored.
      const hypothesis = inputs.filter(
        (f) =>
          /\.json$/i.test(f.name) &&
          looksLikeHypothesis(new TextDecoder().decode(f.bytes.subarray(0, 65536))),
      );
      if (hypothesis.length) {
        inputs = inputs.filter((f) => !hypothesis.includes(f));
        try {
          useGloss.getState().setPendingHypothesis(await previewHypothesis(hypothesis[0]!));
        } catch (err) {
          unread = [
            ...unread,
            {
              name: hypothesis[0]!.name,
              reason: `“${hypothesis[0]!.name}”: ${err instanceof Error ? err.message : String(err)}`,
            },
          ];
        }
        for (const m of hypothesis.slice(1)) {
          unread = [
            ...unread,
            { name: m.name, reason: `“${m.name}”: import one Hypothesis export at a time.` },
          ];
        }
        if (inputs.length === 0 && unread.length === 0) return;
      }
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
          ...(override ? { override } : {}),
          onProgress: (done, total, next) =>
            setProgress({ done, total, current: next, canceling: controller.signal.aborted }),
        });
        report.failed.unshift(...unread.filter((u) => !u.skipped));
        const skipped = unread.filter((u) => u.skipped);
        if (skipped.length) (report.notArticles ??= []).unshift(...skipped);
        const exports = report.exports ?? [];
        if (report.held?.length) {
          // Review before adding: the held articles wait in the review dialog; bad files are
          // reported now, and Gloss exports (whose merge preview cannot open over the review)
          // are named so that they can be imported again.
          useGloss.getState().setHeldArticles(report.held);
          if (report.failed.length) {
            notify(
              'warning',
              `${report.failed.length} file${report.failed.length === 1 ? '' : 's'} could not be read`,
              report.failed.map((f) => `${f.name}: ${f.reason}`),
            );
          }
          if (exports.length) {
            notify('warning', `${exports.map((e) => `“${e.name}”`).join(', ')} not merged yet`, [
              'A Gloss export is merged through its own preview: import it again once the review is done.',
            ]);
          }
          if (report.notArticles?.length) {
            notify(
              'info',
              `Skipped ${report.notArticles.length} that ${report.notArticles.length === 1 ? 'is' : 'are'} not an article`,
              report.notArticles.map((f) => f.reason),
            );
          }
          return;
        }
        // A lone Gloss export needs no notice: the merge preview it opens says what it holds.
        const onlyExports =
          exports.length > 0 &&
          report.added.length + report.duplicates.length + report.failed.length === 0 &&
          !report.canceled;
        if (!onlyExports) {
          const summary = describeImport(report);
          const review = reviewSummary(report.added);
          notify(summary.tone, summary.title, review ? [...summary.details, review] : summary.details);
        }
        setLastImportIds(report.added.map((a) => a.id));
        void warmSuggestions(report.added.map((a) => a.id));
        const first = report.added[0];
        if (first) selectArticle(first.id);
        performance.mark('gloss:import:end');
        // A Gloss JSON export is merged as a colleague's project is: through the merge preview,
        // one file at a time.
        const [next, ...later] = exports;
        if (later.length) {
          notify(
            'warning',
            `Merge one Gloss export at a time: ${later.map((e) => `“${e.name}”`).join(', ')} ${later.length === 1 ? 'was' : 'were'} not merged`,
            ['Import each of them again once this merge is done.'],
          );
        }
        if (next) await previewMerge(next.name, next.doc);
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
