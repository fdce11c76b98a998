import { describe, expect, it } from 'vitest';
import {
  detailsOf,
  joinTwinMoves,
  keptByText,
  rememberTwinMoves,
  settleRemovedTwins,
  moveOntoTwins,
  moveSetsOntoTwins,
  planTwins,
  twinOrder,
} from '../../../../core/merge';
import { ALICE, BOB, makeAnnotation, makeArticle } from '../project/make-project';

/*
 * Team sync's twins (one text imported separately): every side must keep the same article
 * without asking the others, and carry the twins' annotations and edited details onto it by the
 * file merge's rules (core/merge/twins.ts).
 */

const TEXT = 'The ministry said exports rose by 12 percent in May. Officials denied a fuel shortage.';
const at = (q: string): [number, number] => [TEXT.indexOf(q), TEXT.indexOf(q) + q.length];

describe('planTwins', () => {
  it('keeps the earliest import, then the smallest id, whatever order the articles come in', async () => {
    const early = await makeArticle('zz-early', TEXT, { importedAt: '2026-01-01T00:00:00.000Z' });
    const late = await makeArticle('aa-late', TEXT, { importedAt: '2026-02-01T00:00:00.000Z' });
    const sameTime = await makeArticle('mm-same', TEXT, { importedAt: '2026-01-01T00:00:00.000Z' });
    const other = await makeArticle('other', 'Another text entirely.');
    for (const list of [
      [early, late, sameTime, other],
      [other, sameTime, late, early],
      [late, other, early, sameTime],
    ]) {
      expect(planTwins(list).matches).toEqual([
        { kind: 'same', theirsId: 'zz-early', mineId: 'mm-same' },
        { kind: 'same', theirsId: 'aa-late', mineId: 'mm-same' },
      ]);
    }
    expect(twinOrder(sameTime, early)).toBeLessThan(0);
    expect(planTwins([early, other]).matches).toEqual([]);
  });

  it('takes a twin’s edited details when the kept article’s were not edited, and the later edit when both were', async () => {
    const kept = await makeArticle('kept', TEXT, { importedAt: '2026-01-01T00:00:00.000Z' });
    const twin = await makeArticle('twin', TEXT, {
      importedAt: '2026-02-01T00:00:00.000Z',
      title: 'Exports rise',
      detailsUpdated: { by: BOB, at: '2026-03-01T00:00:00.000Z' },
    });
    expect(planTwins([kept, twin]).kept).toEqual([
      // The details go as one (as in a file merge): all six fields are the twin's.
      { ...kept, ...detailsOf(twin), detailsUpdated: { by: BOB, at: '2026-03-01T00:00:00.000Z' } },
    ]);
    const editedEarlier = {
      ...kept,
      title: 'Mine',
      detailsUpdated: { by: ALICE, at: '2026-02-15T00:00:00.000Z' },
    };
    expect(planTwins([editedEarlier, twin]).kept.map((a) => a.title)).toEqual(['Exports rise']);
    const editedLater = { ...editedEarlier, detailsUpdated: { by: ALICE, at: '2026-04-01T00:00:00.000Z' } };
    expect(planTwins([editedLater, twin]).kept).toEqual([]);
    // Unedited differences came from the importers: the kept article's stay.
    const importedOtherwise = { ...twin, detailsUpdated: null };
    expect(planTwins([kept, importedOtherwise]).kept).toEqual([]);
  });
});

describe('moveOntoTwins, moveSetsOntoTwins and joinTwinMoves', () => {
  it('moves only the annotations on a twin, changing nothing but their article', async () => {
    const kept = await makeArticle('kept', TEXT);
    const twin = await makeArticle('twin', TEXT);
    const onTwin = makeAnnotation('n1', twin, ...at('exports rose'), BOB);
    const onKept = makeAnnotation('n2', kept, ...at('fuel shortage'), ALICE);
    expect(moveOntoTwins([onTwin, onKept], new Map([['twin', 'kept']]))).toEqual([
      { ...onTwin, articleId: 'kept' },
    ]);
  });

  it('points saved sets that name a twin at the article kept, leaving other sets alone', () => {
    const base = { name: 'S', createdAt: '2026-01-01T00:00:00.000Z' };
    const named = {
      ...base,
      id: 's1',
      type: 'dynamic' as const,
      filter: { articleIds: ['twin', 'kept', 'x'] },
    };
    const other = { ...base, id: 's2', type: 'dynamic' as const, filter: { articleIds: ['x'] } };
    const pinned = { ...base, id: 's3', type: 'static' as const, annotationIds: ['n1'] };
    expect(moveSetsOntoTwins([named, other, pinned], new Map([['twin', 'kept']]))).toEqual([
      { ...named, filter: { articleIds: ['kept', 'x'] } },
    ]);
  });

  it('ends every move on a live article when a kept article gives way later', () => {
    const first = joinTwinMoves(new Map(), [{ kind: 'same', theirsId: 'b', mineId: 'c' }]);
    const next = joinTwinMoves(first, [{ kind: 'same', theirsId: 'c', mineId: 'a' }]);
    expect([...next].sort()).toEqual([
      ['b', 'a'],
      ['c', 'a'],
    ]);
  });

  it('remembers the settlements made, and forgets one whose twin is live again', () => {
    const earlier = new Map([
      ['b', 'a'],
      ['d', 'e'],
    ]);
    // 'd' is held (taken in again, not giving way): nothing moves off it any more; 'a' gives way now.
    const next = rememberTwinMoves(earlier, [{ kind: 'same', theirsId: 'a', mineId: 'z' }], ['a', 'd', 'z']);
    expect([...next].sort()).toEqual([
      ['a', 'z'],
      ['b', 'z'],
    ]);
  });
});

describe('settleRemovedTwins (articles a sync removed; the app and `gloss sync` alike)', () => {
  it('settles a removed article onto its twin when it is here, and keeps it waiting when it is not', async () => {
    const kept = await makeArticle('kept', TEXT, { importedAt: '2026-01-01T00:00:00.000Z' });
    const other = await makeArticle('other', 'Another text entirely.');
    const keeper = keptByText([kept, other], planTwins([kept, other]));
    const removed = [
      { id: 'twin', contentHash: kept.contentHash },
      { id: 'lonely', contentHash: 'f'.repeat(64) },
    ];
    expect(settleRemovedTwins(removed, new Map(), keeper)).toEqual({
      matches: [{ kind: 'same', theirsId: 'twin', mineId: 'kept' }],
      arrived: [],
      unmatched: [{ id: 'lonely', contentHash: 'f'.repeat(64) }],
    });
  });

  it('settles an article that waited since an earlier sync once its twin is here, not before', async () => {
    const kept = await makeArticle('kept', TEXT);
    const awaiting = new Map([['twin', kept.contentHash]]);
    expect(settleRemovedTwins([], awaiting, new Map())).toEqual({ matches: [], arrived: [], unmatched: [] });
    expect(settleRemovedTwins([], awaiting, keptByText([kept], planTwins([kept])))).toEqual({
      matches: [{ kind: 'same', theirsId: 'twin', mineId: 'kept' }],
      arrived: ['twin'],
      unmatched: [],
    });
    // An article that is itself the one kept (taken in again) gives way to nothing.
    expect(
      settleRemovedTwins(
        [kept],
        new Map([['kept', kept.contentHash]]),
        keptByText([kept], planTwins([kept])),
      ),
    ).toEqual({ matches: [], arrived: [], unmatched: [] });
  });
});
