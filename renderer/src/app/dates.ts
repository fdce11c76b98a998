/**
 * The one way dates are written in the interface, in the user's locale: a day (`25 Jun 2025`,
 * `Jun 25, 2025`…), a moment (the day and the local time), a week (`23–29 Jun 2025`) and a
 * month. Each formatter is built once: a long list pays for one per row otherwise.
 */

let dayFormat: Intl.DateTimeFormat | null = null;
let momentFormat: Intl.DateTimeFormat | null = null;
let monthFormat: Intl.DateTimeFormat | null = null;

/** The instant a stored date stands for: a bare day (`2025-06-25`) is that day, in UTC. */
function toDate(iso: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
}

/**
 * A day (a publication date): `2025-06-25` → `25 Jun 2025` in the user's locale; empty when
 * there is none. Read in UTC, so that the day stored is the day shown wherever the reader is.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = toDate(iso);
  if (Number.isNaN(d.getTime())) return iso;
  dayFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  return dayFormat.format(d);
}

/** A moment (an annotation's time, a backup's): the day and the time, in the user's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = toDate(iso);
  if (Number.isNaN(d.getTime())) return iso;
  momentFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return momentFormat.format(d);
}

/** The week starting on the Monday `startMs` (UTC): its seven days as a range, `23–29 Jun 2025`. */
export function formatWeek(startMs: number): string {
  dayFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  return dayFormat.formatRange(new Date(startMs), new Date(startMs + 6 * 86_400_000));
}

/** A month (UTC): `Jun 2025`. */
export function formatMonth(startMs: number): string {
  monthFormat ??= new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return monthFormat.format(new Date(startMs));
}
