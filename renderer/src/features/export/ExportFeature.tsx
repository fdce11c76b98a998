import { useStoreQuery } from '../../app/use-store-query';
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { db } from '../../db';
import { useGloss } from '../../store';
import { ExportDialog, type ExportChoices } from './ExportDialog';
import { DEFAULT_CSV } from './formats';
import type { ScopeContext } from './scopes';
import { readTableScopes } from './table-scopes';

/** Ctrl+E (Cmd+E on macOS), the shortcut File › Export… shows, for hosts without that menu. */
export function isExportShortcut(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
) {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'e';
}

/** The export dialog with its shortcut; App mounts it once. */
export function ExportFeature() {
  const { open, close, openExport, articleId, annotationId } = useGloss(
    useShallow((s) => ({
      open: s.exportOpen,
      close: s.closeExport,
      openExport: s.openExport,
      articleId: s.selectedArticleId,
      annotationId: s.selectedAnnotationId,
    })),
  );
  const [choices, setChoices] = useState<ExportChoices>({
    format: 'csv',
    columns: [...DEFAULT_CSV.columns],
    bom: DEFAULT_CSV.bom,
    delimiter: ',',
  });
  const meta = useStoreQuery(
    () => (articleId ? db.articles.get(articleId) : undefined),
    [articleId],
    ['articles'],
  );

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!isExportShortcut(e)) return;
      e.preventDefault();
      openExport();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openExport]);

  const tableFilter = useGloss((s) => s.tableFilter);
  const tableScopes = useStoreQuery(
    () => (open ? readTableScopes(tableFilter) : undefined),
    [open, tableFilter],
    ['annotations', 'articles', 'sourceGrades', 'sets'],
  );
  const context: ScopeContext = useMemo(
    () => ({
      article: meta ? { id: meta.id, title: meta.title } : null,
      selectedAnnotationIds: annotationId ? [annotationId] : [],
      tableFilter: tableScopes?.filter ?? null,
      sets: tableScopes?.sets ?? [],
    }),
    [meta, annotationId, tableScopes],
  );
  if (!open) return null;
  return <ExportDialog context={context} choices={choices} setChoices={setChoices} onClose={close} />;
}

/** The toolbar's Export… button. */
export function ExportButton() {
  const openExport = useGloss((s) => s.openExport);
  return (
    <button
      type="button"
      onClick={openExport}
      aria-keyshortcuts="Control+E"
      title="Export annotations (Ctrl+E)"
    >
      Export…
    </button>
  );
}
