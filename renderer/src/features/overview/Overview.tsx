import { useStoreQuery } from '../../app/use-store-query';
import { useMemo } from 'react';
import { describeFilter, filterRows } from '../../../../core/filter';
import { db } from '../../db';
import { useGloss } from '../../store';
import { useTableRows } from '../table/read-rows';
import { ReadingRows } from '../table/ReadingRows';
import { aggregateOverview } from './aggregate';
import { narrowFilter, type BarTarget } from './narrow';
import { PeriodChart, SourceChart } from './OverviewCharts';
import './overview.css';

/**
 * Charts of the annotations the table would list (the whole project, or the active set and the
 * table's filter): by kind and by stance per source, and by kind over publication date. A bar
 * opens the table narrowed to exactly its annotations.
 */
export function Overview() {
  const { rows: all, progress } = useTableRows();
  const filter = useGloss((s) => s.tableFilter);
  const activeSetId = useGloss((s) => s.activeSetId);
  const activeSet = useStoreQuery(
    () => (activeSetId ? db.sets.get(activeSetId) : undefined),
    [activeSetId],
    ['sets'],
  );

  const inScope = useMemo(() => {
    if (!all) return [];
    const pinned = activeSet?.type === 'pinned' ? new Set(activeSet.annotationIds) : null;
    return filterRows(pinned ? all.filter((r) => pinned.has(r.id)) : all, filter);
  }, [all, activeSet, filter]);
  const data = useMemo(() => aggregateOverview(inScope), [inScope]);

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

  if (!all) return <ReadingRows label="Overview" className="overview" progress={progress} />;
  return (
    <section className="pane overview" aria-label="Overview">
      <header className="pane-header overview-header">
        <h2>Overview of {scope}</h2>
        <span className="count">
          {scoped
            ? `${data.total.toLocaleString()} of ${all.length.toLocaleString()}`
            : all.length.toLocaleString()}
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
        {all.length === 0 ? (
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
            <SourceChart data={data} by="stance" onPick={pick} />
            <PeriodChart data={data} onPick={pick} />
          </>
        )}
      </div>
    </section>
  );
}
