import { describe, expect, it } from 'vitest';
import { TABLE_COLUMNS } from '../../../renderer/src/features/table/table-view';
import {
  DEFAULT_LAYOUT,
  gridTemplate,
  moveColumn,
  normalizeLayout,
  resizeColumn,
  shiftColumn,
  toggleColumn,
  visibleColumns,
} from '../../../renderer/src/features/table/columns';

describe('table column layout', () => {
  it('places every column in the default, and shows publication date, figure and Admiralty code', () => {
    expect([...DEFAULT_LAYOUT.order].sort()).toEqual([...TABLE_COLUMNS].sort());
    expect(visibleColumns(DEFAULT_LAYOUT)).toEqual(
      expect.arrayContaining(['published', 'figure', 'admiralty']),
    );
  });

  it('moves, hides and resizes columns', () => {
    const moved = moveColumn(DEFAULT_LAYOUT, 'date', 'article');
    expect(moved.order[0]).toBe('date');
    expect(shiftColumn(moved, 'date', 1).order.slice(0, 2)).toEqual(['article', 'date']);
    const hidden = toggleColumn(DEFAULT_LAYOUT, 'quote');
    expect(visibleColumns(hidden)).not.toContain('quote');
    expect(visibleColumns(toggleColumn(hidden, 'quote'))).toContain('quote');
    expect(resizeColumn(DEFAULT_LAYOUT, 'tags', 5).widths.tags).toBe(56);
    expect(resizeColumn(DEFAULT_LAYOUT, 'tags', 240.4).widths.tags).toBe(240);
  });

  it('never hides the last column shown', () => {
    let layout = DEFAULT_LAYOUT;
    for (const c of visibleColumns(DEFAULT_LAYOUT)) layout = toggleColumn(layout, c);
    expect(visibleColumns(layout)).toHaveLength(1);
  });

  it('lets the quote column take the room left over', () => {
    expect(gridTemplate(DEFAULT_LAYOUT)).toContain('minmax(320px, 1fr)');
  });

  it('restores a stored layout, dropping what it does not know and adding columns new since', () => {
    const restored = normalizeLayout({
      order: ['quote', 'article', 'bogus', 'quote'],
      hidden: ['article', 'bogus'],
      widths: { quote: 9999, article: 'wide' },
    });
    expect(restored.order.slice(0, 2)).toEqual(['quote', 'article']);
    expect([...restored.order].sort()).toEqual([...TABLE_COLUMNS].sort());
    expect(restored.hidden).toContain('article');
    expect(restored.hidden).toContain('editor');
    expect(restored.widths.quote).toBe(800);
    expect(restored.widths.article).toBe(DEFAULT_LAYOUT.widths.article);
  });

  it('falls back to the default for a damaged stored layout', () => {
    expect(normalizeLayout('nonsense')).toBe(DEFAULT_LAYOUT);
    expect(normalizeLayout({ order: 'x' })).toBe(DEFAULT_LAYOUT);
  });
});
