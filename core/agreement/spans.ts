/** A half-open character range `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Overlap of two spans divided by their union (0 when they do not touch, 1 when equal). */
export function spanJaccard(a: Span, b: Span): number {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (overlap <= 0) return 0;
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union === 0 ? 1 : overlap / union;
}

/**
 * Pairs spans of two analysts one-to-one, greedily by highest Jaccard overlap (ties: earlier
 * start first), keeping only pairs with Jaccard ≥ `minJaccard`.
 * @returns index pairs `[i, j, jaccard]` into `a` and `b`, in the order they were chosen.
 */
export function matchSpans(
  a: readonly Span[],
  b: readonly Span[],
  minJaccard: number,
): [number, number, number][] {
  const candidates: [number, number, number][] = [];
  // Both lists sorted by start would allow a sweep; per article the lists are small, so the plain
  // double loop is simpler and fast enough.
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const jac = spanJaccard(a[i]!, b[j]!);
      if (jac > 0 && jac >= minJaccard) candidates.push([i, j, jac]);
    }
  }
  candidates.sort(
    (x, y) =>
      y[2] - x[2] ||
      a[x[0]]!.start - a[y[0]]!.start ||
      b[x[1]]!.start - b[y[1]]!.start ||
      x[0] - y[0] ||
      x[1] - y[1],
  );
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out: [number, number, number][] = [];
  for (const c of candidates) {
    if (usedA.has(c[0]) || usedB.has(c[1])) continue;
    usedA.add(c[0]);
    usedB.add(c[1]);
    out.push(c);
  }
  return out;
}
