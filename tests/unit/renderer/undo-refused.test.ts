import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotations, historyState, updateAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { db } from '../../../renderer/src/db';
import { trashArticles } from '../../../renderer/src/db/trash';
import { redoLast, undoLast } from '../../../renderer/src/features/annotations/actions';
import { useGloss } from '../../../renderer/src/store';
import { makeAnnotation, makeArticle, seqId } from './records';

/*
 * Undo / redo of a step the library can no longer put back — its annotation's article was removed
 * since (moved to the trash here; team sync's twins are moved instead: team-sync-incremental) —
 * changes nothing and says why. Before, the store's refusal was an unhandled rejection: the key
 * did nothing, silently. The app's own store and actions, as Ctrl+Z runs them.
 */

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';

afterEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
  useGloss.setState({ notices: [] });
});

describe('an undo or redo the store refuses', () => {
  it('leaves the library and the history as they were, and shows an error naming the cause', async () => {
    await addArticles(db, [makeArticle('a1', TEXT)]);
    const id = seqId(1);
    await createAnnotations(db, [makeAnnotation(TEXT, 0, 5, { id, articleId: 'a1' })]);
    await updateAnnotations(db, [id], { stance: 'opinion' });
    await trashArticles(db, ['a1']);
    expect(await db.annotations.get(id)).toBeUndefined();

    await undoLast();
    const [notice] = useGloss.getState().notices;
    expect(notice).toMatchObject({
      tone: 'error',
      title: 'Could not undo the last change; nothing was changed',
    });
    expect(notice?.details.join(' ')).toMatch(/its article a1 is not in the library/);
    expect(await db.annotations.get(id)).toBeUndefined();
    expect(await historyState(db)).toEqual({ undo: 'Edit annotation', redo: null });
  });

  it('a redo refused the same way says so too', async () => {
    await addArticles(db, [makeArticle('a1', TEXT)]);
    const id = seqId(2);
    await createAnnotations(db, [makeAnnotation(TEXT, 0, 5, { id, articleId: 'a1' })]);
    await undoLast();
    await trashArticles(db, ['a1']);
    useGloss.setState({ notices: [] });

    await redoLast();
    expect(useGloss.getState().notices[0]).toMatchObject({
      tone: 'error',
      title: 'Could not redo the change; nothing was changed',
    });
    expect(await db.annotations.get(id)).toBeUndefined();
    expect(await historyState(db)).toEqual({ undo: null, redo: 'Create annotation' });
  });
});
