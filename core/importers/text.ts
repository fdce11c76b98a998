import type { Block } from '../model';

/** Canonical form of article text: NFC, `\n` line ends, no trailing spaces on lines. */
export function canonicalText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const BULLET = /^\s*(?:[•▪◦‣∙·*–-]|\d{1,3}[.)])\s+/;

/**
 * Splits canonical text into blocks: each non-empty line is a block, so that copied articles
 * whose paragraphs are separated by single line breaks keep them apart. Bullet lines become
 * list items.
 */
export function lineBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    const start = pos;
    const end = pos + line.length;
    pos = end + 1;
    const lead = line.length - line.trimStart().length;
    if (line.trim() === '') continue;
    blocks.push({
      type: BULLET.test(line) ? 'list-item' : 'paragraph',
      start: start + lead,
      end,
    });
  }
  return blocks;
}
