/** A short excerpt with the stretches to highlight, as offsets into `text`. */
export interface Snippet {
  text: string;
  marks: [number, number][];
  /** Where the first match lies in the whole source string. */
  start: number;
  end: number;
}

/** Whether a word of the source matched the query (see `wordMatcher` in db/search-index). */
export type WordMatch = (word: string) => boolean;

const WORD = /[\p{L}\p{N}]+/gu;

/** The first word of `source` that matches, as [start, end), or null. */
export function firstMatch(source: string, matches: WordMatch): [number, number] | null {
  for (const m of source.matchAll(WORD)) if (matches(m[0])) return [m.index, m.index + m[0].length];
  return null;
}

/**
 * The excerpt of `source` around its first matching word, about `radius` characters either
 * side, cut at word boundaries, with every matching word inside it marked. Without a match:
 * the start.
 */
export function makeSnippet(source: string, matches: WordMatch, radius = 70): Snippet | null {
  const first = firstMatch(source, matches);
  if (!first) {
    if (!source) return null;
    const text = source.slice(0, radius * 2).replace(/\s+/g, ' ');
    return { text: source.length > radius * 2 ? `${text}…` : text, marks: [], start: 0, end: 0 };
  }
  const [at, end] = first;
  let from = Math.max(0, at - radius);
  let to = Math.min(source.length, end + radius);
  if (from > 0) {
    const space = source.indexOf(' ', from);
    if (space !== -1 && space < at) from = space + 1;
  }
  if (to < source.length) {
    const space = source.lastIndexOf(' ', to);
    if (space > end) to = space;
  }
  const lead = from > 0 ? '…' : '';
  const excerpt = source.slice(from, to);
  const marks: [number, number][] = [];
  for (const m of excerpt.matchAll(WORD)) {
    if (matches(m[0])) marks.push([lead.length + m.index, lead.length + m.index + m[0].length]);
  }
  // Line breaks become spaces, one for one, so the marks keep their offsets.
  const text = lead + excerpt.replace(/\s/g, ' ') + (to < source.length ? '…' : '');
  return { text, marks, start: at, end };
}
