/**
 * Every command of the application in one table: the native menu (main/menu.ts), the command
 * palette and the toolbar are all built from it, so a command's name, key and place are said
 * once. Pure data without dependencies: the sandboxed preload imports it through channels.ts.
 */

/** The menus of the menu bar, in order. */
export const COMMAND_MENUS = ['file', 'edit', 'view', 'annotate', 'tools', 'help'] as const;
export type CommandMenu = (typeof COMMAND_MENUS)[number];

export interface CommandSpec {
  readonly id: string;
  /** The menu item's label (title case, an ellipsis when it asks something first). */
  readonly label: string;
  readonly menu: CommandMenu;
  /** Items of one menu with different groups are separated by a line. */
  readonly group: number;
  /**
   * Electron accelerator syntax (`CmdOrCtrl+Shift+T`, or a single key such as `J`). The renderer
   * handles every key itself, so that the browser host and the palette behave like the menu;
   * the menu only shows it.
   */
  readonly key?: string;
  /** What it does, for tooltips and the palette. */
  readonly detail?: string;
}

export const COMMANDS = [
  {
    id: 'import-articles',
    label: 'Import Articles…',
    menu: 'file',
    group: 1,
    key: 'CmdOrCtrl+I',
    detail: 'Import articles: text, Markdown, saved web pages, PDF and Word files',
  },
  {
    id: 'import-folder',
    label: 'Import Folder…',
    menu: 'file',
    group: 1,
    detail: 'Import every article in a folder and its subfolders',
  },
  {
    id: 'paste-article',
    label: 'Paste as Article…',
    menu: 'file',
    group: 1,
    detail: 'Paste text or a web page as a new article (Ctrl+V anywhere outside a text field)',
  },
  {
    id: 'review-import',
    label: 'Review Last Import…',
    menu: 'file',
    group: 1,
    detail: 'See what the last import removed, and restore it',
  },
  {
    id: 'toggle-review-first',
    label: 'Review Imports Before Adding',
    menu: 'file',
    group: 1,
    detail: 'Show what an import would remove, and keep any of it, before the articles are stored',
  },
  {
    id: 'open-project',
    label: 'Open Project…',
    menu: 'file',
    group: 2,
    key: 'CmdOrCtrl+O',
    detail: 'Open a project file',
  },
  {
    id: 'merge-project',
    label: 'Import and Merge Project…',
    menu: 'file',
    group: 2,
    key: 'CmdOrCtrl+Shift+O',
    detail: 'Merge a colleague’s project file into your library, with a preview first',
  },
  {
    id: 'save-project-as',
    label: 'Save Project As…',
    menu: 'file',
    group: 2,
    key: 'CmdOrCtrl+S',
    detail: 'Save the library as a project file',
  },
  {
    id: 'team-sync',
    label: 'Team Sync…',
    menu: 'file',
    group: 2,
    detail: 'Sync the library with the team’s CouchDB server: connect, status, conflicts',
  },
  {
    id: 'export',
    label: 'Export…',
    menu: 'file',
    group: 3,
    key: 'CmdOrCtrl+E',
    detail: 'Export annotations as CSV, JSON, W3C annotations or a report',
  },
  {
    id: 'undo',
    label: 'Undo',
    menu: 'edit',
    group: 1,
    key: 'CmdOrCtrl+Z',
    detail: 'Undo the last change to the library',
  },
  {
    id: 'redo',
    label: 'Redo',
    menu: 'edit',
    group: 1,
    key: 'CmdOrCtrl+Shift+Z',
    detail: 'Redo the last change undone',
  },
  {
    id: 'find',
    label: 'Search Library…',
    menu: 'edit',
    group: 3,
    key: 'CmdOrCtrl+K',
    detail: 'Find words in titles, texts, passages, notes and tags',
  },
  {
    id: 'delete-articles',
    label: 'Delete Selected Articles…',
    menu: 'edit',
    group: 3,
    detail: 'Delete the articles selected in the library, with their annotations',
  },
  {
    id: 'open-trash',
    label: 'Trash…',
    menu: 'edit',
    group: 3,
    detail: 'Deleted articles, with their annotations, to restore',
  },
  {
    id: 'view-reader',
    label: 'Reader',
    menu: 'view',
    group: 1,
    key: 'CmdOrCtrl+1',
    detail: 'Read and annotate the chosen article',
  },
  {
    id: 'view-table',
    label: 'Annotations Table',
    menu: 'view',
    group: 1,
    key: 'CmdOrCtrl+Shift+T',
    detail: 'All annotations in a table',
  },
  {
    id: 'view-overview',
    label: 'Overview',
    menu: 'view',
    group: 1,
    key: 'CmdOrCtrl+Shift+G',
    detail: 'Charts of the annotations by kind and stance, per source and over time',
  },
  {
    id: 'toggle-library',
    label: 'Show or Hide Library',
    menu: 'view',
    group: 2,
    key: 'CmdOrCtrl+Alt+1',
    detail: 'Collapse or expand the library pane',
  },
  {
    id: 'toggle-annotations',
    label: 'Show or Hide Annotations Pane',
    menu: 'view',
    group: 2,
    key: 'CmdOrCtrl+Alt+2',
    detail: 'Collapse or expand the annotations pane',
  },
  {
    id: 'theme-system',
    label: 'Appearance: Follow System',
    menu: 'view',
    group: 3,
    detail: 'Light or dark as the operating system says',
  },
  { id: 'theme-light', label: 'Appearance: Light', menu: 'view', group: 3 },
  { id: 'theme-dark', label: 'Appearance: Dark', menu: 'view', group: 3 },
  {
    id: 'command-palette',
    label: 'Command Palette…',
    menu: 'view',
    group: 4,
    key: 'CmdOrCtrl+Shift+P',
    detail: 'Every command with its key',
  },
  {
    id: 'mark-claim',
    label: 'Mark as Claim',
    menu: 'annotate',
    group: 1,
    key: 'C',
    detail: 'Annotate the selected passage as a claim (or make the selected annotation one)',
  },
  { id: 'mark-assessment', label: 'Mark as Assessment', menu: 'annotate', group: 1, key: 'A' },
  { id: 'mark-figure', label: 'Mark as Figure', menu: 'annotate', group: 1, key: 'F' },
  { id: 'set-opinion', label: 'Opinion', menu: 'annotate', group: 2, key: 'O' },
  { id: 'set-reporting', label: 'Reporting', menu: 'annotate', group: 2, key: 'R' },
  { id: 'edit-note', label: 'Edit Note', menu: 'annotate', group: 3, key: 'N' },
  { id: 'edit-tags', label: 'Edit Tags', menu: 'annotate', group: 3, key: 'T' },
  { id: 'next-annotation', label: 'Next Annotation', menu: 'annotate', group: 4, key: 'J' },
  { id: 'previous-annotation', label: 'Previous Annotation', menu: 'annotate', group: 4, key: 'K' },
  { id: 'delete-annotation', label: 'Delete Annotation', menu: 'annotate', group: 5, key: 'Delete' },
  {
    id: 'agreement',
    label: 'Agreement Report…',
    menu: 'tools',
    group: 1,
    detail: 'Agreement between two analysts on the articles both annotated',
  },
  {
    id: 'change-analyst',
    label: 'Analyst…',
    menu: 'tools',
    group: 2,
    detail: 'Change the name stamped on your annotations',
  },
  {
    id: 'back-up-now',
    label: 'Back Up Now',
    menu: 'help',
    group: 1,
    detail: 'Write a backup of the library at once',
  },
  {
    id: 'restore-backup',
    label: 'Restore from Backup…',
    menu: 'help',
    group: 1,
    detail: 'Choose a backup to restore',
  },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

/** The spec of one command (every id is in the table). */
export function commandSpec(id: CommandId): CommandSpec {
  return COMMANDS.find((c) => c.id === id) as CommandSpec;
}
