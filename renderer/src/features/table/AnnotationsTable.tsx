import { useStoreQuery } from '../../app/use-store-query';
import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import {
  CHOICE_COLUMNS,
  NONE,
  columnValues,
  describeFilter,
  isChoiceColumn,
  narrows,
  withColumn,
} from '../../../../core/filter';
import type { AnnotationFilter } from '../../../../core/model';
import { formatDate, formatDateTime } from '../../app/dates';
import { useFixedRows } from '../../app/fixed-rows';
import { db } from '../../db';
import { useGloss } from '../../store';
import { BulkEdit } from './BulkEdit';
import { ColumnsMenu } from './ColumnsMenu';
import {
  COLUMN_LABEL,
  gridTemplate,
  loadLayout,
  MAX_WIDTH,
  MIN_WIDTH,
  moveColumn,
  resizeColumn,
  saveLayout,
  tableWidth,
  visibleColumns,
  type ColumnLayout,
} from './columns';
import { ReadingRows } from './ReadingRows';
import { useReadProgress, useTableWindow, type TableClient } from './table-client';
import { SaveSet } from '../sets/SaveSet';
import { useAwaiting } from '../sync/use-awaiting';
import type { TableColumn, TableRow, TableSort } from './table-view';
import './table.css';

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
 *
 * The rows live in the table's worker (`table-model.ts`): this component holds only the rows in
 * view, asks for others as the view scrolls, and asks the worker for ids to select.
 */
export function AnnotationsTable() {
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
  // Column order, visibility and widths, kept in this profile across restarts.
  const [layout, setLayout] = useState<ColumnLayout>(loadLayout);
  const changeLayout = useCallback((next: ColumnLayout) => {
    setLayout(next);
    saveLayout(next);
  }, []);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  // Typing in a filter stays responsive on a big table: the rows follow a moment later.
  const deferredFilter = useDeferredValue(filter);

  const pinned = activeSet?.type === 'pinned' ? activeSet.annotationIds : null;
  const query = useMemo(() => ({ filter: deferredFilter, sort, pinned }), [deferredFilter, sort, pinned]);
  const [range, setRange] = useState({ start: 0, end: 50 });
  const {
    client,
    window: win,
    readTotal,
    version,
    error,
  } = useTableWindow(db, query, range.start, range.end);
  const count = win ? (win.matched ?? Math.max(win.start + win.rows.length, readTotal ?? 0)) : 0;
  const rowAt = useCallback(
    (i: number): TableRow | undefined =>
      win && i >= win.start && i < win.start + win.rows.length ? win.rows[i - win.start] : undefined,
    [win],
  );

  // The selection as shown: the selected rows that pass the filters, in the table's order (the
  // worker narrows it once every row is read; before that only the rows read can be selected).
  const complete = win?.complete ?? false;
  const [narrowed, setNarrowed] = useState<string[] | null>(null);
  useEffect(() => {
    if (selected.size === 0 || !complete) return;
    let current = true;
    client.ids(query, { among: [...selected] }).then(
      (ids) => current && setNarrowed(ids),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [client, query, selected, version, complete]);
  const selectedIds = useMemo(() => {
    if (selected.size === 0 || !win) return [];
    if (!win.complete) return win.rows.filter((r) => selected.has(r.id)).map((r) => r.id);
    // The worker's answer for this very query and selection (until it comes: the last one).
    return narrowed?.filter((id) => selected.has(id)) ?? [];
  }, [selected, win, narrowed]);

  const choose = useCallback(
    (id: string, mods: { shift: boolean; toggle: boolean }) => {
      if (mods.shift && anchor !== null) {
        // The rows between the anchor and this one, in the table's order, from the worker.
        void client.ids(query, { between: [anchor, id] }).then((between) => {
          if (between.length === 0) return;
          const next = new Set(mods.toggle ? selected : []);
          for (const b of between) next.add(b);
          setSelected(next);
        });
        return;
      }
      if (mods.toggle) {
        const next = new Set(selected);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        setSelected(next);
      } else setSelected(new Set([id]));
      setAnchor(id);
    },
    [client, query, selected, anchor],
  );
  const selectAll = useCallback(() => {
    void client.ids(query).then((ids) => setSelected(new Set(ids)));
  }, [client, query]);

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

  if (!win) {
    if (error)
      return (
        <section className="pane table-view" aria-label="Annotations table">
          <p className="empty-state" role="alert">
            The annotations could not be read: {error}. Switch views and back to try again.
          </p>
        </section>
      );
    return <TableReading client={client} />;
  }
  const known = win.matched !== null && win.total !== null;
  return (
    <section className="pane table-view" aria-label="Annotations table">
      <header className="pane-header table-header">
        <h2>All annotations</h2>
        <span className="count" aria-busy={!known}>
          {!known ? (
            <ReadCount client={client} />
          ) : win.matched === win.total ? (
            win.total!.toLocaleString()
          ) : (
            `${win.matched!.toLocaleString()} of ${win.total!.toLocaleString()}`
          )}
        </span>
        {!win.complete && sort.column !== 'date' && (
          <span className="note" role="status">
            Sorted by {COLUMN_LABEL[sort.column].toLowerCase()} once every annotation is read
          </span>
        )}
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
        <ColumnsMenu layout={layout} onChange={changeLayout} />
      </header>
      <BulkEdit ids={selectedIds} onDone={() => setSelected(new Set())} />
      {win.total === 0 ? (
        <div className="empty-state" role="note">
          <p className="empty-title">No annotations yet</p>
          <p>Open an article in the Reader, select a passage and mark it as a claim, assessment or figure.</p>
        </div>
      ) : (
        <Grid
          layout={layout}
          onLayout={changeLayout}
          count={count}
          rowAt={rowAt}
          onRange={setRange}
          filter={filter}
          onFilter={setColumn}
          sort={sort}
          onSort={setSort}
          selected={selected}
          onChoose={choose}
          onSelectAll={selectAll}
        />
      )}
    </section>
  );
}

/** The table's place while its first rows are read, with the full read's progress. */
function TableReading({ client }: { client: TableClient }) {
  const progress = useReadProgress(client);
  return <ReadingRows label="Annotations table" className="table-view" progress={progress} />;
}

/** "Reading… n of N" in the header while the full read runs (only this is drawn per page). */
function ReadCount({ client }: { client: TableClient }) {
  const progress = useReadProgress(client);
  return (
    <>Reading… {progress ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}` : ''}</>
  );
}

interface GridProps {
  layout: ColumnLayout;
  onLayout(layout: ColumnLayout): void;
  /** How many rows the table has (those not read yet are left blank until they arrive). */
  count: number;
  rowAt(index: number): TableRow | undefined;
  /** Tells which rows are in view, so that those are asked for. */
  onRange(range: { start: number; end: number }): void;
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
const DRAG_TYPE = 'application/x-gloss-column';

/** A cell's text as shown: dates in the user's locale, the rest as stored. */
function display(row: TableRow, c: TableColumn): string {
  if (c === 'date') return formatDateTime(row.cells.date);
  if (c === 'published') return formatDate(row.cells.published);
  return row.cells[c];
}

function Grid({
  layout,
  onLayout,
  count,
  rowAt,
  onRange,
  filter,
  onFilter,
  sort,
  onSort,
  selected,
  onChoose,
  onSelectAll,
}: GridProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // Articles a team sync removed whose twin has not arrived: the annotations on them wait.
  const awaiting = useAwaiting();
  const waitingOn = new Set(awaiting.map((a) => a.articleId));
  // Rows are all ROW_HEIGHT tall (table.css): the window in view is found by division, so a
  // filter change costs nothing here however many rows there are.
  const shown = useFixedRows(bodyRef, count, ROW_HEIGHT, 12);
  const current = Math.min(active, count - 1);
  const columns = visibleColumns(layout);
  const template = gridTemplate(layout);
  const currentRow = rowAt(current);
  const currentId = currentRow?.id;
  useEffect(() => onRange({ start: shown.start, end: shown.end }), [onRange, shown.start, shown.end]);

  // The active row holds the keyboard focus (a roving tabindex): when the arrows move it, focus
  // follows once the row is drawn.
  useEffect(() => {
    const body = bodyRef.current;
    if (!currentId || !body?.contains(document.activeElement)) return;
    document.getElementById(rowId(currentId))?.focus({ preventScroll: true });
  }, [currentId, shown.start]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const to = Math.max(0, Math.min(count - 1, current + (e.key === 'ArrowDown' ? 1 : -1)));
      setActive(to);
      shown.scrollToIndex(to);
      const next = rowAt(to);
      if (e.shiftKey && next) onChoose(next.id, { shift: true, toggle: false });
    } else if (e.key === ' ' && currentRow) {
      e.preventDefault();
      onChoose(currentRow.id, { shift: e.shiftKey, toggle: true });
    } else if (e.key === 'Enter' && currentRow) {
      e.preventDefault();
      openInReader(currentRow);
    } else if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      onSelectAll();
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
      aria-rowcount={count + 2}
      aria-colcount={columns.length}
      style={{
        ['--table-columns' as string]: template,
        ['--table-width' as string]: `${tableWidth(layout)}px`,
      }}
    >
      <div className="table-head" role="rowgroup">
        <div className="table-row head" role="row" aria-rowindex={1}>
          {columns.map((c) => (
            <HeaderCell key={c} column={c} layout={layout} onLayout={onLayout} sort={sort} onSort={onSort} />
          ))}
        </div>
        <div className="table-row filters" role="row" aria-rowindex={2}>
          {columns.map((c) => {
            const values = columnValues(filter, c);
            return (
              <div key={c} role="gridcell" className={`cell col-${c}`}>
                {isChoiceColumn(c) ? (
                  <select
                    aria-label={`Filter ${COLUMN_LABEL[c]}`}
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
                    aria-label={`Filter ${COLUMN_LABEL[c]}`}
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
        aria-label="Annotation rows"
        ref={bodyRef}
        onKeyDown={onKeyDown}
      >
        {count === 0 ? (
          <div role="row">
            <p className="empty-state" role="gridcell">
              No annotation matches these filters. Change or clear the filters above.
            </p>
          </div>
        ) : (
          <div style={{ height: shown.total, position: 'relative' }}>
            {Array.from({ length: shown.end - shown.start }, (_, i) => {
              const index = shown.start + i;
              const row = rowAt(index);
              // A row not read yet stays blank until its block arrives from the worker.
              if (!row) return null;
              return (
                <Row
                  key={row.id}
                  index={index}
                  top={index * ROW_HEIGHT}
                  row={row}
                  columns={columns}
                  selected={selected.has(row.id)}
                  active={index === current}
                  waiting={waitingOn.has(row.articleId)}
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

/**
 * A column's header: its name sorts (click again to reverse); drag it onto another header to
 * move it there; drag its right edge, or focus the edge and press ←/→, to resize it.
 */
function HeaderCell({
  column: c,
  layout,
  onLayout,
  sort,
  onSort,
}: {
  column: TableColumn;
  layout: ColumnLayout;
  onLayout(layout: ColumnLayout): void;
  sort: TableSort;
  onSort(sort: TableSort): void;
}) {
  const [dropping, setDropping] = useState(false);
  const width = layout.widths[c];
  const startResize = (e: ReactPointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const startX = e.clientX;
    let last = layout;
    const move = (ev: PointerEvent) => {
      last = resizeColumn(layout, c, width + ev.clientX - startX);
      onLayout(last);
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      onLayout(last);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };
  return (
    <div
      role="columnheader"
      className={`cell col-${c}${dropping ? ' dropping' : ''}`}
      aria-sort={sort.column === c ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, c);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        setDropping(false);
        const moved = e.dataTransfer.getData(DRAG_TYPE) as TableColumn;
        if (moved) onLayout(moveColumn(layout, moved, c));
      }}
    >
      <button
        type="button"
        className="sort"
        title={`Sort by ${COLUMN_LABEL[c].toLowerCase()}; drag to move the column`}
        onClick={() => onSort({ column: c, descending: sort.column === c ? !sort.descending : false })}
      >
        {COLUMN_LABEL[c]}
        {sort.column === c && <span aria-hidden="true">{sort.descending ? ' ▾' : ' ▴'}</span>}
      </button>
      <div
        className="col-resize"
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize ${COLUMN_LABEL[c]} column`}
        aria-valuenow={width}
        aria-valuemin={MIN_WIDTH}
        aria-valuemax={MAX_WIDTH}
        tabIndex={0}
        onPointerDown={startResize}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
          e.preventDefault();
          onLayout(resizeColumn(layout, c, width + (e.key === 'ArrowRight' ? 16 : -16)));
        }}
      />
    </div>
  );
}

const Row = memo(function Row({
  index,
  top,
  row,
  columns,
  selected,
  active,
  waiting,
  onClick,
}: {
  index: number;
  top: number;
  row: TableRow;
  columns: TableColumn[];
  selected: boolean;
  active: boolean;
  /** Its article is on its way through Team Sync (removed before the copy kept arrived). */
  waiting: boolean;
  onClick(index: number, id: string, e: MouseEvent): void;
}) {
  return (
    <div
      id={rowId(row.id)}
      role="row"
      tabIndex={active ? 0 : -1}
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
      {columns.map((c) => {
        const text = display(row, c);
        // An annotation waiting for its article says so, rather than leave the cell blank.
        const says = waiting && c === 'article';
        return (
          <div
            key={c}
            role="gridcell"
            className={`cell col-${c}`}
            title={
              says
                ? 'Its article is on its way through Team Sync; the annotation moves onto it when it arrives (File › Team Sync…).'
                : c === 'quote' || c === 'article' || c === 'note'
                  ? text
                  : undefined
            }
          >
            {says ? <span className="cell-waiting">Waiting for its article</span> : text}
          </div>
        );
      })}
    </div>
  );
});
