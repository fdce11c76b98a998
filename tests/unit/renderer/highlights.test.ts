import { describe, expect, it } from 'vitest';
import { rangesByBlock } from '../../../renderer/src/features/reader/highlights';

const blocks = [
  { type: 'paragraph' as const, start: 0, end: 10 },
  { type: 'paragraph' as const, start: 12, end: 30 },
  { type: 'list-item' as const, start: 31, end: 40 },
];

describe('rangesByBlock', () => {
  it('clips each range to the blocks it covers and skips the gaps between them', () => {
    const per = rangesByBlock(blocks, [
      { id: 'a', start: 2, end: 5 },
      { id: 'span', start: 8, end: 35 },
      { id: 'gap', start: 10, end: 12 },
      { id: 'empty', start: 20, end: 20 },
    ]);
    expect(per).toEqual([
      [
        { id: 'a', start: 2, end: 5 },
        { id: 'span', start: 8, end: 10 },
      ],
      [{ id: 'span', start: 12, end: 30 }],
      [{ id: 'span', start: 31, end: 35 }],
    ]);
  });

  it('handles ranges at the very start and end', () => {
    expect(rangesByBlock(blocks, [{ id: 'x', start: 0, end: 40 }]).map((b) => b.length)).toEqual([1, 1, 1]);
    expect(rangesByBlock(blocks, [{ id: 'y', start: 39, end: 40 }])).toEqual([
      [],
      [],
      [{ id: 'y', start: 39, end: 40 }],
    ]);
  });
});
