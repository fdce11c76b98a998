import { describe, expect, it } from 'vitest';
import { mergeAnnotation, mergeRecord } from '../../../../core/merge';
import type { Annotation } from '../../../../core/model';
import { ALICE, BOB, makeAnnotation, makeArticle } from '../project/make-project';

const TEXT = 'Officials denied a fuel shortage. Analysts expect the corridor to stay open.';
const base = async (): Promise<Annotation> =>
  makeAnnotation('00000000-0000-4000-8000-000000000001', await makeArticle('a', TEXT), 0, 33, ALICE, {
    kind: 'claim',
    credibility: 3,
  });
const at = (iso: string) => ({ updatedAt: iso });

describe('mergeRecord (three-way, field by field)', () => {
  it('takes each side’s change to a different field', async () => {
    const b = await base();
    const mine = { ...b, note: 'check', ...at('2025-07-02T10:00:00.000Z') };
    const theirs = { ...b, credibility: 5, ...at('2025-07-02T11:00:00.000Z') };
    const r = mergeRecord(b, mine, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.merged).toMatchObject({ note: 'check', credibility: 5, updatedAt: '2025-07-02T11:00:00.000Z' });
  });

  it('reports a field both changed apart, keeping mine in the result', async () => {
    const b = await base();
    const r = mergeRecord(b, { ...b, kind: 'figure' }, { ...b, kind: 'assessment' });
    expect(r.conflicts).toEqual(['kind']);
    expect(r.merged.kind).toBe('figure');
  });

  it('the same change on both sides is no conflict', async () => {
    const b = await base();
    expect(mergeRecord(b, { ...b, stance: 'opinion' }, { ...b, stance: 'opinion' }).conflicts).toEqual([]);
  });

  it('without a base every differing field is a conflict (never a silent pick)', async () => {
    const b = await base();
    expect(mergeRecord(undefined, { ...b, note: 'x' }, { ...b, credibility: 1 }).conflicts.sort()).toEqual([
      'credibility',
      'note',
    ]);
  });

  it('per-field provenance follows each field to the side it came from', async () => {
    const b = await base();
    const by = (id: string, at: string) => ({ by: { id, name: id }, at });
    const start = {
      kind: by('alice', '2025-07-01T10:00:00.000Z'),
      note: by('alice', '2025-07-01T10:00:00.000Z'),
    };
    const withBase = { ...b, provenance: start };
    const mine = {
      ...withBase,
      note: 'mine',
      updatedAt: '2025-07-02T10:00:00.000Z',
      provenance: { ...start, note: by('alice', '2025-07-02T10:00:00.000Z') },
    };
    const theirs = {
      ...withBase,
      kind: 'figure' as const,
      updatedAt: '2025-07-03T10:00:00.000Z',
      provenance: { ...start, kind: by('bob', '2025-07-03T10:00:00.000Z') },
    };
    const r = mergeRecord(withBase, mine, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.merged).toMatchObject({ note: 'mine', kind: 'figure' });
    expect((r.merged as { provenance: unknown }).provenance).toEqual({
      kind: by('bob', '2025-07-03T10:00:00.000Z'),
      note: by('alice', '2025-07-02T10:00:00.000Z'),
    });
  });

  it('a field one side removed is removed', () => {
    const r = mergeRecord({ a: 1, b: 2 } as Record<string, number>, { a: 1 }, { a: 1, b: 2 });
    expect(r.merged).toEqual({ a: 1 });
  });
});

describe('mergeAnnotation', () => {
  it('a deletion against an edit is a conflict', async () => {
    const b = await base();
    const deleted = { ...b, deletedAt: '2025-07-03T00:00:00.000Z' };
    const edited = { ...b, note: 'important', author: b.author };
    expect(mergeAnnotation(b, deleted, edited).conflicts).toEqual(['deletedAt']);
    expect(mergeAnnotation(b, edited, deleted).conflicts).toEqual(['deletedAt']);
  });

  it('a deletion against an untouched record deletes it', async () => {
    const b = await base();
    const deleted = { ...b, deletedAt: '2025-07-03T00:00:00.000Z', ...at('2025-07-03T00:00:00.000Z') };
    const r = mergeAnnotation(b, { ...b }, deleted);
    expect(r.conflicts).toEqual([]);
    expect(r.merged.deletedAt).toBe('2025-07-03T00:00:00.000Z');
  });

  it('deleted on both sides is no conflict, whatever else changed', async () => {
    const b = await base();
    const mine = { ...b, deletedAt: '2025-07-03T00:00:00.000Z', note: 'a' };
    const theirs = { ...b, deletedAt: '2025-07-04T00:00:00.000Z', note: 'b' };
    expect(mergeAnnotation(b, mine, theirs)).toEqual({ merged: mine, conflicts: [] });
  });

  it('keeps the author whatever the other side says', async () => {
    const b = await base();
    const r = mergeAnnotation(
      b,
      { ...b, note: 'n' },
      { ...b, credibility: 2, ...at('2025-08-01T00:00:00.000Z') },
    );
    expect(r.merged.author).toEqual(ALICE);
    expect(r.merged.author).not.toEqual(BOB);
  });
});
