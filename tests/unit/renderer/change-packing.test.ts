import { describe, expect, it } from 'vitest';
import { keyCount, keySlices, touches, type StoreChange } from '../../../renderer/src/db/changes';
import { pack, unpack } from '../../../renderer/src/db/guard';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** A change as another window or a worker sends it: packed, cloned across, unpacked. */
const across = (change: StoreChange): StoreChange => unpack(structuredClone(pack(change)));

describe('a change from another window or worker', () => {
  const change: StoreChange = {
    origin: 'this-window',
    by: null,
    keys: { articles: ids('a', 3), annotations: ids('n', 12_001), sets: [] },
    annotations: null,
  };

  it('counts and tells its tables without splitting them, and gives the same keys when read', () => {
    const received = across(change);
    expect(keyCount(received, 'annotations')).toBe(12_001);
    expect(keyCount(received, 'sets')).toBe(0);
    expect(keyCount(received, 'bodies')).toBe(0);
    expect(touches(received, ['annotations'])).toBe(true);
    expect(touches(received, ['sets', 'tags'])).toBe(false);
    expect(received.keys.annotations).toEqual(change.keys.annotations);
    expect(received.keys.articles).toEqual(change.keys.articles);
    expect(Object.keys(received.keys).sort()).toEqual(['annotations', 'articles', 'sets']);
  });

  it('gives its keys in slices, in order, packed or not', () => {
    for (const c of [change, across(change)]) {
      const slices = [...keySlices(c, 'annotations', 5000)];
      expect(slices.map((s) => s.length)).toEqual([5000, 5000, 2001]);
      expect(slices.flat()).toEqual(change.keys.annotations);
      expect([...keySlices(c, 'articles', 1)]).toEqual([['a-0'], ['a-1'], ['a-2']]);
      expect([...keySlices(c, 'articles', 3)]).toEqual([['a-0', 'a-1', 'a-2']]);
      expect([...keySlices(c, 'sets', 10)]).toEqual([]);
      expect([...keySlices(c, 'bodies', 10)]).toEqual([]);
    }
  });
});
