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

  it('an article removed for good (as by a colleague through Team Sync) is named as such; Skip this step reaches the steps before it', async () => {
    await addArticles(db, [makeArticle('a1', TEXT), makeArticle('a2', TEXT)]);
    const [gone, kept] = [seqId(3), seqId(4)];
    await createAnnotations(db, [makeAnnotation(TEXT, 0, 5, { id: gone, articleId: 'a1' })]);
    await createAnnotations(db, [makeAnnotation(TEXT, 6, 11, { id: kept, articleId: 'a2' })], 'Add claim');
    await updateAnnotations(db, [gone], { credibility: 2 });
    await trashArticles(db, ['a1']);
    await emptyTrash(db);

    await undoLast();
    const [notice] = useGloss.getState().notices;
    expect(notice).toMatchObject({
      tone: 'error',
      title:
        'Could not undo “Edit annotation”: its article is no longer in the library. Nothing was changed.',
      details: [
        'It was removed since: by a colleague, through Team Sync, or deleted for good. Skip this step to undo the ones before it; otherwise it stays in the history until the article comes back.',
      ],
      technical: `This annotation (${gone}) was not saved: its article a1 is not in the library.`,
      action: { label: 'Skip this step' },
    });
    expect(await historyState(db)).toEqual({ undo: 'Edit annotation', redo: null });

    // Skipped, the step leaves the history (nothing else changes); undo then takes the one before.
    await notice!.action!.run();
    expect(useGloss.getState().notices.at(-1)).toMatchObject({
      tone: 'info',
      title: 'Skipped “Edit annotation”; Undo now takes the next step.',
    });
    expect(await historyState(db)).toEqual({ undo: 'Add claim', redo: null });
    expect(await db.annotations.get(kept)).toBeDefined();
    await undoLast();
    expect(await db.annotations.get(kept)).toBeUndefined();
    expect(useGloss.getState().notices.at(-1)).toMatchObject({ tone: 'info', title: 'Undone: Add claim' });
  });

  it('Skip this step never drops a step made after the refusal', async () => {
    await addArticles(db, [makeArticle('a1', TEXT), makeArticle('a2', TEXT)]);
    const [gone, kept] = [seqId(5), seqId(6)];
    await createAnnotations(db, [makeAnnotation(TEXT, 0, 5, { id: gone, articleId: 'a1' })]);
    await updateAnnotations(db, [gone], { credibility: 2 });
    await trashArticles(db, ['a1']);
    await emptyTrash(db);
    await undoLast();
    const [notice] = useGloss.getState().notices;

    await createAnnotations(db, [makeAnnotation(TEXT, 6, 11, { id: kept, articleId: 'a2' })], 'Add claim');
    await notice!.action!.run();
    expect(useGloss.getState().notices.at(-1)).toMatchObject({
      tone: 'info',
      title: 'Nothing skipped: the history changed since; undo again to see where it stands.',
    });
    expect(await historyState(db)).toEqual({ undo: 'Add claim', redo: null });
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
