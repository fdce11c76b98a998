import { useCallback } from 'react';
import { db } from '../../db';
import { BridgeError, pickFiles } from '../../platform/gloss';
import { useGloss } from '../../store';
import { describeImport, importFiles } from './import-files';
import type { ImportInput } from '../../../../core/importers';

export const IMPORT_FILTERS = [
  { name: 'Articles', extensions: ['txt', 'md', 'markdown'] },
  { name: 'All files', extensions: ['*'] },
];

/** The import actions of the UI: from the native dialog, and from files dropped on the window. */
export function useImportActions(): {
  importFromDialog: () => Promise<void>;
  importDropped: (files: FileList | File[]) => Promise<void>;
} {
  const notify = useGloss((s) => s.notify);
  const setProgress = useGloss((s) => s.setImportProgress);
  const selectArticle = useGloss((s) => s.selectArticle);

  const run = useCallback(
    async (inputs: ImportInput[], unread: { name: string; reason: string }[] = []) => {
      setProgress({ done: 0, total: inputs.length });
      performance.mark('gloss:import:start');
      try {
        const report = await importFiles(db, inputs, {
          onProgress: (done, total) => setProgress({ done, total }),
        });
        report.failed.unshift(...unread);
        const summary = describeImport(report);
        notify(summary.tone, summary.title, summary.details);
        const first = report.added[0];
        if (first) selectArticle(first.id);
        performance.mark('gloss:import:end');
      } finally {
        setProgress(null);
      }
    },
    [notify, setProgress, selectArticle],
  );

  const importFromDialog = useCallback(async () => {
    try {
      const picked = await pickFiles({ title: 'Import articles', multiple: true, filters: IMPORT_FILTERS });
      if (picked.canceled) return;
      await run(picked.files, picked.unread);
    } catch (err) {
      notify('error', 'Import failed', [err instanceof BridgeError ? err.message : String(err)]);
    }
  }, [notify, run]);

  const importDropped = useCallback(
    async (files: FileList | File[]) => {
      const inputs = await Promise.all(
        Array.from(files).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      if (inputs.length) await run(inputs);
    },
    [run],
  );

  return { importFromDialog, importDropped };
}
