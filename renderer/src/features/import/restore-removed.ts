import { anchor, describe } from '../../../../core/anchoring';
import { footnoteRanges } from '../../../../core/importers/text';
import type { Annotation, Article, Block, RemovedRange, Selector } from '../../../../core/model';

/** The parts of an article that restoring a removed range changes. */
export type RestorableArticle = Pick<Article, 'text' | 'blocks' | 'removed' | 'footnotes'>;

export interface Restored {
  text: string;
  blocks: Block[];
  removed: RemovedRange[];
  footnotes: { start: number; end: number }[] | undefined;
  /** Where the restored text now stands in `text`. */
  start: number;
  end: number;
  /** Annotations whose selectors changed, with their new selectors. */
  annotations: { id: string; selectors: Selector[] }[];
}

/**
 * The line break that separates paragraphs where the removed text goes back: the run of line
 * breaks already at that point, else the last one in the text, else a blank line.
 */
function separatorAt(text: string, at: number): string {
  const here = /^\n+/.exec(text.slice(at))?.[0];
  if (here) return here;
  const before = /\n+(?=[^\n]*$)/.exec(text.slice(0, at))?.[0];
  return before ?? '\n\n';
}

/** One paragraph block per non-empty line of `piece`, offset by `base`. */
function blocksOf(piece: string, base: number): Block[] {
  const out: Block[] = [];
  let pos = 0;
  for (const line of piece.split('\n')) {
    const lead = line.length - line.trimStart().length;
    if (line.trim()) out.push({ type: 'paragraph', start: base + pos + lead, end: base + pos + line.length });
    pos += line.length + 1;
  }
  return out;
}

/**
 * Puts the removed range `index` back into the article: the text is inserted where it stood
 * (with the paragraph break found there), the blocks, footnote markers and other removed ranges
 * after it move along, and annotations are re-described in the new text. An annotation that
 * anchors exactly, on one side of the insertion point, gets fresh position and quote selectors;
 * one that straddles it, or anchors only approximately, keeps its selectors (anchoring still
 * finds it as before).
 */
export function restoreRemoved(
  article: RestorableArticle,
  index: number,
  annotations: readonly Pick<Annotation, 'id' | 'selectors'>[] = [],
): Restored {
  const range = article.removed[index];
  if (!range) throw new Error(`There is no removed text number ${index + 1} in this article.`);
  const old = article.text;
  const at = Math.min(range.at, old.length);
  const sep = separatorAt(old, at);
  const atStart = at === 0 && old.length > 0;
  const inserted = old.length === 0 ? range.text : atStart ? range.text + sep : sep + range.text;
  const text = old.slice(0, at) + inserted + old.slice(at);
  const delta = inserted.length;
  const start = atStart || old.length === 0 ? at : at + sep.length;
  const end = start + range.text.length;

  // A block that ends exactly at the insertion point stays before it.
  const blocks = [
    ...article.blocks.map((b) => (b.start >= at ? { ...b, start: b.start + delta, end: b.end + delta } : b)),
    ...blocksOf(range.text, start),
  ].sort((a, b) => a.start - b.start);
  const removed = article.removed.flatMap((r, j) => {
    if (j === index) return [];
    // Ranges that stood after the restored one at the same point now follow its text.
    if (r.at > at || (r.at === at && j > index)) return [{ ...r, at: r.at === at ? end : r.at + delta }];
    return [r];
  });
  const notes = footnoteRanges(text);
  const footnotes = article.footnotes || notes.length ? notes : undefined;

  const changed: Restored['annotations'] = [];
  for (const a of annotations) {
    const found = anchor(old, a.selectors);
    if (found.status === 'orphan' || found.status === 'fuzzy') continue;
    if (found.start < at && found.end > at) continue;
    const newStart = found.start >= at ? found.start + delta : found.start;
    const newEnd = found.end > at ? found.end + delta : found.end;
    const [position, quote] = describe(text, newStart, newEnd);
    const others = a.selectors.filter(
      (s) => s.type !== 'TextPositionSelector' && s.type !== 'TextQuoteSelector',
    );
    changed.push({ id: a.id, selectors: [position, quote, ...others] });
  }
  return { text, blocks, removed, footnotes, start, end, annotations: changed };
}
