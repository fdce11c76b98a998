/** The short article text the `gloss sync` tests annotate, a passage's position in it, and annotation ids. */
export const TEXT =
  'The ministry said exports rose by 12 percent in May. Officials denied a fuel shortage. Analysts expect the corridor to stay open.';

/** Where `q` stands in {@link TEXT}: [start, end]. */
export const at = (q: string): [number, number] => {
  const s = TEXT.indexOf(q);
  return [s, s + q.length];
};

/** A UUID-shaped annotation id made from `n`. */
export const ID = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
