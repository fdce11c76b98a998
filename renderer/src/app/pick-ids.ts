/** What a selection asks a list's worker for (see {@link pickIds}). */
export interface PickIds {
  /** Only these ids, in the list's order. */
  among?: readonly string[];
  /** The rows from one id to the other, both included, whichever comes first. */
  between?: readonly [string, string];
}

/**
 * The ids of `rows` (in their order) that a selection asks for: those `among` the given ids, the
 * range `between` two ids (none when either is not in the list), or every row's.
 */
export function pickIds(rows: readonly { id: string }[], options: PickIds = {}): string[] {
  if (options.among) {
    const among = new Set(options.among);
    return rows.filter((r) => among.has(r.id)).map((r) => r.id);
  }
  if (options.between) {
    const [a, b] = options.between;
    const from = rows.findIndex((r) => r.id === a);
    const to = rows.findIndex((r) => r.id === b);
    if (from === -1 || to === -1) return [];
    return rows.slice(Math.min(from, to), Math.max(from, to) + 1).map((r) => r.id);
  }
  return rows.map((r) => r.id);
}
