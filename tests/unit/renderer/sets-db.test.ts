import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlossDB } from '../../../renderer/src/db/db';
import type { AnnotationFilter } from '../../../core/model';
import { deleteSet, listSets, saveSet, type AnnotatedSet } from '../../../renderer/src/db/sets';

let db: GlossDB;
beforeEach(() => {
  db = new GlossDB(`gloss-sets-${Date.now()}-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('annotated sets', () => {
  it('saves a filter set and a pinned set, lists them by name, and deletes one', async () => {
    const f = await saveSet(db, {
      type: 'filter',
      name: '  Casualty figures ',
      filter: { kinds: ['figure'], contains: { tags: 'casualties' } },
    });
    expect(f).toMatchObject({
      type: 'filter',
      name: 'Casualty figures',
      filter: { kinds: ['figure'], contains: { tags: 'casualties' } },
    });
    await saveSet(db, { type: 'pinned', name: 'Briefing', annotationIds: ['n1', 'n2'] });
    expect((await listSets(db)).map((s) => s.name)).toEqual(['Briefing', 'Casualty figures']);

    // A new connection reads them back as stored.
    const again = new GlossDB(db.name);
    expect(await again.sets.get(f.id)).toEqual(f);
    again.close();

    await deleteSet(db, f.id);
    expect((await listSets(db)).map((s) => s.name)).toEqual(['Briefing']);
  });

  it('refuses a blank name, a taken name, an empty pin and an unknown column, storing nothing', async () => {
    await saveSet(db, { type: 'filter', name: 'Mine', filter: {} });
    await expect(saveSet(db, { type: 'filter', name: '   ', filter: {} })).rejects.toThrow(
      'A set needs a name.',
    );
    await expect(saveSet(db, { type: 'filter', name: 'Mine', filter: {} })).rejects.toThrow(
      'There is already a set named “Mine”.',
    );
    await expect(saveSet(db, { type: 'pinned', name: 'Empty', annotationIds: [] })).rejects.toThrow(
      'Select the annotations to pin first.',
    );
    await expect(
      saveSet(db, {
        type: 'filter',
        name: 'Odd',
        filter: { colour: 'red' } as unknown as AnnotationFilter,
      }),
    ).rejects.toThrow();
    await expect(
      saveSet(db, {
        type: 'filter',
        name: 'Odd',
        filter: { kinds: ['rumour'] } as unknown as AnnotationFilter,
      }),
    ).rejects.toThrow();
    expect(await db.sets.count()).toBe(1);
  });

  it('refuses a set in the table’s old one-text-per-column form (schema v6 reads old ones)', async () => {
    await expect(
      db.sets.add({
        id: 'legacy',
        type: 'filter',
        name: 'Legacy',
        createdAt: '2026-11-20T00:00:00.000Z',
        filter: { kind: 'claim', stance: '—' },
      } as unknown as AnnotatedSet),
    ).rejects.toThrow(/was not saved/);
    expect(await db.sets.count()).toBe(0);
  });
});
