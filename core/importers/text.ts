import type { Block, BlockType, RemovedRange } from '../model';

/** Canonical form of article text: NFC, `\n` line ends, no trailing spaces on lines. */
export function canonicalText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?|\u2028|\u2029/g, '\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A bullet or numbered line: `  • …`, `- …`, `* …`, `1. …`, `2) …`. */
export const BULLET = /^\s*(?:[•▪◦‣∙·*–-]|\d{1,3}[.)])\s+/;

/**
 * One unit of an article on its way to becoming text: a line of a text file, a paragraph of a
 * web page or PDF. `sep` is what joins it to the segment before (a line break, or a blank line
 * between paragraphs).
 */
export interface Segment {
  text: string;
  type: BlockType;
  sep: '\n' | '\n\n';
  /** 1-based page, for formats that have pages. */
  page?: number;
}

/** Segments the boilerplate pass dropped, and before which kept segment they stood. */
export interface RemovedSegments {
  /** Index into the kept segments of the first kept segment after the removed ones. */
  before: number;
  segments: Segment[];
  reason: string;
}

/** The text, blocks and removed ranges built from segments. */
export interface Assembled {
  text: string;
  blocks: Block[];
  removed: RemovedRange[];
}

const joinSegments = (segments: readonly Segment[]): string =>
  segments.map((s, i) => (i === 0 ? s.text : s.sep + s.text)).join('');

/**
 * Joins segments into the article text and records one block per segment (its leading
 * indentation excluded) and, for each run of removed segments, where it stood in the text.
 */
export function assemble(kept: readonly Segment[], removed: readonly RemovedSegments[] = []): Assembled {
  let text = '';
  const blocks: Block[] = [];
  const ends: number[] = [];
  for (const [i, seg] of kept.entries()) {
    if (i > 0) text += seg.sep;
    const start = text.length;
    text += seg.text;
    ends.push(text.length);
    const lead = seg.text.length - seg.text.trimStart().length;
    blocks.push({
      type: seg.type,
      start: start + lead,
      end: text.length,
      ...(seg.page ? { page: seg.page } : {}),
    });
  }
  const ranges = removed.map((r) => ({
    at: r.before > 0 ? (ends[r.before - 1] ?? text.length) : 0,
    text: joinSegments(r.segments),
    reason: r.reason,
  }));
  return { text, blocks, removed: ranges };
}

/**
 * Splits canonical text into line segments: each non-empty line is a segment, so that copied
 * articles whose paragraphs are separated by single line breaks keep them apart. Bullet lines
 * become list items; Markdown `#` lines headings and `>` lines quotes.
 */
export function lineSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let blank = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      blank = true;
      continue;
    }
    const t = line.trimStart();
    const type: BlockType = BULLET.test(line)
      ? 'list-item'
      : /^#{1,6}\s/.test(t)
        ? 'heading'
        : /^>/.test(t)
          ? 'quote'
          : 'paragraph';
    segments.push({ text: line, type, sep: blank ? '\n\n' : '\n' });
    blank = false;
  }
  return segments;
}

/**
 * Splits canonical text into blocks, one per non-empty line (see {@link lineSegments}).
 * Kept for callers that need blocks without metadata or boilerplate handling.
 */
export function lineBlocks(text: string): Block[] {
  return assemble(lineSegments(text)).blocks;
}

const FOOTNOTE = /\[(\d{1,3})\]/g;

/** Ranges of footnote markers such as `[12]`, which stay in the text. */
export function footnoteRanges(text: string): { start: number; end: number }[] {
  return [...text.matchAll(FOOTNOTE)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}
