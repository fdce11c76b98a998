/**
 * Cohen's kappa of two raters over the same items: `(po − pe) / (1 − pe)`, where `po` is the
 * observed agreement and `pe` the agreement expected from each rater's own category frequencies.
 * @param pairs - One `[raterA, raterB]` category pair per item.
 * @returns kappa, or `null` when there are no items or chance agreement is already total
 * (both raters always used one and the same category), where kappa is undefined.
 */
export function cohenKappa(pairs: readonly (readonly [string, string])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    if (x === y) agree++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [c, count] of a) pe += (count / n) * ((b.get(c) ?? 0) / n);
  if (pe === 1) return null;
  return (po - pe) / (1 - pe);
}

/** The level of measurement Krippendorff's alpha assumes, which sets its difference function. */
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

/**
 * Krippendorff's alpha for any number of coders, with missing values, following Krippendorff
 * (2011), "Computing Krippendorff's alpha-reliability": a coincidence matrix over the units with at
 * least two values, then `α = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck`.
 * @param units - One row per unit: each coder's value, `null` when the coder gave none.
 * @returns alpha, or `null` when it is undefined (fewer than two pairable values, or only one
 * value ever used).
 */
export function krippendorffAlpha(
  units: readonly (readonly (number | null)[])[],
  metric: AlphaMetric,
): number | null {
  const values = new Set<number>();
  const pairable: number[][] = [];
  for (const unit of units) {
    const present = unit.filter((v): v is number => v !== null && Number.isFinite(v));
    if (present.length >= 2) {
      pairable.push(present);
      for (const v of present) values.add(v);
    }
  }
  const cats = [...values].sort((x, y) => x - y);
  const index = new Map(cats.map((c, i) => [c, i]));
  const k = cats.length;
  const o: number[][] = cats.map(() => new Array<number>(k).fill(0));
  for (const unit of pairable) {
    const w = 1 / (unit.length - 1);
    for (let i = 0; i < unit.length; i++) {
      for (let j = 0; j < unit.length; j++) {
        if (i !== j) o[index.get(unit[i]!)!]![index.get(unit[j]!)!]! += w;
      }
    }
  }
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = nc.reduce((s, x) => s + x, 0);
  if (n < 2 || k < 2) return null;
  const delta2 = (c: number, d: number): number => {
    if (metric === 'nominal') return c === d ? 0 : 1;
    if (metric === 'interval') return (cats[c]! - cats[d]!) ** 2;
    const lo = Math.min(c, d);
    const hi = Math.max(c, d);
    let s = 0;
    for (let g = lo; g <= hi; g++) s += nc[g]!;
    return (s - (nc[c]! + nc[d]!) / 2) ** 2;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      const dd = delta2(c, d);
      observed += o[c]![d]! * dd;
      expected += nc[c]! * nc[d]! * dd;
    }
  }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}
