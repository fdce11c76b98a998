import { useStoreQuery } from '../../app/use-store-query';
import { useEffect, useMemo, useState } from 'react';
import type { Reliability } from '../../../../core/model';
import { db } from '../../db';
import type { ArticleMeta } from '../../db/db';
import {
  articleCounts,
  articlesTagged,
  sourceGrades,
  watchAnnotationCounts,
  watchAnnotationWrites,
  type KindCounts,
} from '../../db/library';
import { filterArticles, sortArticles, type LibraryFilter, type LibrarySort } from './library-view';

const NO_MAP = new Map<string, never>();

/** Articles the list reads first, newest first through the `importedAt` index (the default order). */
export const FIRST_ARTICLES = 100;

export interface LibraryData {
  /**
   * The stored articles (undefined while loading): at first only the newest
   * {@link FIRST_ARTICLES}, then every one (`complete`).
   */
  all: ArticleMeta[] | undefined;
  /** Whether `all` holds every article (a small library's first read already does). */
  complete: boolean;
  /** The articles shown: filtered and sorted. */
  shown: ArticleMeta[];
  counts: ReadonlyMap<string, KindCounts>;
  /**
   * False until every article's annotation counts are read. They are read only once a sort or
   * filter needs them (by annotations); until then the list counts the rows in view
   * ({@link useViewCounts}).
   */
  countsReady: boolean;
  sources: string[];
  grades: ReadonlyMap<string, Reliability>;
}

/** The library's articles, live from the database, filtered and sorted for display. */
export function useLibrary(filter: LibraryFilter, sort: LibrarySort): LibraryData {
  // The newest articles first, through the index (start-up shows these without reading every
  // article); then one getAll over the table (an ordered read of every article walks a cursor,
  // much slower on 10,000 articles), once the first page is on screen; the list is sorted in
  // memory then.
  const first = useStoreQuery(
    () => db.articles.orderBy('importedAt').reverse().limit(FIRST_ARTICLES).toArray(),
    [],
    ['articles'],
  );
  const small = first !== undefined && first.length < FIRST_ARTICLES;
  const [restWanted, setRestWanted] = useState(false);
  const firstShown = first !== undefined;
  useEffect(() => {
    if (!firstShown) return;
    const idle = requestIdleCallback(() => setRestWanted(true), { timeout: 300 });
    return () => cancelIdleCallback(idle);
  }, [firstShown]);
  const every = useStoreQuery<ArticleMeta[] | undefined>(
    () => (restWanted && !small ? db.articles.toArray() : undefined),
    [restWanted, small],
    ['articles'],
  );
  const complete = small || every !== undefined;
  const all = small ? first : (every ?? first);
  // Counting every article's annotations reads the whole annotation index (1,000,000 keys in a
  // large project): only for a sort or filter by annotations, and from then on in this window;
  // it starts once the list is on screen.
  const needsCounts = sort.key === 'annotations' || filter.hasAnnotations !== 'any';
  const [counting, setCounting] = useState(false);
  if (needsCounts && !counting) setCounting(true);
  const [countsWanted, setCountsWanted] = useState(false);
  const listed = all !== undefined;
  useEffect(() => {
    if (!listed) return;
    const idle = requestIdleCallback(() => setCountsWanted(true), { timeout: 500 });
    return () => cancelIdleCallback(idle);
  }, [listed]);
  // Counted in full once, then kept up to date by re-counting only the articles an edit touched
  // (a full re-count of 200,000 annotations after every edit would stall typing).
  const [counts, setCounts] = useState<ReadonlyMap<string, KindCounts>>();
  useEffect(() => {
    if (!countsWanted || !counting) return;
    return watchAnnotationCounts(db, (next) => setCounts(next));
  }, [countsWanted, counting]);
  const grades = useStoreQuery(() => sourceGrades(db), [], ['sourceGrades']);
  const tagged = useStoreQuery(
    () => (filter.tag ? articlesTagged(db, filter.tag) : Promise.resolve(null)),
    [filter.tag],
    ['annotations'],
  );
  const sources = useMemo(
    () =>
      [...new Set((all ?? []).map((a) => a.source).filter(Boolean))].sort((a, b) =>
        a.localeCompare(b, undefined, { sensitivity: 'base' }),
      ),
    [all],
  );
  const shown = useMemo(() => {
    if (!all) return [];
    const facts = { counts: counts ?? NO_MAP, grades: grades ?? NO_MAP, tagged: tagged ?? null };
    return sortArticles(filterArticles(all, filter, facts), sort, counts ?? NO_MAP);
  }, [all, counts, grades, tagged, filter, sort]);
  return {
    all,
    complete,
    shown,
    counts: counts ?? NO_MAP,
    countsReady: counts !== undefined,
    sources,
    grades: grades ?? NO_MAP,
  };
}

/**
 * The annotation counts of some articles (the rows in view), read from their annotations and
 * read again when a change touches one of them; the last counts stay while new ones are read.
 * Off (undefined) when `enabled` is false.
 */
export function useViewCounts(
  ids: readonly string[],
  enabled: boolean,
): ReadonlyMap<string, KindCounts> | undefined {
  const key = ids.join('\n');
  const [state, setState] = useState<ReadonlyMap<string, KindCounts>>();
  useEffect(() => {
    if (!enabled || !key) return;
    const list = key.split('\n');
    const mine = new Set(list);
    let stopped = false;
    // All of them at first and after a large change; then only the articles a write touched.
    const read = (ids: readonly string[]) =>
      void articleCounts(db, ids).then(
        (counts) => {
          if (!stopped) setState((had) => (had && ids !== list ? new Map([...had, ...counts]) : counts));
        },
        () => {},
      );
    read(list);
    const stop = watchAnnotationWrites(db, {
      patch: (written) => {
        const touched = [...new Set(written.map((w) => w.articleId))].filter((id) => mine.has(id));
        if (touched.length) read(touched);
      },
      reload: () => read(list),
    });
    return () => {
      stopped = true;
      stop();
    };
  }, [key, enabled]);
  return enabled ? state : undefined;
}
