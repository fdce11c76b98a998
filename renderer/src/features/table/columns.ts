import { z } from 'zod';
import { TABLE_COLUMNS, type TableColumn } from './table-view';

/** Column headers. */
export const COLUMN_LABEL: Record<TableColumn, string> = {
  article: 'Article',
  quote: 'Quote',
  kind: 'Kind',
  stance: 'Stance',
  credibility: 'Credibility',
  reliability: 'Reliability',
  tags: 'Tags',
  attribution: 'Attribution',
  author: 'Author',
  date: 'Annotated',
  published: 'Published',
  note: 'Note',
  figure: 'Figure',
  admiralty: 'Admiralty',
  editor: 'Last editor',
};

/** Widths in pixels; the quote column also takes whatever room is left. */
export const MIN_WIDTH = 56;
export const MAX_WIDTH = 800;

/** Where the columns stand, which are hidden, and how wide each is. */
export interface ColumnLayout {
  order: TableColumn[];
  hidden: TableColumn[];
  widths: Record<TableColumn, number>;
}

export const DEFAULT_LAYOUT: ColumnLayout = {
  order: [
    'article',
    'quote',
    'kind',
    'stance',
    'admiralty',
    'figure',
    'tags',
    'attribution',
    'published',
    'date',
    'note',
    'credibility',
    'reliability',
    'author',
    'editor',
  ],
  hidden: ['note', 'credibility', 'reliability', 'author', 'editor'],
  widths: {
    article: 200,
    quote: 320,
    kind: 108,
    stance: 108,
    credibility: 100,
    reliability: 100,
    tags: 130,
    attribution: 140,
    author: 120,
    date: 160,
    published: 120,
    note: 200,
    figure: 130,
    admiralty: 96,
    editor: 120,
  },
};

const column = z.enum(TABLE_COLUMNS);
const StoredLayout = z.object({
  order: z.array(z.string()),
  hidden: z.array(z.string()),
  widths: z.record(z.string(), z.unknown()),
});

const clampWidth = (w: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));

/**
 * A stored layout made safe to use: unknown columns dropped, columns it does not know (added
 * since) placed where the default puts them, widths clamped, at least one column shown.
 */
export function normalizeLayout(stored: unknown): ColumnLayout {
  const parsed = StoredLayout.safeParse(stored);
  if (!parsed.success) return DEFAULT_LAYOUT;
  const known = (names: string[]) =>
    [...new Set(names)].filter((n): n is TableColumn => column.safeParse(n).success);
  const order = known(parsed.data.order);
  for (const c of DEFAULT_LAYOUT.order) {
    if (order.includes(c)) continue;
    const at = DEFAULT_LAYOUT.order.indexOf(c);
    order.splice(Math.min(at, order.length), 0, c);
  }
  const storedNames = new Set(parsed.data.order);
  // A column new since the layout was stored is hidden or shown as the default says.
  const hidden = [
    ...known(parsed.data.hidden),
    ...DEFAULT_LAYOUT.hidden.filter((c) => !storedNames.has(c)),
  ].filter((c, i, all) => all.indexOf(c) === i);
  if (hidden.length >= order.length) hidden.length = 0;
  const widths = { ...DEFAULT_LAYOUT.widths };
  for (const c of TABLE_COLUMNS) {
    const w = parsed.data.widths[c];
    if (typeof w === 'number' && Number.isFinite(w)) widths[c] = clampWidth(w);
  }
  return { order, hidden, widths };
}

/** The columns shown, in order. */
export const visibleColumns = (layout: ColumnLayout): TableColumn[] =>
  layout.order.filter((c) => !layout.hidden.includes(c));

/** Shows or hides a column (the last one shown stays). */
export function toggleColumn(layout: ColumnLayout, c: TableColumn): ColumnLayout {
  if (layout.hidden.includes(c)) return { ...layout, hidden: layout.hidden.filter((h) => h !== c) };
  if (visibleColumns(layout).length <= 1) return layout;
  return { ...layout, hidden: [...layout.hidden, c] };
}

/** Moves a column to just before `before` (or to the end when null). */
export function moveColumn(layout: ColumnLayout, c: TableColumn, before: TableColumn | null): ColumnLayout {
  if (c === before) return layout;
  const order = layout.order.filter((o) => o !== c);
  const at = before === null ? order.length : order.indexOf(before);
  order.splice(at === -1 ? order.length : at, 0, c);
  return { ...layout, order };
}

/** Moves a column one place among the shown ones (−1 left, +1 right). */
export function shiftColumn(layout: ColumnLayout, c: TableColumn, step: -1 | 1): ColumnLayout {
  const shown = visibleColumns(layout);
  const i = shown.indexOf(c);
  const target = shown[i + step];
  if (i === -1 || !target) return layout;
  return moveColumn(layout, c, step === -1 ? target : (shown[i + 2] ?? null));
}

export function resizeColumn(layout: ColumnLayout, c: TableColumn, width: number): ColumnLayout {
  return { ...layout, widths: { ...layout.widths, [c]: clampWidth(width) } };
}

/** The grid's `grid-template-columns`: fixed widths, the quote column also taking the room left. */
export function gridTemplate(layout: ColumnLayout): string {
  return visibleColumns(layout)
    .map((c) => (c === 'quote' ? `minmax(${layout.widths[c]}px, 1fr)` : `${layout.widths[c]}px`))
    .join(' ');
}

/** The least width the shown columns need, in pixels. */
export const tableWidth = (layout: ColumnLayout): number =>
  visibleColumns(layout).reduce((sum, c) => sum + layout.widths[c], 0);

const STORAGE_KEY = 'gloss:table-columns';

/** The layout this profile keeps (the default when none, or when what is kept is damaged). */
export function loadLayout(): ColumnLayout {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? normalizeLayout(JSON.parse(raw)) : DEFAULT_LAYOUT;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function saveLayout(layout: ColumnLayout): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(layout));
  } catch {
    // Storage refused: the layout holds for this session.
  }
}
