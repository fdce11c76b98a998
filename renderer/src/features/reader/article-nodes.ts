import { $createListItemNode, $createListNode, type ListNode } from '@lexical/list';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode } from 'lexical';
import type { Article } from '../../../../core/model';

/**
 * Fills the Lexical root with one node per article block (runs inside `editor.update` or an
 * initial editor state). Each block's text is exactly `text.slice(start, end)`, so offsets in
 * the article map to offsets in the reader block by block.
 */
export function $buildArticle(article: Pick<Article, 'text' | 'blocks'>): void {
  const root = $getRoot();
  root.clear();
  let list: ListNode | null = null;
  for (const block of article.blocks) {
    const text = $createTextNode(article.text.slice(block.start, block.end));
    if (block.type === 'list-item') {
      if (!list) {
        list = $createListNode('bullet');
        root.append(list);
      }
      list.append($createListItemNode().append(text));
      continue;
    }
    list = null;
    let node: ElementNode;
    if (block.type === 'heading') node = $createHeadingNode('h2');
    else if (block.type === 'quote') node = $createQuoteNode();
    else node = $createParagraphNode();
    if (block.type === 'caption') node.setFormat('center');
    root.append(node.append(text));
  }
}
