import {
  ClipboardPaste,
  Command,
  Download,
  FileInput,
  FolderInput,
  FolderOpen,
  GitMerge,
  ListChecks,
  PanelLeft,
  PanelRight,
  Save,
  Scale,
  type LucideIcon,
} from 'lucide-react';
import { commandSpec, type CommandId } from '../../../core/bridge';
import { AnalystButton } from '../features/analyst/AnalystGate';
import { ariaKey, commandTitle } from '../features/commands/keys';
import { ImportStatus } from '../features/import/ImportStatus';
import { SearchBox } from '../features/search/SearchBox';
import { ViewSwitch } from '../features/table/ViewSwitch';
import { runCommand } from '../platform/gloss';
import { useGloss } from '../store';
import { SyncStatusIndicator } from '../features/sync/SyncFeature';

/**
 * A toolbar button for a command of the table: its icon, its name (read by screen readers and
 * shown as the tooltip with the key), and the command run exactly as the menu runs it.
 */
export function CommandButton({
  id,
  name,
  icon: Icon,
  disabled,
  pressed,
}: {
  id: CommandId;
  name: string;
  icon: LucideIcon;
  disabled?: boolean;
  pressed?: boolean;
}) {
  const spec = commandSpec(id);
  return (
    <button
      type="button"
      className="tool"
      aria-label={name}
      title={commandTitle(spec)}
      aria-keyshortcuts={spec.key ? ariaKey(spec.key) : undefined}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={() => runCommand(id)}
    >
      <Icon size={16} strokeWidth={1.75} aria-hidden="true" />
    </button>
  );
}

/**
 * The main toolbar: one row of grouped icon buttons (import; project and export; tools), the view
 * switch always in the same place, then search and what changes (import progress, the last
 * import's review, who is annotating). Every button is a command of the menu and the palette.
 */
export function Toolbar() {
  const importing = useGloss((s) => s.importProgress !== null);
  const projectBusy = useGloss((s) => s.projectBusy);
  const reviewFirst = useGloss((s) => s.reviewBeforeAdding);
  return (
    <header className="toolbar" role="toolbar" aria-label="Main">
      <span className="brand">Gloss</span>
      <div className="tool-group" role="group" aria-label="Import">
        <CommandButton id="import-articles" name="Import…" icon={FileInput} disabled={importing} />
        <CommandButton id="import-folder" name="Import folder…" icon={FolderInput} disabled={importing} />
        <CommandButton
          id="paste-article"
          name="Paste as article…"
          icon={ClipboardPaste}
          disabled={importing}
        />
        <CommandButton
          id="toggle-review-first"
          name="Review before adding"
          icon={ListChecks}
          pressed={reviewFirst}
        />
      </div>
      <div className="tool-group" role="group" aria-label="Project">
        <CommandButton id="open-project" name="Open project…" icon={FolderOpen} disabled={!!projectBusy} />
        <CommandButton id="merge-project" name="Merge…" icon={GitMerge} disabled={!!projectBusy} />
        <CommandButton id="save-project-as" name="Save project…" icon={Save} disabled={!!projectBusy} />
        <CommandButton id="export" name="Export…" icon={Download} />
      </div>
      <div className="tool-group" role="group" aria-label="Tools">
        <CommandButton id="agreement" name="Agreement" icon={Scale} />
        <CommandButton id="command-palette" name="Command palette" icon={Command} />
      </div>
      <ViewSwitch />
      <div className="tool-group panes-group" role="group" aria-label="Panes">
        <CommandButton id="toggle-library" name="Show or hide the library" icon={PanelLeft} />
        <CommandButton id="toggle-annotations" name="Show or hide the annotations pane" icon={PanelRight} />
      </div>
      <SearchBox />
      <span className="spacer" />
      {projectBusy && (
        <span className="project-busy" role="status">
          {projectBusy}
        </span>
      )}
      <ImportStatus />
      <SyncStatusIndicator />
      <AnalystButton />
    </header>
  );
}
