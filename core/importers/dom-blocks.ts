import type { BlockType } from '../model';
import type { Segment } from './text';

const BLOCK_TYPES: Record<string, BlockType> = {
  H1: 'heading',
  H2: 'heading',
  H3: 'heading',
  H4: 'heading',
  H5: 'heading',
  H6: 'heading',
  LI: 'list-item',
  BLOCKQUOTE: 'quote',
  FIGCAPTION: 'caption',
  CAPTION: 'caption',
};

const BLOCK_TAGS = new Set([
  ...Object.keys(BLOCK_TYPES),
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'UL',
  'OL',
  'DL',
  'DT',
  'DD',
  'FIGURE',
  'PRE',
  'TABLE',
  'THEAD',
  'TBODY',
  'TFOOT',
  'TR',
  'HR',
  'ADDRESS',
  'DETAILS',
  'SUMMARY',
  'CENTER',
  'BODY',
  'HTML',
]);

/** Elements whose content is never article text (and, for the active ones, never run). */
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'FRAME',
  'FRAMESET',
  'OBJECT',
  'EMBED',
  'SVG',
  'MATH',
  'BUTTON',
  'FORM',
  'INPUT',
  'SELECT',
  'TEXTAREA',
  'NAV',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'IMG',
  'PICTURE',
  'SOURCE',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
  'BASE',
  'DIALOG',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const LINE_BREAK = '\u2028';

/**
 * Turns a DOM tree (a sanitised article) into text segments: one per paragraph, heading, list
 * item, quote paragraph or caption, with whitespace collapsed as a browser would show it and
 * `<br>` kept as a line break. Reads text nodes only, so no markup, attribute or script survives.
 */
export function domSegments(root: Node): Segment[] {
  const segments: Segment[] = [];
  let buffer = '';
  let bufferType: BlockType = 'paragraph';
  let pre = 0;

  const flush = () => {
    const text = buffer
      .replace(pre > 0 ? /[^\S\n\u2028]+/g : /[^\S\u2028]+/g, ' ')
      .split(LINE_BREAK)
      .map((l) => l.trim())
      .filter(Boolean)
      .join('\n');
    buffer = '';
    if (!text) return;
    const prev = segments.at(-1);
    const sep = bufferType === 'list-item' && prev?.type === 'list-item' ? '\n' : '\n\n';
    segments.push({ text, type: bufferType, sep });
  };

  const visit = (node: Node, type: BlockType) => {
    if (node.nodeType === TEXT_NODE) {
      buffer += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE && node.nodeType !== 11 /* fragment */) return;
    const tag = node.nodeType === ELEMENT_NODE ? (node as Element).tagName.toUpperCase() : 'BODY';
    if (SKIP.has(tag)) return;
    if (tag === 'BR') {
      buffer += LINE_BREAK;
      return;
    }
    if (tag === 'TD' || tag === 'TH') buffer += ' ';
    const isBlock = BLOCK_TAGS.has(tag);
    const ownType = BLOCK_TYPES[tag] ?? type;
    if (isBlock) {
      flush();
      bufferType = ownType;
    }
    if (tag === 'PRE') pre++;
    for (let child = node.firstChild; child; child = child.nextSibling) visit(child, ownType);
    if (tag === 'PRE') pre--;
    if (isBlock) {
      flush();
      bufferType = type;
    }
  };
  visit(root, 'paragraph');
  flush();
  return segments;
}
