import { describe, expect, it } from 'vitest';
import { CliPouch } from '../../../../cli/sync-pouch';
import { emptySyncReport, settleConflict, toDocument, type ReplicaDatabase } from '../../../../core/sync';
import { childRevision, type Doc } from '../../../../core/sync/revisions';
import { BOB, makeAnnotation, makeArticle } from '../project/make-project';

/*
 * Two sides that settle the same twins make the same change. On the same revision it is the same
 * revision (deterministic ids: nothing to settle); on different revisions CouchDB holds two
 * leaves with equal records, which settleConflict must settle as one — never a true conflict in
 * anybody's list. A real PouchDB (memory adapter) holds the revision tree.
 */

const TEXT = 'The ministry said exports rose by 12 percent in May. Officials denied a fuel shortage.';

describe('settleConflict with equal leaves', () => {
  it('settles two leaves that say the same as one revision, with no conflict reported', async () => {
    const db = new CliPouch(`settle-equal-${Date.now()}`, {
      adapter: 'memory',
    }) as unknown as ReplicaDatabase;
    const kept = await makeArticle('kept', TEXT);
    const twin = await makeArticle('twin', TEXT);
    const note = makeAnnotation('00000000-0000-4000-8000-0000000000c1', twin, 4, 12, BOB);
    const moved = { ...note, articleId: kept.id };
    const root = await childRevision(undefined, toDocument({ kind: 'annotation', record: note }, 'bo'));
    // The same move on two different revisions (one side had an edit of the note that the other undid).
    const edited = await childRevision(
      root._rev,
      toDocument({ kind: 'annotation', record: { ...note, note: 'x' } }, 'bo'),
    );
    const back = await childRevision(edited._rev, toDocument({ kind: 'annotation', record: note }, 'bo'));
    const mine = await childRevision(back._rev, toDocument({ kind: 'annotation', record: moved }, 'ana'));
    const theirs = await childRevision(root._rev, toDocument({ kind: 'annotation', record: moved }, 'bo'));
    // Same content on the same parent is the same revision: nothing to settle there.
    expect(
      (await childRevision(root._rev, toDocument({ kind: 'annotation', record: moved }, 'ana')))._rev,
    ).toBe(theirs._rev);
    await db.bulkDocs([root, edited, back, mine, theirs], { new_edits: false });
    const read = await db.allDocs({ keys: [`annotation:${note.id}`], include_docs: true, conflicts: true });
    const winner = read.rows[0]!.doc as unknown as Doc;
    expect(winner._conflicts).toHaveLength(1);
    const r = emptySyncReport();
    const s = await settleConflict(winner, {
      local: db,
      remote: db,
      user: 'ana',
      policy: 'open',
      mineRev: mine._rev,
      report: r,
    });
    expect(r.conflicts).toEqual([]);
    expect(r.settled).toBe(1);
    expect(s?.keep.record).toEqual(moved);
    // One leaf stays (CouchDB's winner, unchanged); the other is deleted.
    expect(s?.writes.map((w) => w._deleted ?? false)).toEqual([true]);
  });
});
