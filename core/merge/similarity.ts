/** Word 3-gram shingles of a text, hashed to 32-bit numbers (case and spacing ignored). */
function shingles(text: string): Set<number> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<number>();
  if (words.length < 3) {
    if (words.length) out.add(hash(words.join(' ')));
    return out;
  }
  for (let i = 0; i + 2 < words.length; i++) out.add(hash(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
  return out;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * How alike two texts are, 0–1: the Dice coefficient of their word 3-gram sets. Robust to
 * re-extraction noise (whitespace, a dropped caption, a changed paragraph) while different
 * articles on the same subject score low.
 */
export function textSimilarity(a: string, b: string): number {
  const sa = shingles(a);
  const sb = shingles(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let common = 0;
  for (const x of sa) if (sb.has(x)) common++;
  return (2 * common) / (sa.size + sb.size);
}

/** A URL reduced for comparison: no fragment, lower-case scheme and host, no trailing slash. */
export function normalizeUrl(url: string): string {
  const trimmed = url.trim();
  if (!trimmed) return '';
  try {
    const u = new URL(trimmed);
    u.hash = '';
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return trimmed.replace(/#.*$/, '').replace(/\/+$/, '');
  }
}
