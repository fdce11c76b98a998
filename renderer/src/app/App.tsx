import { lazy, Suspense, useEffect, useState, type DragEvent } from 'react';
import { Group, Panel, Separator, usePanelRef } from 'react-resizable-panels';
import { AnnotationsPane } from '../features/annotations/AnnotationsPane';
import { useAnnotationKeys } from '../features/annotations/use-annotation-keys';
import { CommandPalette } from '../features/commands/CommandPalette';
import { useAppCommands, useCommandKeys } from '../features/commands/use-commands';
import { ExportFeature } from '../features/export/ExportFeature';
import { HeldReview } from '../features/import/HeldReview';
import { QdpxMappingDialog } from '../features/import/QdpxMapping';
import { HypothesisPreviewDialog } from '../features/import/HypothesisPreview';
import { ImportReview } from '../features/import/ImportReview';
import { PasteDialog } from '../features/import/PasteDialog';
import { useImportActions } from '../features/import/use-import';
import { usePasteImport } from '../features/import/use-paste';
import { LibraryPane } from '../features/library/LibraryPane';
import { ProjectFeature } from '../features/project/ProjectFeature';
import { SyncFeature } from '../features/sync/SyncFeature';
import { ReaderPane } from '../features/reader/ReaderPane';
import { RevealPassage } from '../features/search/RevealPassage';
import { AnnotationsTable } from '../features/table/AnnotationsTable';
import { useReaderData } from '../features/reader/use-reader-data';
import { onMenu } from '../platform/gloss';
import { useGloss } from '../store';
import { Notices } from './Notices';
import { Toolbar } from './Toolbar';
import { useTheme } from './use-theme';

// The charting library loads only when the Overview is first shown, not at start-up.
const Overview = lazy(() => import('../features/overview/Overview').then((m) => ({ default: m.Overview })));

export function App() {
  const importActions = useImportActions();
  const { importDropped, importPasted } = importActions;
  usePasteImport(importPasted);
  useCommandKeys();
  useAppCommands(importActions);
  useTheme();
  const view = useGloss((s) => s.view);
  const [dragging, setDragging] = useState(false);
  const { article, anchored } = useReaderData();
  useAnnotationKeys(article, anchored);
  const libraryPanel = usePanelRef();
  const annotationsPanel = usePanelRef();

  // View › Show or Hide Library / Annotations Pane: the side panes collapse to nothing (a drag
  // on the separator brings them back too).
  useEffect(
    () =>
      onMenu((command) => {
        const panel =
          command === 'toggle-library'
            ? libraryPanel.current
            : command === 'toggle-annotations'
              ? annotationsPanel.current
              : null;
        if (!panel) return;
        if (panel.isCollapsed()) panel.expand();
        else panel.collapse();
      }),
    [libraryPanel, annotationsPanel],
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
      <Toolbar />
      <Group orientation="horizontal" className="panes">
        <Panel id="library" panelRef={libraryPanel} defaultSize="22" minSize="14" maxSize="40" collapsible>
          <LibraryPane onImport={() => void importActions.importFromDialog()} />
        </Panel>
        <Separator className="separator" />
        <Panel id="reader" minSize="30">
          <main className="main-view" aria-label="Main view">
            {view === 'table' ? (
              <AnnotationsTable />
            ) : view === 'overview' ? (
              <Suspense
                fallback={<section className="pane overview" aria-label="Overview" aria-busy="true" />}
              >
                <Overview />
              </Suspense>
            ) : (
              <ReaderPane article={article} anchored={anchored} />
            )}
          </main>
        </Panel>
        <Separator className="separator" />
        <Panel
          id="annotations"
          panelRef={annotationsPanel}
          defaultSize="24"
          minSize="16"
          maxSize="40"
          collapsible
        >
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
      <SyncFeature />
      <CommandPalette />
      <Notices />
      <RevealPassage />
    </div>
  );
}
