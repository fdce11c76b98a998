import { useId, useMemo, type KeyboardEvent, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ANNOTATION_KINDS } from '../../../../core/model';
import type { STANCE_KEYS } from './aggregate';
import { type OverviewData, type PeriodCounts, type SourceCounts } from './aggregate';
import { sourceName } from '../../../../core/filter';
import type { BarTarget } from './narrow';

/** Sources beyond this many (the smallest) are summed up in words rather than drawn. */
export const MAX_SOURCES = 20;
/** Source names longer than this are shortened on the axis (the tooltip has them whole). */
const MAX_LABEL = 30;

type SeriesKey = (typeof ANNOTATION_KINDS)[number] | (typeof STANCE_KEYS)[number];
interface Series {
  key: SeriesKey;
  label: string;
  color: string;
}

/** A colour of the app's stylesheet, so that the charts use the highlights' kind colours. */
function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

function useSeries(by: 'kind' | 'stance'): Series[] {
  return useMemo(
    () =>
      by === 'kind'
        ? [
            { key: 'claim', label: 'Claim', color: cssColor('--claim', '#f2b13c') },
            { key: 'assessment', label: 'Assessment', color: cssColor('--assessment', '#6c8fd6') },
            { key: 'figure', label: 'Figure', color: cssColor('--figure', '#4caf7d') },
          ]
        : [
            { key: 'opinion', label: 'Opinion', color: cssColor('--error', '#b4232c') },
            { key: 'reporting', label: 'Reporting', color: '#4b5563' },
            { key: 'none', label: 'No stance', color: '#c9c5bc' },
          ],
    [by],
  );
}

/**
 * The legend lists the series in stacking order (Recharts sorts by name otherwise), with its
 * words in the text colour so that light series stay readable.
 */
function legendProps(series: Series[]) {
  return {
    verticalAlign: 'top' as const,
    height: 30,
    itemSorter: (item: { dataKey?: unknown }) => series.findIndex((s) => s.key === item.dataKey),
    labelStyle: { color: 'var(--text)' },
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** One point of a chart: its name on the axis, its counts per series, and what it stands for. */
type Point = { name: string; total: number; at: SourceCounts | PeriodCounts } & Partial<
  Record<SeriesKey, number>
>;

/**
 * The shape of a bar segment: a focusable button named by its category, series and count, so
 * that keyboard users (Enter or Space) and tests can choose it as a mouse user clicks it.
 */
function clickableBar(series: Series, onChoose: (point: Point) => void) {
  return function ClickableBar(props: {
    x?: number;
    y?: number;
    width?: number;
    height?: number;
    payload?: Point;
  }): ReactNode {
    const { x = 0, y = 0, width = 0, height = 0, payload } = props;
    const count = payload?.[series.key] ?? 0;
    if (!payload || count === 0) return null;
    const choose = () => onChoose(payload);
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        choose();
      }
    };
    return (
      <rect
        className="chart-bar"
        x={x}
        y={y}
        width={Math.max(width, 0)}
        height={Math.max(height, 0)}
        fill={series.color}
        role="button"
        tabIndex={0}
        aria-label={`${payload.name}, ${series.label}: ${count}`}
        onClick={choose}
        onKeyDown={onKeyDown}
      />
    );
  };
}

/**
 * One stacked bar per series (Recharts wants them as direct children of the chart, so this is
 * called, not rendered), each segment a {@link clickableBar} that reports its series and point.
 */
function stackedBars(
  series: Series[],
  onChoose: (series: Series, point: Point) => void,
  maxBarSize?: number,
) {
  return series.map((s) => (
    <Bar
      key={s.key}
      dataKey={s.key}
      name={s.label}
      stackId="counts"
      fill={s.color}
      isAnimationActive={false}
      {...(maxBarSize === undefined ? {} : { maxBarSize })}
      shape={clickableBar(s, (p) => onChoose(s, p))}
    />
  ));
}

/** A category tick that shortens a long name and keeps the whole of it as a hover title. */
function NameTick(props: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const full = String(props.payload?.value ?? '');
  const text = full.length > MAX_LABEL ? `${full.slice(0, MAX_LABEL - 1)}…` : full;
  return (
    <text x={props.x} y={props.y} dy={4} textAnchor="end" className="chart-tick">
      {text !== full && <title>{full}</title>}
      {text}
    </text>
  );
}

function ChartCard({ title, children, note }: { title: string; children: ReactNode; note?: ReactNode }) {
  const id = useId();
  return (
    <figure className="chart-card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
      {note && <figcaption className="chart-note">{note}</figcaption>}
    </figure>
  );
}

/** Stacked horizontal bars per source (most annotations on top), by kind or by stance. */
export function SourceChart({
  data,
  by,
  onPick,
}: {
  data: OverviewData;
  by: 'kind' | 'stance';
  onPick(target: BarTarget): void;
}) {
  const series = useSeries(by);
  const shown = data.sources.slice(0, MAX_SOURCES);
  const points: Point[] = shown.map((s) => ({
    name: sourceName(s.source),
    total: s.total,
    at: s,
    ...(by === 'kind' ? s.kinds : s.stances),
  }));
  const longest = Math.min(MAX_LABEL, Math.max(...points.map((p) => p.name.length)));
  const axisWidth = Math.max(70, Math.round(longest * 6.6) + 14);
  const rest = data.sources.slice(MAX_SOURCES);
  const restCount = rest.reduce((n, s) => n + s.total, 0);
  return (
    <ChartCard
      title={by === 'kind' ? 'Annotations by kind, per source' : 'Annotations by stance, per source'}
      note={
        rest.length > 0
          ? `The ${MAX_SOURCES} sources with the most annotations are shown; ${plural(rest.length, 'more source')} hold ${plural(restCount, 'annotation')}.`
          : undefined
      }
    >
      <ResponsiveContainer width="100%" height={points.length * 32 + 96}>
        <BarChart data={points} layout="vertical" margin={{ top: 4, right: 24, bottom: 22, left: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis
            type="number"
            allowDecimals={false}
            label={{ value: 'Annotations', position: 'insideBottom', offset: -14 }}
          />
          <YAxis type="category" dataKey="name" width={axisWidth} interval={0} tick={NameTick} />
          <Tooltip cursor={{ fill: 'rgba(47, 95, 179, 0.08)' }} />
          <Legend {...legendProps(series)} />
          {stackedBars(series, (s, p) => {
            const source = (p.at as SourceCounts).source;
            onPick(
              by === 'kind'
                ? { source, kind: s.key as (typeof ANNOTATION_KINDS)[number] }
                : { source, stance: s.key as (typeof STANCE_KEYS)[number] },
            );
          })}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** Stacked columns per week, month or year of publication, by kind; undated articles apart. */
export function PeriodChart({ data, onPick }: { data: OverviewData; onPick(target: BarTarget): void }) {
  const series = useSeries('kind');
  const points: Point[] = data.periods.map((p) => ({ name: p.label, total: p.total, at: p, ...p.kinds }));
  const { annotations, articles } = data.undated;
  const undated =
    annotations > 0
      ? `${plural(annotations, 'annotation')} on ${plural(articles, 'article')} without a published date ${annotations === 1 ? 'is' : 'are'} not in this chart.`
      : null;
  const slanted = points.length > 8;
  return (
    <ChartCard title={`Annotations by kind, per ${data.unit} of publication`} note={undated}>
      {points.length === 0 ? (
        <p className="chart-empty">No annotated article has a published date.</p>
      ) : (
        <ResponsiveContainer width="100%" height={slanted ? 330 : 300}>
          <BarChart data={points} margin={{ top: 4, right: 24, bottom: slanted ? 4 : 22, left: 8 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis
              dataKey="name"
              interval={0}
              angle={slanted ? -35 : 0}
              textAnchor={slanted ? 'end' : 'middle'}
              height={slanted ? 70 : 30}
              label={
                slanted
                  ? undefined
                  : { value: `Published (${data.unit})`, position: 'insideBottom', offset: -14 }
              }
            />
            <YAxis
              allowDecimals={false}
              width={56}
              label={{ value: 'Annotations', angle: -90, position: 'insideLeft', offset: 10 }}
            />
            <Tooltip cursor={{ fill: 'rgba(47, 95, 179, 0.08)' }} />
            <Legend {...legendProps(series)} />
            {stackedBars(
              series,
              (s, p) => {
                const period = p.at as PeriodCounts;
                onPick({
                  from: period.from,
                  to: period.to,
                  kind: s.key as (typeof ANNOTATION_KINDS)[number],
                });
              },
              64,
            )}
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
