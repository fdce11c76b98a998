import { $createListItemNode, $createListNode, type ListNode } from '@lexical/list';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode, type TextNode } from 'lexical';
import type { Article } from '../../../../core/model';

/** What the reader needs of an article to draw its text. */
export type ArticleText = Pick<Article, 'text' | 'blocks' | 'footnotes'>;

/** The footnote markers (`[12]`) that fall within [start, end), as cut points. */
export function footnoteCuts(article: ArticleText, start: number, end: number): number[] {
  const cuts: number[] = [];
  for (const f of article.footnotes ?? []) {
    if (f.end <= start || f.start >= end) continue;
    cuts.push(Math.max(start, f.start), Math.min(end, f.end));
  }
  return cuts;
}

/**
 * The text node for [start, end) of the article (a stretch that no footnote marker straddles):
 * a footnote marker is drawn as a superscript, so `[1]` reads as a note, not as text.
 */
export function $textPiece(article: ArticleText, start: number, end: number): TextNode {
  const node = $createTextNode(article.text.slice(start, end));
  if ((article.footnotes ?? []).some((f) => f.start <= start && f.end >= end)) node.setFormat('superscript');
  return node;
}

/** The text nodes of [start, end), cut at its footnote markers. */
export function $textPieces(article: ArticleText, start: number, end: number): TextNode[] {
  const points = [...new Set([start, end, ...footnoteCuts(article, start, end)])].sort((a, b) => a - b);
  const out: TextNode[] = [];
  for (let k = 0; k < points.length - 1; k++) out.push($textPiece(article, points[k]!, points[k + 1]!));
  return out;
}

/**
 * Fills the Lexical root with one node per article block (runs inside `editor.update` or an
 * initial editor state). Each block's text is exactly `text.slice(start, end)`, so offsets in
 * the article map to offsets in the reader block by block.
 */
export function $buildArticle(article: ArticleText): void {
  const root = $getRoot();
  root.clear();
  let list: ListNode | null = null;
  for (const block of article.blocks) {
    const text = $textPieces(article, block.start, block.end);
    if (block.type === 'list-item') {
      if (!list) {
        list = $createListNode('bullet');
        root.append(list);
      }
      list.append($createListItemNode().append(...text));
      continue;
    }
    list = null;
    let node: ElementNode;
    if (block.type === 'heading') node = $createHeadingNode('h2');
    else if (block.type === 'quote') node = $createQuoteNode();
    else node = $createParagraphNode();
    if (block.type === 'caption') node.setFormat('center');
    root.append(node.append(...text));
  }
}
