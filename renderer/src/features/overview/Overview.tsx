import { useStoreQuery } from '../../app/use-store-query';
import { useEffect, useMemo, useState } from 'react';
import { describeFilter } from '../../../../core/filter';
import type { AnnotationFilter } from '../../../../core/model';
import { db } from '../../db';
import { useGloss } from '../../store';
import { ReadingRows } from '../table/ReadingRows';
import { TableClient, useReadProgress } from '../table/table-client';
import type { OverviewData } from './aggregate';
import { narrowFilter, type BarTarget } from './narrow';
import { PeriodChart, SourceChart } from './OverviewCharts';
import './overview.css';

/**
 * The Overview's figures for a filter and pinned set, counted in the table's worker (which reads
 * every annotation there, with progress, and keeps them current from the change feed): the
 * window's thread never holds the project's annotations. Asked for again when the filter, the
 * set or the worker's rows change; the last figures stay while new ones are counted.
 */
function useOverview(
  filter: AnnotationFilter,
  pinned: readonly string[] | null,
): { figures: { data: OverviewData; all: number } | null; client: TableClient; error: string | null } {
  const [client] = useState(() => new TableClient(db));
  const [version, setVersion] = useState(0);
  const [figures, setFigures] = useState<{ data: OverviewData; all: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.open();
    const stop = client.onChanged(() => setVersion((v) => v + 1));
    return () => {
      stop();
      client.close();
    };
  }, [client]);
  useEffect(() => {
    let current = true;
    client.overview({ filter, pinned }).then(
      (next) => {
        if (!current) return;
        setFigures(next);
        setError(null);
      },
      (err: unknown) => {
        if (current) setError(client.error ?? (err instanceof Error ? err.message : String(err)));
      },
    );
    return () => {
      current = false;
    };
  }, [client, filter, pinned, version]);
  return { figures, client, error: error ?? client.error };
}

/**
 * How many of `count` charts to draw: the first once `ready`, then one more each frame, so that
 * no single task lays out all three (Recharts takes tens of milliseconds a chart).
 */
function useOneAFrame(count: number, ready: boolean): number {
  const [drawn, setDrawn] = useState(1);
  useEffect(() => {
    if (!ready || drawn >= count) return;
    const frame = requestAnimationFrame(() => setDrawn((n) => n + 1));
    return () => cancelAnimationFrame(frame);
  }, [ready, drawn, count]);
  return drawn;
}

/**
 * Charts of the annotations the table would list (the whole project, or the active set and the
 * table's filter): by kind and by stance per source, and by kind over publication date. A bar
 * opens the table narrowed to exactly its annotations.
 */
export function Overview() {
  const filter = useGloss((s) => s.tableFilter);
  const activeSetId = useGloss((s) => s.activeSetId);
  const activeSet = useStoreQuery(
    () => (activeSetId ? db.sets.get(activeSetId) : undefined),
    [activeSetId],
    ['sets'],
  );

  const pinnedIds = activeSet?.type === 'pinned' ? activeSet.annotationIds : null;
  // The set's ids as one string: a re-read of the same set asks the worker nothing new.
  const pinnedKey = pinnedIds ? pinnedIds.join('\n') : null;
  const pinned = useMemo(() => (pinnedKey === null ? null : pinnedKey.split('\n')), [pinnedKey]);
  const { figures, client, error } = useOverview(filter, pinned);
  const progress = useReadProgress(client);
  const drawn = useOneAFrame(3, figures !== null);

  const pick = (target: BarTarget) => {
    const s = useGloss.getState();
    s.setTableFilter(narrowFilter(s.tableFilter, target));
    s.setView('table');
  };

  const described = describeFilter(filter);
  const scope = activeSet
    ? `set “${activeSet.name}”${described ? `, filtered: ${described}` : ''}`
    : described
      ? `the table's filter: ${described}`
      : 'all annotations';
  const scoped = activeSet !== undefined || described !== '';

  if (!figures) {
    if (error)
      return (
        <section className="pane overview" aria-label="Overview">
          <p className="error" role="alert">
            The annotations could not be read: {error}
          </p>
        </section>
      );
    return <ReadingRows label="Overview" className="overview" progress={progress} />;
  }
  const { data, all } = figures;
  return (
    <section className="pane overview" aria-label="Overview">
      <header className="pane-header overview-header">
        <h2>Overview of {scope}</h2>
        <span className="count">
          {scoped ? `${data.total.toLocaleString()} of ${all.toLocaleString()}` : all.toLocaleString()}
        </span>
        {scoped && (
          <button
            type="button"
            className="small"
            onClick={() => {
              // Showing no set opens the Table; the overview stays in front.
              const st = useGloss.getState();
              st.showSet(null, {});
              st.setView('overview');
            }}
            title="Clear the set and the table's filter"
          >
            Show all annotations
          </button>
        )}
      </header>
      <div className="overview-body">
        {all === 0 ? (
          <div className="empty-state" role="note">
            <p className="empty-title">No annotations yet</p>
            <p>
              Open an article in the Reader, select a passage and mark it as a claim, assessment or figure;
              the overview then counts them by kind and stance, per source and over time.
            </p>
          </div>
        ) : data.total === 0 ? (
          <div className="empty-state" role="note">
            <p className="empty-title">No annotation matches this filter</p>
            <p>Show all annotations, or change the filter in the Table.</p>
          </div>
        ) : (
          <>
            <p className="overview-hint">
              Click a bar, or focus it with <kbd>Tab</kbd> and press <kbd>Enter</kbd>, to list its annotations
              in the Table.
            </p>
            <SourceChart data={data} by="kind" onPick={pick} />
            {drawn > 1 && <SourceChart data={data} by="stance" onPick={pick} />}
            {drawn > 2 && <PeriodChart data={data} onPick={pick} />}
          </>
        )}
      </div>
    </section>
  );
}
