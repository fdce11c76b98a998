/** A short excerpt with the stretches to highlight, as offsets into `text`. */
export interface Snippet {
  text: string;
  marks: [number, number][];
  /** Where the first match lies in the whole source string. */
  start: number;
  end: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regular expression that finds any of `terms` (as MiniSearch matched them: lower-case
 * words) at the start of a word, case-insensitively; a matched word is highlighted whole.
 */
export function termPattern(terms: readonly string[]): RegExp | null {
  const words = [...new Set(terms.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (words.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escape).join('|')})[\\p{L}\\p{N}]*`, 'giu');
}

/**
 * The excerpt of `source` around the first match of `terms`, about `radius` characters either
 * side, cut at word boundaries, with every match inside it marked. Without a match: the start.
 */
export function makeSnippet(source: string, terms: readonly string[], radius = 70): Snippet | null {
  const pattern = termPattern(terms);
  const first = pattern?.exec(source);
  if (!pattern || !first) {
    if (!source) return null;
    const text = source.slice(0, radius * 2).replace(/\s+/g, ' ');
    return { text: source.length > radius * 2 ? `${text}…` : text, marks: [], start: 0, end: 0 };
  }
  const at = first.index;
  const end = at + first[0].length;
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
  pattern.lastIndex = 0;
  for (const m of excerpt.matchAll(pattern)) {
    marks.push([lead.length + m.index, lead.length + m.index + m[0].length]);
  }
  // Line breaks become spaces, one for one, so the marks keep their offsets.
  const text = lead + excerpt.replace(/\s/g, ' ') + (to < source.length ? '…' : '');
  return { text, marks, start: at, end };
}
