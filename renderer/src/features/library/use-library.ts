import { useStoreQuery } from '../../app/use-store-query';
import { useEffect, useMemo, useState } from 'react';
import type { Reliability } from '../../../../core/model';
import { db } from '../../db';
import type { ArticleMeta } from '../../db/db';
import { articlesTagged, sourceGrades, watchAnnotationCounts, type KindCounts } from '../../db/library';
import { filterArticles, sortArticles, type LibraryFilter, type LibrarySort } from './library-view';

const NO_MAP = new Map<string, never>();

export interface LibraryData {
  /** Every stored article (undefined while loading). */
  all: ArticleMeta[] | undefined;
  /** The articles shown: filtered and sorted. */
  shown: ArticleMeta[];
  counts: ReadonlyMap<string, KindCounts>;
  /** False until the annotation counts are read (the list shows before them). */
  countsReady: boolean;
  sources: string[];
  grades: ReadonlyMap<string, Reliability>;
}

/** The library's articles, live from the database, filtered and sorted for display. */
export function useLibrary(filter: LibraryFilter, sort: LibrarySort): LibraryData {
  // One getAll over the table (an ordered read walks a cursor, much slower on 10,000 articles);
  // the list is sorted in memory anyway.
  const all = useStoreQuery(() => db.articles.toArray(), [], ['articles']);
  // Counting reads the whole annotation index: it starts once the list is on screen.
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
    if (!countsWanted) return;
    return watchAnnotationCounts(db, (next) => setCounts(next));
  }, [countsWanted]);
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
    shown,
    counts: counts ?? NO_MAP,
    countsReady: counts !== undefined,
    sources,
    grades: grades ?? NO_MAP,
  };
}
