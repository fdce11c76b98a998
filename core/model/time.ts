import { z } from 'zod';

/**
 * Dates and times as Gloss stores and exchanges them: ISO-8601 text that names a real calendar
 * day and time within a sane window. `Date.parse` accepts `2025-02-30` (as 2 March) and
 * JavaScript writes years past 9999 as `+010000-…`; both are refused here, so that no record can
 * carry a time that a later step cannot read or write back.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** The years a record time (created, updated, deleted, imported, saved) may fall in. */
export const TIMESTAMP_YEARS = { min: 1970, max: 2999 } as const;
/** The years a publication date may fall in (old documents are fine, far futures are not). */
export const DATE_YEARS = { min: 1000, max: 2999 } as const;

const daysIn = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/**
 * Why `text` is not a real ISO-8601 date (or date-time) with a year in `years`, or null when it
 * is one. A time needs hours and minutes; seconds, fractions and a zone are optional.
 */
export function isoDateProblem(
  text: string,
  years: { min: number; max: number } = DATE_YEARS,
  needTime = false,
): string | null {
  const m = ISO.exec(text);
  if (!m)
    return needTime
      ? 'expected an ISO-8601 date-time such as 2025-06-25T10:00:00Z'
      : 'expected an ISO-8601 date';
  const [, y, mo, d, h, mi, s, , zone, zh, zm] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (needTime && h === undefined) return 'expected a date with a time, such as 2025-06-25T10:00:00Z';
  if (month < 1 || month > 12) return `month ${mo} does not exist`;
  if (day < 1 || day > daysIn(year, month)) return `${y}-${mo} has no day ${d}`;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))) {
    return `${h}:${mi}${s === undefined ? '' : `:${s}`} is not a time of day`;
  }
  if (zone && zone !== 'Z' && (Number(zh) > 14 || Number(zm) > 59))
    return `${zone} is not a time zone offset`;
  if (year < years.min || year > years.max) return `the year ${y} lies outside ${years.min}–${years.max}`;
  return null;
}

/** An ISO-8601 date (`2025-06-25`) or date-time naming a real day, years 1000–2999. */
export const IsoDateSchema = z.string().superRefine((text, ctx) => {
  const problem = isoDateProblem(text, DATE_YEARS);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A record's time: an ISO-8601 date-time (or date) naming a real moment, years 1970–2999. */
export const TimestampSchema = z.string().superRefine((text, ctx) => {
  const problem = isoDateProblem(text, TIMESTAMP_YEARS);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
