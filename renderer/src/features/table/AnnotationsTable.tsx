import { useStoreQuery } from '../../app/use-store-query';
import {
  memo,
  useCallback,
  useDeferredValue,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import {
  CHOICE_COLUMNS,
  NONE,
  columnValues,
  describeFilter,
  filterRows,
  isChoiceColumn,
  narrows,
  withColumn,
} from '../../../../core/filter';
import type { AnnotationFilter } from '../../../../core/model';
import { useFixedRows } from '../../app/fixed-rows';
import { db } from '../../db';
import { useGloss } from '../../store';
import { redoLast, undoLast } from '../annotations/actions';
import { clickSelection } from '../library/library-view';
import { BulkEdit } from './BulkEdit';
import { useTableRows } from './read-rows';
import { ReadingRows } from './ReadingRows';
import { SaveSet } from '../sets/SaveSet';
import { TABLE_COLUMNS, sortRows, type TableColumn, type TableRow, type TableSort } from './table-view';
import './table.css';

const LABEL: Record<TableColumn, string> = {
  article: 'Article',
  quote: 'Quote',
  kind: 'Kind',
  stance: 'Stance',
  credibility: 'Credibility',
  reliability: 'Reliability',
  tags: 'Tags',
  attribution: 'Attribution',
  author: 'Author',
  editor: 'Last changed by',
  date: 'Date',
};

function openInReader(row: TableRow): void {
  const s = useGloss.getState();
  s.setView('reader');
  s.selectArticle(row.articleId);
  s.selectAnnotation(row.id);
  s.revealPassage({ articleId: row.articleId, annotationId: row.id });
}

/**
 * Every annotation in the project: filter by any column, sort by clicking a header, select
 * rows (click, Ctrl/Cmd+click, Shift+click, Ctrl+A) and change their kind, stance or tags in
 * one undoable step. Enter or a double click opens the annotation in the reader.
 */
export function AnnotationsTable() {
  const { rows: all, progress } = useTableRows();
  const filter = useGloss((s) => s.tableFilter);
  const setFilter = useGloss((s) => s.setTableFilter);
  const activeSetId = useGloss((s) => s.activeSetId);
  const showSet = useGloss((s) => s.showSet);
  const activeSet = useStoreQuery(
    () => (activeSetId ? db.sets.get(activeSetId) : undefined),
    [activeSetId],
    ['sets'],
  );
  const [sort, setSort] = useState<TableSort>({ column: 'date', descending: true });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  // Typing in a filter stays responsive on a big table: the rows follow a moment later.
  const deferredFilter = useDeferredValue(filter);

  // Sorted once per sort order; a filter change then only filters (which keeps the order).
  const sorted = useMemo(() => (all ? sortRows(all, sort) : []), [all, sort]);
  const rows = useMemo(() => {
    const pinned = activeSet?.type === 'pinned' ? new Set(activeSet.annotationIds) : null;
    const base = pinned ? sorted.filter((r) => pinned.has(r.id)) : sorted;
    return filterRows(base, deferredFilter);
  }, [sorted, activeSet, deferredFilter]);

  // In the order of the rows; nothing to walk (200,000 rows on each filter change) when none is selected.
  const selectedIds = useMemo(
    () => (selected.size === 0 ? [] : rows.filter((r) => selected.has(r.id)).map((r) => r.id)),
    [rows, selected],
  );

  const choose = useCallback(
    (id: string, mods: { shift: boolean; toggle: boolean }) => {
      const next = clickSelection(
        rows.map((r) => r.id),
        selected,
        anchor,
        id,
        mods,
      );
      setSelected(next.selected);
      setAnchor(next.anchor);
    },
    [rows, selected, anchor],
  );

  const setColumn = (column: TableColumn, value: string) => {
    const next = withColumn(filter, column, value);
    if (next) setFilter(next);
  };
  const without = (...fields: (keyof AnnotationFilter)[]) => {
    const next = { ...filter };
    for (const f of fields) delete next[f];
    setFilter(next);
  };
  // What a set saved elsewhere (a colleague's file, the command line) may narrow by beyond the columns.
  const others = describeFilter({
    ...(filter.tags ? { tags: filter.tags } : {}),
    ...(filter.articleIds ? { articleIds: filter.articleIds } : {}),
    ...(filter.text ? { text: filter.text } : {}),
  });

  if (!all) return <ReadingRows label="Annotations table" className="table-view" progress={progress} />;
  return (
    <section className="pane table-view" aria-label="Annotations table">
      <header className="pane-header table-header">
        <h2>All annotations</h2>
        <span className="count">
          {rows.length === all.length
            ? all.length.toLocaleString()
            : `${rows.length.toLocaleString()} of ${all.length.toLocaleString()}`}
        </span>
        {activeSet && (
          <span className="set-chip">
            Set: {activeSet.name}
            <button
              type="button"
              className="icon"
              aria-label="Show all annotations"
              onClick={() => showSet(null, {})}
            >
              ×
            </button>
          </span>
        )}
        {filter.sources && filter.sources.length > 0 && (
          <span className="set-chip">
            Source: {filter.sources.map((s) => (s === '' || s === NONE ? 'none' : s)).join(' or ')}
            <button type="button" className="icon" aria-label="Any source" onClick={() => without('sources')}>
              ×
            </button>
          </span>
        )}
        {(filter.publishedFrom || filter.publishedTo) && (
          <span className="set-chip">
            Published {filter.publishedFrom || '…'} to {filter.publishedTo || '…'}
            <button
              type="button"
              className="icon"
              aria-label="Any published date"
              onClick={() => without('publishedFrom', 'publishedTo')}
            >
              ×
            </button>
          </span>
        )}
        {others && (
          <span className="set-chip">
            Also: {others}
            <button
              type="button"
              className="icon"
              aria-label="Drop these conditions"
              onClick={() => without('tags', 'articleIds', 'text')}
            >
              ×
            </button>
          </span>
        )}
        {narrows(filter) && (
          <button type="button" className="small" onClick={() => setFilter({})}>
            Clear filters
          </button>
        )}
        <span className="spacer" />
        <SaveSet filter={filter} selectedIds={selectedIds} />
      </header>
      <BulkEdit ids={selectedIds} onDone={() => setSelected(new Set())} />
      {all.length === 0 ? (
        <div className="empty-state" role="note">
          <p className="empty-title">No annotations yet</p>
          <p>Open an article in the Reader, select a passage and mark it as a claim, assessment or figure.</p>
        </div>
      ) : (
        <Grid
          rows={rows}
          filter={filter}
          onFilter={setColumn}
          sort={sort}
          onSort={setSort}
          selected={selected}
          onChoose={choose}
          onSelectAll={() => setSelected(new Set(rows.map((r) => r.id)))}
        />
      )}
    </section>
  );
}

interface GridProps {
  rows: TableRow[];
  filter: AnnotationFilter;
  onFilter(column: TableColumn, value: string): void;
  sort: TableSort;
  onSort(sort: TableSort): void;
  selected: ReadonlySet<string>;
  onChoose(id: string, mods: { shift: boolean; toggle: boolean }): void;
  onSelectAll(): void;
}

const rowId = (id: string) => `table-row-${id}`;
/** The value of a choice column's select while the filter holds several of its values. */
const SEVERAL = '*several*';
/** The height of a table row in pixels, as `.table-row` in table.css sets it. */
const ROW_HEIGHT = 34;

function Grid({ rows, filter, onFilter, sort, onSort, selected, onChoose, onSelectAll }: GridProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // Rows are all ROW_HEIGHT tall (table.css): the window in view is found by division, so a
  // filter change costs nothing here however many rows there are.
  const shown = useFixedRows(bodyRef, rows.length, ROW_HEIGHT, 12);
  const current = Math.min(active, rows.length - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const to = Math.max(0, Math.min(rows.length - 1, current + (e.key === 'ArrowDown' ? 1 : -1)));
      setActive(to);
      shown.scrollToIndex(to);
      if (e.shiftKey) onChoose(rows[to]!.id, { shift: true, toggle: false });
    } else if (e.key === ' ' && rows[current]) {
      e.preventDefault();
      onChoose(rows[current].id, { shift: e.shiftKey, toggle: true });
    } else if (e.key === 'Enter' && rows[current]) {
      e.preventDefault();
      openInReader(rows[current]);
    } else if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      onSelectAll();
    } else if (mod && (e.key.toLowerCase() === 'z' || e.key === 'y')) {
      // The same history as the reader's: a bulk edit is one step. Handled here only, not twice.
      e.preventDefault();
      e.stopPropagation();
      if (e.key === 'y' || e.shiftKey) void redoLast();
      else void undoLast();
    }
  };

  const onRowClick = useCallback(
    (index: number, id: string, e: MouseEvent) => {
      setActive(index);
      onChoose(id, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
    },
    [onChoose],
  );

  return (
    <div
      className="table-grid"
      role="grid"
      aria-label="Annotations"
      aria-multiselectable="true"
      aria-rowcount={rows.length + 2}
    >
      <div className="table-head" role="rowgroup">
        <div className="table-row head" role="row" aria-rowindex={1}>
          {TABLE_COLUMNS.map((c) => (
            <div
              key={c}
              role="columnheader"
              className={`cell col-${c}`}
              aria-sort={sort.column === c ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            >
              <button
                type="button"
                className="sort"
                title={LABEL[c]}
                onClick={() =>
                  onSort({ column: c, descending: sort.column === c ? !sort.descending : false })
                }
              >
                {LABEL[c]}
                {sort.column === c && <span aria-hidden="true">{sort.descending ? ' ▾' : ' ▴'}</span>}
              </button>
            </div>
          ))}
        </div>
        <div className="table-row filters" role="row" aria-rowindex={2}>
          {TABLE_COLUMNS.map((c) => {
            const values = columnValues(filter, c);
            return (
              <div key={c} role="gridcell" className={`cell col-${c}`}>
                {isChoiceColumn(c) ? (
                  <select
                    aria-label={`Filter ${LABEL[c]}`}
                    value={values.length > 1 ? SEVERAL : (values[0] ?? '')}
                    onChange={(e) => onFilter(c, e.target.value)}
                  >
                    <option value="">All</option>
                    {values.length > 1 && (
                      <option value={SEVERAL} disabled>
                        {values.map((v) => (v === NONE ? 'None' : v)).join(' or ')}
                      </option>
                    )}
                    {CHOICE_COLUMNS[c].map((v) => (
                      <option key={v} value={v}>
                        {v === '—' ? 'None' : v}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    type="search"
                    aria-label={`Filter ${LABEL[c]}`}
                    placeholder="Filter"
                    value={values[0] ?? ''}
                    onChange={(e) => onFilter(c, e.target.value)}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div
        className="table-body"
        role="rowgroup"
        ref={bodyRef}
        tabIndex={0}
        aria-label="Annotation rows"
        aria-activedescendant={rows[current] ? rowId(rows[current].id) : undefined}
        onKeyDown={onKeyDown}
      >
        {rows.length === 0 ? (
          <p className="empty-state" role="note">
            No annotation matches these filters.
          </p>
        ) : (
          <div style={{ height: shown.total, position: 'relative' }}>
            {rows.slice(shown.start, shown.end).map((row, i) => {
              const index = shown.start + i;
              return (
                <Row
                  key={row.id}
                  index={index}
                  top={index * ROW_HEIGHT}
                  row={row}
                  selected={selected.has(row.id)}
                  active={index === current}
                  onClick={onRowClick}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

const Row = memo(function Row({
  index,
  top,
  row,
  selected,
  active,
  onClick,
}: {
  index: number;
  top: number;
  row: TableRow;
  selected: boolean;
  active: boolean;
  onClick(index: number, id: string, e: MouseEvent): void;
}) {
  return (
    <div
      id={rowId(row.id)}
      role="row"
      aria-rowindex={index + 3}
      aria-selected={selected}
      className={`table-row kind-${row.cells.kind}-row${active ? ' active' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={(e) => {
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => onClick(index, row.id, e)}
      onDoubleClick={() => openInReader(row)}
    >
      {TABLE_COLUMNS.map((c) => (
        <div
          key={c}
          role="gridcell"
          className={`cell col-${c}`}
          title={c === 'quote' || c === 'article' ? row.cells[c] : undefined}
        >
          {row.cells[c]}
        </div>
      ))}
    </div>
  );
});
