/** The colours new tags take in turn (the n-th tag of a vocabulary gets the n-th, cycling). */
export const TAG_COLOURS = [
  '#2563eb',
  '#dc2626',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#db2777',
  '#0891b2',
  '#65a30d',
] as const;

/** The colour of the tag at `index` of a vocabulary. */
export const tagColour = (index: number): string => TAG_COLOURS[index % TAG_COLOURS.length]!;
