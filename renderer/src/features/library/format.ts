// One formatter for every date: toLocaleDateString builds a new one per call, which a long list
// of articles pays for on every row.
let dateFormat: Intl.DateTimeFormat | null = null;

/** `2025-06-25` → `25 Jun 2025`, in the user's locale; empty when there is no date. */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  dateFormat ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  return dateFormat.format(d);
}

/** A compact length: `17,148 chars` → `17k chars`. */
export function formatChars(chars: number): string {
  return chars >= 10_000 ? `${Math.round(chars / 1000)}k chars` : `${chars.toLocaleString()} chars`;
}
