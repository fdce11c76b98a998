import type { Reliability } from '../../../../core/model';
import type { ArticleMeta } from '../../db/db';
import type { KindCounts } from '../../db/library';

export type { KindCounts };

export const NO_COUNTS: KindCounts = Object.freeze({ claim: 0, assessment: 0, figure: 0 });

export const totalOf = (c: KindCounts): number => c.claim + c.assessment + c.figure;

export type LibrarySortKey = 'date' | 'title' | 'source' | 'imported' | 'annotations';

export interface LibrarySort {
  key: LibrarySortKey;
  descending: boolean;
}

export const DEFAULT_SORT: LibrarySort = { key: 'imported', descending: true };

export interface LibraryFilter {
  /** Exact source name; '' for any. */
  source: string;
  /** Inclusive ISO dates (`YYYY-MM-DD`); '' for open. Undated articles fail a bounded range. */
  from: string;
  to: string;
  /** Only articles with at least one annotation carrying this tag (ids given by `tagged`). */
  tag: string;
  hasAnnotations: 'any' | 'yes' | 'no';
  /** Source reliability grade; 'ungraded' for sources with none; '' for any. */
  reliability: Reliability | 'ungraded' | '';
}

export const EMPTY_FILTER: LibraryFilter = {
  source: '',
  from: '',
  to: '',
  tag: '',
  hasAnnotations: 'any',
  reliability: '',
};

export function isFiltered(f: LibraryFilter): boolean {
  return (Object.keys(EMPTY_FILTER) as (keyof LibraryFilter)[]).some((k) => f[k] !== EMPTY_FILTER[k]);
}

export interface LibraryFacts {
  counts: ReadonlyMap<string, KindCounts>;
  /** Source name → grade. */
  grades: ReadonlyMap<string, Reliability>;
  /** Article ids that have an annotation with the filter's tag (only read when `tag` is set). */
  tagged: ReadonlySet<string> | null;
}

/** The articles that pass every part of the filter, in their given order. */
export function filterArticles(
  articles: readonly ArticleMeta[],
  f: LibraryFilter,
  facts: LibraryFacts,
): ArticleMeta[] {
  if (!isFiltered(f)) return articles.slice();
  return articles.filter((a) => {
    if (f.source && a.source !== f.source) return false;
    if (f.from || f.to) {
      const day = a.publishedAt?.slice(0, 10);
      if (!day) return false;
      if (f.from && day < f.from) return false;
      if (f.to && day > f.to) return false;
    }
    if (f.tag && !facts.tagged?.has(a.id)) return false;
    if (f.hasAnnotations !== 'any') {
      const has = totalOf(facts.counts.get(a.id) ?? NO_COUNTS) > 0;
      if (has !== (f.hasAnnotations === 'yes')) return false;
    }
    if (f.reliability) {
      const grade = facts.grades.get(a.source);
      if (f.reliability === 'ungraded' ? grade !== undefined : grade !== f.reliability) return false;
    }
    return true;
  });
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Sorts a copy. Ties (and, for dates, undated articles, which always come last) fall back to
 * the newest import first, so the order is stable from one render to the next.
 */
export function sortArticles(
  articles: readonly ArticleMeta[],
  sort: LibrarySort,
  counts: ReadonlyMap<string, KindCounts>,
): ArticleMeta[] {
  const dir = sort.descending ? -1 : 1;
  const byImport = (a: ArticleMeta, b: ArticleMeta) =>
    a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : a.id < b.id ? -1 : 1;
  const compare = (a: ArticleMeta, b: ArticleMeta): number => {
    switch (sort.key) {
      case 'date': {
        if (!a.publishedAt || !b.publishedAt) {
          if (a.publishedAt) return -1;
          if (b.publishedAt) return 1;
          return 0;
        }
        return a.publishedAt < b.publishedAt ? -dir : a.publishedAt > b.publishedAt ? dir : 0;
      }
      case 'title':
        return dir * collator.compare(a.title || a.fileName, b.title || b.fileName);
      case 'source':
        return dir * collator.compare(a.source, b.source);
      case 'imported':
        return a.importedAt < b.importedAt ? -dir : a.importedAt > b.importedAt ? dir : 0;
      case 'annotations':
        return dir * (totalOf(counts.get(a.id) ?? NO_COUNTS) - totalOf(counts.get(b.id) ?? NO_COUNTS));
    }
  };
  return articles.slice().sort((a, b) => compare(a, b) || byImport(a, b));
}

/**
 * The selection after a click on `id` at `index` of `order`: a plain click selects just it,
 * Ctrl/Cmd toggles it, Shift selects the range from the anchor (the last plain or Ctrl click).
 */
export function clickSelection(
  order: readonly string[],
  selected: ReadonlySet<string>,
  anchor: string | null,
  id: string,
  mods: { shift: boolean; toggle: boolean },
): { selected: Set<string>; anchor: string } {
  if (mods.shift && anchor !== null) {
    const from = order.indexOf(anchor);
    const to = order.indexOf(id);
    if (from !== -1 && to !== -1) {
      const [lo, hi] = from < to ? [from, to] : [to, from];
      const range = new Set(mods.toggle ? selected : []);
      for (let i = lo; i <= hi; i++) range.add(order[i]!);
      return { selected: range, anchor };
    }
  }
  if (mods.toggle) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return { selected: next, anchor: id };
  }
  return { selected: new Set([id]), anchor: id };
}
