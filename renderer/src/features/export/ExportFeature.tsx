import { useStoreQuery } from '../../app/use-store-query';
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { db } from '../../db';
import { useGloss } from '../../store';
import { ExportDialog, type ExportChoices } from './ExportDialog';
import { DEFAULT_CSV } from './formats';
import type { ScopeContext } from './scopes';
import { readTableScopes } from './table-scopes';

/** The export dialog; App mounts it once (File › Export…, Ctrl/Cmd+E, opens it). */
export function ExportFeature() {
  const { open, close, articleId, annotationId } = useGloss(
    useShallow((s) => ({
      open: s.exportOpen,
      close: s.closeExport,
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
