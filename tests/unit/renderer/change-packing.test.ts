import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE, makeAnnotation, makeArticle } from '../core/project/make-project';
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

describe('the annotation records a change carries, across', async () => {
  const article = await makeArticle(
    'art-1',
    'Russia may have territorial ambitions beyond Ukraine, Trump said.',
  );
  const kept = makeAnnotation('n-1', article, 0, 6, ALICE);
  const written = { ...makeAnnotation('n-2', article, 7, 10, ALICE), note: 'a note', tags: ['x'] };
  const change: StoreChange = {
    origin: 'this-window',
    by: null,
    source: 'sync',
    keys: { annotations: ['n-1', 'n-2', 'n-3'] },
    annotations: [
      { id: 'n-1', articleId: 'art-1', value: kept },
      { id: 'n-2', articleId: 'art-1', value: written },
      { id: 'n-3', articleId: 'art-9', value: null },
    ],
  };
  afterEach(() => vi.restoreAllMocks());

  it('gives the same ids, articles and records', () => {
    const received = across(change);
    expect(received.source).toBe('sync');
    expect(received.annotations!.map(({ id, articleId, value }) => ({ id, articleId, value }))).toEqual(
      change.annotations,
    );
  });

  it('parses the records only when a listener reads one, and once', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const received = across(change);
    // The library's counts want only the articles written on.
    expect([...new Set(received.annotations!.map((w) => w.articleId))]).toEqual(['art-1', 'art-9']);
    expect(parse).not.toHaveBeenCalled();
    expect(received.annotations![1]!.value).toEqual(written);
    expect(received.annotations![2]!.value).toBeNull();
    expect(received.annotations![0]!.value).toEqual(kept);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('crosses as two strings, not as records to clone', () => {
    const packed = pack(change);
    expect(typeof packed.annotations!.refs).toBe('string');
    expect(typeof packed.annotations!.values).toBe('string');
    expect(pack({ ...change, annotations: null }).annotations).toBeNull();
    expect(across({ ...change, annotations: null }).annotations).toBeNull();
  });
});
