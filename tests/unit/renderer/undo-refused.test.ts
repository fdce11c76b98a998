import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotations, historyState, updateAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { db } from '../../../renderer/src/db';
import { emptyTrash, listTrash, restoreFromTrash, trashArticles } from '../../../renderer/src/db/trash';
import { redoLast, undoLast } from '../../../renderer/src/features/annotations/actions';
import { useGloss } from '../../../renderer/src/store';
import { makeAnnotation, makeArticle, seqId } from './records';

/*
 * Undo / redo of a step the library can no longer put back — its annotation's article was removed
 * since (moved to the trash here; team sync's twins are moved instead: team-sync-incremental) —
 * changes nothing and says why, in words: the step by name, what happened to its article and what
 * to do; the store's own message (with ids) only as the technical detail. The app's own store and
 * actions, as Ctrl+Z runs them.
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
    // In words: the step by its name, what happened, what to do (restore from the Trash, one
    // click away); the store's message with ids only as the technical detail, shown on request.
    expect(notice).toMatchObject({
      tone: 'error',
      title:
        'Could not undo “Edit annotation”: its article is no longer in the library. Nothing was changed.',
      details: ['“Title a1” is in the Trash: restore it (Edit › Trash…), then undo again.'],
      technical: `This annotation (${id}) was not saved: its article a1 is not in the library.`,
      action: { label: 'Open Trash' },
    });
    expect(await db.annotations.get(id)).toBeUndefined();
    expect(await historyState(db)).toEqual({ undo: 'Edit annotation', redo: null });

    // Restored from the Trash, the same undo goes through.
    const [entry] = await listTrash(db);
    await restoreFromTrash(db, entry!.id);
    await undoLast();
    expect((await db.annotations.get(id))?.stance).not.toBe('opinion');
    expect(await historyState(db)).toEqual({ undo: 'Create annotation', redo: 'Edit annotation' });
  });

  it('an article removed for good (as by a colleague through Team Sync) is named as such, with nothing to restore', async () => {
    await addArticles(db, [makeArticle('a1', TEXT)]);
    const id = seqId(3);
    await createAnnotations(db, [makeAnnotation(TEXT, 0, 5, { id, articleId: 'a1' })]);
    await updateAnnotations(db, [id], { credibility: 2 });
    await trashArticles(db, ['a1']);
    await emptyTrash(db);

    await undoLast();
    const [notice] = useGloss.getState().notices;
    expect(notice).toMatchObject({
      tone: 'error',
      title:
        'Could not undo “Edit annotation”: its article is no longer in the library. Nothing was changed.',
      details: [
        'It was removed since: by a colleague, through Team Sync, or deleted for good. The step stays in the history and can be undone if the article comes back.',
      ],
      technical: `This annotation (${id}) was not saved: its article a1 is not in the library.`,
    });
    expect(notice?.action).toBeUndefined();
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
      title:
        'Could not redo “Create annotation”: its article is no longer in the library. Nothing was changed.',
      details: ['“Title a1” is in the Trash: restore it (Edit › Trash…), then redo again.'],
      technical: expect.stringContaining('its article a1 is not in the library'),
    });
    expect(await db.annotations.get(id)).toBeUndefined();
    expect(await historyState(db)).toEqual({ undo: null, redo: 'Create annotation' });
  });
});
