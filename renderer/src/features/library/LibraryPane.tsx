import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { db } from '../../db';
import type { ArticleMeta } from '../../db/db';
import type { KindCounts } from '../../db/library';
import type { LibraryQuery } from './library-model';
import {
  countForDeletion,
  describeDeletion,
  restoreFromTrash,
  trashArticles,
  type TrashEntry,
} from '../../db/trash';
import { onMenu } from '../../platform/gloss';
import { useGloss } from '../../store';
import { SetsList } from '../sets/SetsList';
import { useAwaiting } from '../sync/use-awaiting';
import { Trash2 } from 'lucide-react';
import { ConfirmDelete } from './ConfirmDelete';
import { TrashDialog } from './TrashDialog';
import { formatDate } from '../../app/dates';
import { formatChars } from './format';
import { LibraryFilters } from './LibraryFilters';
import { clickSelection, DEFAULT_SORT, EMPTY_FILTER, isFiltered, type LibraryFilter } from './library-view';
import { useLibraryList, useViewCounts, type LibraryClient } from './use-library';
import './library.css';
import { virtualPadding } from '../../app/virtual-padding';

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

export function LibraryPane({ onImport }: { onImport: () => void }) {
  const [filter, setFilter] = useState<LibraryFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState(DEFAULT_SORT);
  const query = useMemo(() => ({ filter, sort }), [filter, sort]);
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const list = useLibraryList(query, range[0], range[1]);
  const { client } = list;
  const waiting = useAwaiting().reduce((n, w) => n + w.annotations, 0);
  const openId = useGloss((s) => s.selectedArticleId);
  const selectArticle = useGloss((s) => s.selectArticle);
  const notify = useGloss((s) => s.notify);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<TrashEntry | null>(null);
  const [confirming, setConfirming] = useState<{ ids: string[]; label: string } | null>(null);
  const [trashOpen, setTrashOpen] = useState(false);
  // Stays true while the list's worker answers a new order or filter (the filters stay open).
  const loaded = list.ready;
  // What the list shows: every article passing the filter (known once counted).
  const shownCount = list.matched ?? list.window?.rows.length ?? 0;

  // The moment the library shows what is stored: benchmarks measure start-up to here.
  useEffect(() => {
    if (loaded && performance.getEntriesByName('gloss:interactive').length === 0) {
      requestAnimationFrame(() => performance.mark('gloss:interactive'));
    }
  }, [loaded]);

  // The open article counts as selected when nothing else is.
  const selection = useMemo(
    () => (selected.size > 0 ? selected : new Set(openId ? [openId] : [])),
    [selected, openId],
  );

  /** Ids of the articles shown (all, `among` some, or `between` two), from the list's worker. */
  const shownIds = useCallback(
    (options: { among?: string[]; between?: [string, string] } = {}) => {
      client.open();
      return client.ids(query, options);
    },
    [client, query],
  );

  const choose = useCallback(
    (id: string, mods: { shift: boolean; toggle: boolean }) => {
      const from = anchor ?? openId;
      if (mods.shift && from !== null) {
        // A range, in the list's order (the worker holds it): added to the selection with Ctrl.
        void shownIds({ between: [from, id] }).then(
          (range) => {
            // `range` is the order between the two (empty when either is not shown, which
            // clickSelection then treats as a plain or Ctrl click).
            const next = clickSelection(range, selection, from, id, mods);
            setSelected(next.selected);
            setAnchor(next.anchor);
          },
          (err: unknown) => notify('error', `The articles could not be listed: ${String(err)}`),
        );
        return;
      }
      const next = clickSelection([id], selection, null, id, mods);
      setSelected(next.selected);
      setAnchor(next.anchor);
      if (!mods.shift && !mods.toggle) selectArticle(id);
    },
    [selection, anchor, openId, selectArticle, shownIds, notify],
  );

  // Deleting asks first, naming what will go; what goes is kept in the trash (Edit › Trash…).
  const askToDelete = useCallback(async () => {
    if (selection.size === 0) return;
    try {
      const ids = await shownIds({ among: [...selection] });
      if (ids.length === 0) return;
      setConfirming({ ids, label: describeDeletion(await countForDeletion(db, ids)) });
    } catch (err) {
      notify('error', `The articles could not be counted: ${String(err)}`);
    }
  }, [selection, shownIds, notify]);

  const removeConfirmed = useCallback(async () => {
    if (!confirming) return;
    const { ids } = confirming;
    setConfirming(null);
    try {
      const entry = await trashArticles(db, ids);
      if (!entry) return;
      setDeleted(entry);
      setSelected(new Set());
      if (openId && ids.includes(openId)) selectArticle(null);
    } catch (err) {
      notify('error', `The articles could not be deleted: ${String(err)}`);
    }
  }, [confirming, openId, selectArticle, notify]);

  const undoDelete = useCallback(async () => {
    if (!deleted) return;
    try {
      const entry = await restoreFromTrash(db, deleted.id);
      notify('success', `Restored ${entry.label}`);
    } catch (err) {
      notify('error', err instanceof Error ? err.message : String(err));
    }
    setDeleted(null);
  }, [deleted, notify]);

  useEffect(
    () =>
      onMenu((command) => {
        if (command === 'delete-articles') void askToDelete();
        else if (command === 'open-trash') setTrashOpen(true);
      }),
    [askToDelete],
  );

  return (
    <section className="pane library" aria-label="Library">
      <header className="pane-header">
        <h2>Library</h2>
        {loaded && list.total !== 0 && (
          <span className="count" aria-busy={!list.complete}>
            {!list.complete || list.matched === null || list.total === null
              ? 'Reading…'
              : list.matched === list.total
                ? list.total.toLocaleString()
                : `${list.matched.toLocaleString()} of ${list.total.toLocaleString()}`}
          </span>
        )}
        <span className="spacer" />
        {selection.size > 0 && shownCount > 0 && (
          <button
            type="button"
            className="icon"
            onClick={() => void askToDelete()}
            aria-label={`Delete ${selection.size > 1 ? `${selection.size} articles` : 'article'}…`}
            title="Delete the selected articles and their annotations (Delete); they go to the trash"
          >
            <Trash2 size={15} aria-hidden="true" />
          </button>
        )}
      </header>
      {deleted && (
        <div className="library-undo" role="status">
          <span>Deleted {deleted.label}.</span>
          <button type="button" className="small" onClick={() => void undoDelete()}>
            Undo
          </button>
          <button type="button" className="small" onClick={() => setTrashOpen(true)}>
            Trash…
          </button>
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => setDeleted(null)}>
            ×
          </button>
        </div>
      )}
      {list.error && (
        <p className="error" role="alert">
          The library could not be read: {list.error}
        </p>
      )}
      {!loaded ? null : list.total === 0 ? (
        <div className="empty-state" role="note">
          <p className="empty-title">Your library is empty</p>
          <p>
            Import the articles you want to annotate: text and Markdown files, saved web pages, PDF and Word
            documents.
          </p>
          <button type="button" className="primary" onClick={onImport}>
            Import articles…
          </button>
          <p className="hint">
            Or drop files or folders anywhere on this window, or paste an article with <kbd>Ctrl</kbd>+
            <kbd>V</kbd>. Shortcut: <kbd>Ctrl</kbd>+<kbd>I</kbd>
          </p>
          {waiting > 0 && (
            <p className="hint">
              {waiting} annotation{waiting === 1 ? '' : 's'} of yours wait{waiting === 1 ? 's' : ''} for
              {waiting === 1 ? ' its' : ' their'} article to arrive through Team Sync (File › Team Sync…).
            </p>
          )}
        </div>
      ) : (
        <>
          <LibraryFilters
            filter={filter}
            onFilter={setFilter}
            sort={sort}
            onSort={setSort}
            sources={list.sources}
          />
          {list.matched === 0 ? (
            <div className="empty-state" role="note">
              <p className="empty-title">No article matches</p>
              {isFiltered(filter) && (
                <button type="button" onClick={() => setFilter(EMPTY_FILTER)}>
                  Clear filters
                </button>
              )}
            </div>
          ) : shownCount === 0 ? null : (
            <ArticleList
              window={list.window}
              count={shownCount}
              query={query}
              client={client}
              onRange={setRange}
              selection={selection}
              openId={openId}
              onChoose={choose}
              onSelectAll={() =>
                void shownIds().then(
                  (ids) => setSelected(new Set(ids)),
                  (err: unknown) => notify('error', `The articles could not be listed: ${String(err)}`),
                )
              }
              onDelete={() => void askToDelete()}
              onUndo={deleted ? () => void undoDelete() : null}
            />
          )}
        </>
      )}
      <SetsList />
      {confirming && (
        <ConfirmDelete
          label={confirming.label}
          onCancel={() => setConfirming(null)}
          onConfirm={() => void removeConfirmed()}
        />
      )}
      {trashOpen && <TrashDialog onClose={() => setTrashOpen(false)} />}
    </section>
  );
}

interface ListProps {
  /** The rows known, from `window.start` on. */
  window: { start: number; rows: ArticleMeta[] } | null;
  /** How many articles the list has (passing the filter). */
  count: number;
  query: LibraryQuery;
  client: LibraryClient;
  /** Told which rows are in view, `[start, end)`, as the list scrolls. */
  onRange(range: [number, number]): void;
  selection: ReadonlySet<string>;
  openId: string | null;
  onChoose(id: string, mods: { shift: boolean; toggle: boolean }): void;
  onSelectAll(): void;
  onDelete(): void;
  onUndo: (() => void) | null;
}

const optionId = (id: string) => `library-article-${id}`;

/**
 * The articles, virtualised (only the rows in view are in the document; the list's worker
 * sends the rows around them). The list itself holds the keyboard focus and points at the
 * active row with aria-activedescendant.
 */
function ArticleList({
  window,
  count,
  query,
  client,
  onRange,
  selection,
  openId,
  onChoose,
  onSelectAll,
  onDelete,
  onUndo,
}: ListProps) {
  // The scroll element wraps the list: padding on a scroll container itself would shrink the
  // size the virtualizer observes, and it would then render every row.
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<string | null>(null);
  const rowAt = useCallback(
    (index: number): ArticleMeta | undefined => (window ? window.rows[index - window.start] : undefined),
    [window],
  );
  const getItemKey = useCallback((index: number) => rowAt(index)?.id ?? `row-${index}`, [rowAt]);
  // eslint-disable-next-line react-hooks/incompatible-library -- rows re-render through their own memo
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 62,
    overscan: 10,
    // A stable key function: a new one each render makes the virtualizer re-measure every row.
    getItemKey,
  });
  const activeId = active ?? openId;
  const found = activeId && window ? window.rows.findIndex((a) => a.id === activeId) : -1;
  const activeIndex = found === -1 ? -1 : window!.start + found;

  /** The id of the row at `index` (asked of the list's worker when it is not in hand). */
  const idAt = async (index: number): Promise<string | undefined> =>
    rowAt(index)?.id ?? (await client.window(query, index, index + 1)).rows[0]?.id;

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const last = count - 1;
      const from = activeIndex === -1 ? (e.key === 'ArrowUp' ? last + 1 : -1) : activeIndex;
      const to =
        e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? last
            : Math.max(0, Math.min(last, from + (e.key === 'ArrowDown' ? 1 : -1)));
      const { shiftKey } = e;
      virtualizer.scrollToIndex(to, { align: 'auto' });
      void idAt(to).then(
        (id) => {
          if (!id) return;
          setActive(id);
          // Moving opens the article; Shift extends the selection instead; Ctrl only moves.
          if (!mod || shiftKey) onChoose(id, { shift: shiftKey, toggle: false });
        },
        () => {},
      );
    } else if (e.key === 'Enter' && activeId) {
      e.preventDefault();
      onChoose(activeId, { shift: false, toggle: false });
    } else if (e.key === ' ' && activeId) {
      // Space adds the active article to the selection or takes it out; Shift+Space a range.
      e.preventDefault();
      onChoose(activeId, { shift: e.shiftKey, toggle: true });
    } else if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      onSelectAll();
    } else if (e.key === 'Delete' || (e.key === 'Backspace' && mod)) {
      e.preventDefault();
      onDelete();
    } else if (mod && !e.shiftKey && e.key.toLowerCase() === 'z' && onUndo) {
      // Right after a deletion, Ctrl+Z in the library undoes it (annotation undo stays in the reader).
      e.preventDefault();
      e.stopPropagation();
      onUndo();
    }
  };

  const onRowChoose = useCallback(
    (id: string, e: MouseEvent) => {
      setActive(id);
      onChoose(id, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
    },
    [onChoose],
  );

  const rows = virtualizer.getVirtualItems();
  const viewStart = rows[0]?.index ?? 0;
  const viewEnd = (rows.at(-1)?.index ?? -1) + 1;
  useEffect(() => onRange([viewStart, viewEnd]), [onRange, viewStart, viewEnd]);
  // The rows in view are counted on their own, from index keys (the worker counts every article
  // only for a sort or filter by annotations).
  const inView = useMemo(
    () => rows.map((r) => rowAt(r.index)?.id).filter((id): id is string => id !== undefined),
    [rows, rowAt],
  );
  const viewCounts = useViewCounts(inView);
  const activeRow = activeIndex !== -1 ? rowAt(activeIndex) : undefined;
  return (
    <div className="article-scroll" ref={scrollRef}>
      <ul
        className="article-list"
        role="listbox"
        aria-label="Articles"
        aria-multiselectable="true"
        tabIndex={0}
        aria-activedescendant={activeRow ? optionId(activeRow.id) : undefined}
        onKeyDown={onKeyDown}
        style={virtualPadding(virtualizer)}
      >
        {rows.map((row) => {
          const a = rowAt(row.index);
          if (!a)
            return (
              <li
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={row.index}
                className="article-item placeholder"
                aria-hidden="true"
              />
            );
          return (
            <ArticleRow
              key={row.key}
              index={row.index}
              count={count}
              measure={virtualizer.measureElement}
              article={a}
              counts={viewCounts?.get(a.id) ?? null}
              selected={selection.has(a.id)}
              open={a.id === openId}
              active={a.id === activeId}
              onChoose={onRowChoose}
            />
          );
        })}
      </ul>
    </div>
  );
}

interface RowProps {
  index: number;
  count: number;
  measure(el: HTMLElement | null): void;
  article: ArticleMeta;
  counts: KindCounts | null;
  selected: boolean;
  open: boolean;
  active: boolean;
  onChoose(id: string, e: MouseEvent): void;
}

const ArticleRow = memo(function ArticleRow({
  index,
  count,
  measure,
  article: a,
  counts,
  selected,
  open,
  active,
  onChoose,
}: RowProps) {
  return (
    <li
      ref={measure}
      id={optionId(a.id)}
      data-index={index}
      aria-setsize={count}
      aria-posinset={index + 1}
      role="option"
      aria-selected={selected}
      aria-current={open ? 'true' : undefined}
      className={`article-item${active ? ' active' : ''}`}
      onMouseDown={(e) => {
        // Shift-click would otherwise select page text.
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => onChoose(a.id, e)}
    >
      <span className="article-title">{a.title || a.fileName}</span>
      <span className="article-meta">
        {[a.source, formatDate(a.publishedAt), formatChars(a.chars)].filter(Boolean).join(' · ')}
      </span>
      {counts && counts.claim + counts.assessment + counts.figure > 0 && (
        <span className="article-counts">
          {counts.claim > 0 && <span className="count-claim">{plural(counts.claim, 'claim')}</span>}
          {counts.assessment > 0 && (
            <span className="count-assessment">{plural(counts.assessment, 'assessment')}</span>
          )}
          {counts.figure > 0 && <span className="count-figure">{plural(counts.figure, 'figure')}</span>}
        </span>
      )}
    </li>
  );
});
