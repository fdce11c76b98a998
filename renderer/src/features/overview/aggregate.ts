import { ANNOTATION_KINDS, type AnnotationKind, type Stance } from '../../../../core/model';
import { formatMonth, formatWeek } from '../../app/dates';

/** What the overview needs of a table row. */
export interface OverviewRow {
  articleId: string;
  /** The article's source, '' when it has none. */
  source: string;
  /** The article's published day (`YYYY-MM-DD`), '' when it has none. */
  published: string;
  annotation: { kind: AnnotationKind; stance: Stance | null };
}

export type StanceKey = Stance | 'none';
export const STANCE_KEYS: readonly StanceKey[] = ['opinion', 'reporting', 'none'];

export type KindCounts = Record<AnnotationKind, number>;
export type StanceCounts = Record<StanceKey, number>;

export interface SourceCounts {
  /** '' for articles without a source. */
  source: string;
  total: number;
  kinds: KindCounts;
  stances: StanceCounts;
}

export type TimeUnit = 'week' | 'month' | 'year';

export interface PeriodCounts {
  /** The period's first day, which also names it. */
  from: string;
  /** Its last day (inclusive). */
  to: string;
  label: string;
  total: number;
  kinds: KindCounts;
}

export interface OverviewData {
  total: number;
  /** Most annotations first; ties by name. */
  sources: SourceCounts[];
  unit: TimeUnit;
  /** Every period from the earliest published date to the latest, empty ones included. */
  periods: PeriodCounts[];
  /** Annotations on articles without a published date, and how many such articles. */
  undated: { annotations: number; articles: number };
}

const zeroKinds = (): KindCounts => ({ claim: 0, assessment: 0, figure: 0 });
const zeroStances = (): StanceCounts => ({ opinion: 0, reporting: 0, none: 0 });

const DAY_MS = 86_400_000;
/** Spans up to this many days are shown by week, up to {@link MONTH_SPAN_DAYS} by month, longer by year. */
export const WEEK_SPAN_DAYS = 92;
export const MONTH_SPAN_DAYS = 3 * 366;

const dayMs = (day: string): number =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The unit that keeps a span of published dates to a readable number of bars. */
export function chooseUnit(firstDay: string, lastDay: string): TimeUnit {
  const span = (dayMs(lastDay) - dayMs(firstDay)) / DAY_MS;
  return span <= WEEK_SPAN_DAYS ? 'week' : span <= MONTH_SPAN_DAYS ? 'month' : 'year';
}

/** The first day (ms, UTC) of the period of `unit` that holds `ms`; weeks start on Monday. */
function periodStart(ms: number, unit: TimeUnit): number {
  const d = new Date(ms);
  if (unit === 'year') return Date.UTC(d.getUTCFullYear(), 0, 1);
  if (unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return ms - ((d.getUTCDay() + 6) % 7) * DAY_MS;
}

function nextPeriod(start: number, unit: TimeUnit): number {
  const d = new Date(start);
  if (unit === 'year') return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  if (unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return start + 7 * DAY_MS;
}

function label(start: number, unit: TimeUnit): string {
  if (unit === 'year') return String(new Date(start).getUTCFullYear());
  return unit === 'month' ? formatMonth(start) : formatWeek(start);
}

const VALID_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Counts annotations for the overview's charts in one pass over the rows: by kind and by stance
 * per source, and by kind per week, month or year of the article's published date (the unit
 * chosen by the span of dates). Annotations on undated articles are counted apart. Only the
 * distinct days, not the rows, are walked a second time to group them into periods.
 */
export function aggregateOverview(rows: Iterable<OverviewRow>): OverviewData {
  const bySource = new Map<string, SourceCounts>();
  const byDay = new Map<string, KindCounts>();
  const undatedArticles = new Set<string>();
  let undated = 0;
  let total = 0;
  for (const row of rows) {
    total++;
    const { kind, stance } = row.annotation;
    let s = bySource.get(row.source);
    if (!s) {
      s = { source: row.source, total: 0, kinds: zeroKinds(), stances: zeroStances() };
      bySource.set(row.source, s);
    }
    s.total++;
    s.kinds[kind]++;
    s.stances[stance ?? 'none']++;
    if (VALID_DAY.test(row.published)) {
      let d = byDay.get(row.published);
      if (!d) {
        d = zeroKinds();
        byDay.set(row.published, d);
      }
      d[kind]++;
    } else {
      undated++;
      undatedArticles.add(row.articleId);
    }
  }

  const sources = [...bySource.values()].sort(
    (a, b) => b.total - a.total || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
  );
  const days = [...byDay.keys()].sort();
  const unit = days.length > 0 ? chooseUnit(days[0]!, days.at(-1)!) : 'month';
  const periods: PeriodCounts[] = [];
  if (days.length > 0) {
    const index = new Map<number, PeriodCounts>();
    const last = dayMs(days.at(-1)!);
    for (let start = periodStart(dayMs(days[0]!), unit); start <= last;) {
      const next = nextPeriod(start, unit);
      const period = {
        from: isoDay(start),
        to: isoDay(next - DAY_MS),
        label: label(start, unit),
        total: 0,
        kinds: zeroKinds(),
      };
      periods.push(period);
      index.set(start, period);
      start = next;
    }
    for (const [day, counts] of byDay) {
      const period = index.get(periodStart(dayMs(day), unit))!;
      for (const kind of ANNOTATION_KINDS) {
        period.kinds[kind] += counts[kind];
        period.total += counts[kind];
      }
    }
  }
  return { total, sources, unit, periods, undated: { annotations: undated, articles: undatedArticles.size } };
}
