import { useStoreQuery } from '../../app/use-store-query';
import { useState } from 'react';
import { RELIABILITY_GRADES, RELIABILITY_LABELS, type Reliability } from '../../../../core/model';
import { db } from '../../db';
import {
  EMPTY_FILTER,
  isFiltered,
  type LibraryFilter,
  type LibrarySort,
  type LibrarySortKey,
} from './library-view';

const SORTS: { key: LibrarySortKey; label: string }[] = [
  { key: 'imported', label: 'Import time' },
  { key: 'date', label: 'Date' },
  { key: 'title', label: 'Title' },
  { key: 'source', label: 'Source' },
  { key: 'annotations', label: 'Annotations' },
];

/** Sort order and filters of the library, folded away until opened. */
export function LibraryFilters({
  filter,
  onFilter,
  sort,
  onSort,
  sources,
}: {
  filter: LibraryFilter;
  onFilter(filter: LibraryFilter): void;
  sort: LibrarySort;
  onSort(sort: LibrarySort): void;
  sources: string[];
}) {
  const tags = useStoreQuery(() => db.tags.orderBy('name').primaryKeys(), [], ['tags']) ?? [];
  const [open, setOpen] = useState(false);
  const set = <K extends keyof LibraryFilter>(key: K, value: LibraryFilter[K]) =>
    onFilter({ ...filter, [key]: value });
  return (
    <div className="library-filters">
      <button
        type="button"
        className="link"
        aria-expanded={open}
        aria-controls="library-filter-grid"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Sort and filter
        {isFiltered(filter) && <span className="filter-on"> · filtered</span>}
      </button>
      {open && (
        <div
          className="filter-grid"
          id="library-filter-grid"
          role="group"
          aria-label="Sort and filter the library"
        >
          <label>
            Sort by
            <select
              value={sort.key}
              onChange={(e) => onSort({ ...sort, key: e.target.value as LibrarySortKey })}
            >
              {SORTS.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Order
            <select
              value={sort.descending ? 'desc' : 'asc'}
              onChange={(e) => onSort({ ...sort, descending: e.target.value === 'desc' })}
            >
              <option value="desc">Descending</option>
              <option value="asc">Ascending</option>
            </select>
          </label>
          <label>
            Source
            <select value={filter.source} onChange={(e) => set('source', e.target.value)}>
              <option value="">Any source</option>
              {sources.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Reliability
            <select
              value={filter.reliability}
              onChange={(e) => set('reliability', e.target.value as Reliability | 'ungraded' | '')}
            >
              <option value="">Any</option>
              {RELIABILITY_GRADES.map((g) => (
                <option key={g} value={g}>
                  {g} — {RELIABILITY_LABELS[g]}
                </option>
              ))}
              <option value="ungraded">Not graded</option>
            </select>
          </label>
          <label>
            Published from
            <input type="date" value={filter.from} onChange={(e) => set('from', e.target.value)} />
          </label>
          <label>
            to
            <input type="date" value={filter.to} onChange={(e) => set('to', e.target.value)} />
          </label>
          <label>
            Tag
            <select value={filter.tag} onChange={(e) => set('tag', e.target.value)}>
              <option value="">Any tag</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            Has annotations
            <select
              value={filter.hasAnnotations}
              onChange={(e) => set('hasAnnotations', e.target.value as LibraryFilter['hasAnnotations'])}
            >
              <option value="any">Any</option>
              <option value="yes">Annotated</option>
              <option value="no">Not annotated</option>
            </select>
          </label>
        </div>
      )}
      {isFiltered(filter) && (
        <button type="button" className="small" onClick={() => onFilter(EMPTY_FILTER)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
