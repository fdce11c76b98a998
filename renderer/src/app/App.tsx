import { lazy, Suspense, useEffect, useState, type DragEvent } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { AnnotationsPane } from '../features/annotations/AnnotationsPane';
import { useAnnotationKeys } from '../features/annotations/use-annotation-keys';
import { ExportButton, ExportFeature } from '../features/export/ExportFeature';
import { HeldReview } from '../features/import/HeldReview';
import { QdpxMappingDialog } from '../features/import/QdpxMapping';
import { HypothesisPreviewDialog } from '../features/import/HypothesisPreview';
import { ImportReview } from '../features/import/ImportReview';
import { ImportToolbar } from '../features/import/ImportToolbar';
import { PasteDialog } from '../features/import/PasteDialog';
import { useImportActions } from '../features/import/use-import';
import { usePasteImport } from '../features/import/use-paste';
import { LibraryPane } from '../features/library/LibraryPane';
import { ProjectFeature } from '../features/project/ProjectFeature';
import { ProjectToolbar } from '../features/project/ProjectToolbar';
import { ReaderPane } from '../features/reader/ReaderPane';
import { RevealPassage } from '../features/search/RevealPassage';
import { SearchBox } from '../features/search/SearchBox';
import { AnnotationsTable } from '../features/table/AnnotationsTable';
import { ViewSwitch } from '../features/table/ViewSwitch';
import { useReaderData } from '../features/reader/use-reader-data';
import { onMenu } from '../platform/gloss';
import { useGloss } from '../store';
import { Notices } from './Notices';

// The charting library loads only when the Overview is first shown, not at start-up.
const Overview = lazy(() => import('../features/overview/Overview').then((m) => ({ default: m.Overview })));

export function App() {
  const importActions = useImportActions();
  const { importFromDialog, importDropped, importPasted } = importActions;
  usePasteImport(importPasted);
  const notify = useGloss((s) => s.notify);
  const view = useGloss((s) => s.view);
  const [dragging, setDragging] = useState(false);
  const { article, anchored } = useReaderData();
  useAnnotationKeys(article, anchored);

  useEffect(
    () =>
      onMenu((command) => {
        if (command === 'import-articles') void importFromDialog();
        else if (command === 'export') useGloss.getState().openExport();
      }),
    [importFromDialog, notify],
  );

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

  return (
    <div
      className="app"
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        void importDropped(e.dataTransfer);
      }}
    >
      <header className="toolbar" role="toolbar" aria-label="Main">
        <span className="brand">Gloss</span>
        <ImportToolbar actions={importActions} />
        <ProjectToolbar />
        <ExportButton />
        <ViewSwitch />
        <SearchBox />
      </header>
      <Group orientation="horizontal" className="panes">
        <Panel id="library" defaultSize="22" minSize="14" maxSize="40">
          <LibraryPane onImport={() => void importFromDialog()} />
        </Panel>
        <Separator className="separator" />
        <Panel id="reader" minSize="30">
          {view === 'table' ? (
            <AnnotationsTable />
          ) : view === 'overview' ? (
            <Suspense fallback={<section className="pane overview" aria-label="Overview" aria-busy="true" />}>
              <Overview />
            </Suspense>
          ) : (
            <ReaderPane article={article} anchored={anchored} />
          )}
        </Panel>
        <Separator className="separator" />
        <Panel id="annotations" defaultSize="24" minSize="16" maxSize="40">
          <AnnotationsPane article={article} anchored={anchored} />
        </Panel>
      </Group>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop files to import them
        </div>
      )}
      <ImportReview />
      <HeldReview />
      <QdpxMappingDialog />
      <HypothesisPreviewDialog />
      <PasteDialog onImport={importPasted} />
      <ExportFeature />
      <ProjectFeature />
      <Notices />
      <RevealPassage />
    </div>
  );
}
