import { afterEach, describe, expect, it } from 'vitest';
import { recordDigest, travellingRecord } from '../../../core/sync';
import { createAnnotations, historyState, updateAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles, getArticle, restoreRemovedText } from '../../../renderer/src/db/articles';
import { db } from '../../../renderer/src/db';
import { applySyncPage } from '../../../renderer/src/db/sync-apply';
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

/**
 * Articles a1 and a2; annotation `id` created on a1, then `between` done, then the annotation
 * made an opinion (“Edit annotation”, the step undo takes next); then a1 is moved to the Trash,
 * and removed for good when `forGood` (as a colleague's removal arrives through Team Sync).
 */
async function editedThenRemoved(id: string, forGood: boolean, between?: () => Promise<unknown>) {
  await addArticles(db, [makeArticle('a1', TEXT), makeArticle('a2', TEXT)]);
  await createAnnotations(db, [makeAnnotation(TEXT, 0, 5, { id, articleId: 'a1' })]);
  await between?.();
  await updateAnnotations(db, [id], { stance: 'opinion' });
  await trashArticles(db, ['a1']);
  if (forGood) await emptyTrash(db);
  expect(await db.annotations.get(id)).toBeUndefined();
}

/** Presses undo, expects the store's refusal of `step` (nothing changed), and returns its notice. */
async function refusedUndo(step: string) {
  await undoLast();
  const notice = useGloss.getState().notices.at(-1);
  expect(notice).toMatchObject({
    tone: 'error',
    title: `Could not undo “${step}”: its article is no longer in the library. Nothing was changed.`,
  });
  expect(await historyState(db)).toMatchObject({ undo: step });
  return notice!;
}

describe('an undo or redo the store refuses', () => {
  it('leaves the library and the history as they were, and shows an error naming the cause', async () => {
    const id = seqId(1);
    await editedThenRemoved(id, false);

    // In words: the step by its name, what happened, what to do (restore from the Trash, one
    // click away); the store's message with ids only as the technical detail, shown on request.
    const notice = await refusedUndo('Edit annotation');
    expect(notice).toMatchObject({
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
    const [gone, kept] = [seqId(3), seqId(4)];
    await editedThenRemoved(gone, true, () =>
      createAnnotations(db, [makeAnnotation(TEXT, 6, 11, { id: kept, articleId: 'a2' })], 'Add claim'),
    );

    const notice = await refusedUndo('Edit annotation');
    expect(notice).toMatchObject({
      details: [
        'It was removed since: by a colleague, through Team Sync, or deleted for good. Skip this step to undo the ones before it; otherwise it stays in the history until the article comes back.',
      ],
      technical: `This annotation (${gone}) was not saved: its article a1 is not in the library.`,
      action: { label: 'Skip this step' },
    });
    expect(await historyState(db)).toEqual({ undo: 'Edit annotation', redo: null });

    // Skipped, the step leaves the history (nothing else changes); undo then takes the one before.
    await notice.action!.run();
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
    const [gone, kept] = [seqId(5), seqId(6)];
    await editedThenRemoved(gone, true);
    const notice = await refusedUndo('Edit annotation');

    await createAnnotations(db, [makeAnnotation(TEXT, 6, 11, { id: kept, articleId: 'a2' })], 'Add claim');
    await notice.action!.run();
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

  /*
   * Refusals other than a missing article: each offers Skip this step too (before, the notice
   * said only "The library refused the change" and offered nothing: undo stayed stuck there).
   */
  it('an undo whose passage is no longer in its article’s text (the text came back shorter through Team Sync) offers Skip this step', async () => {
    const [near, other] = [seqId(7), seqId(8)];
    await addArticles(db, [makeArticle('a1', TEXT), makeArticle('a2', TEXT)]);
    const end = TEXT.length;
    await createAnnotations(db, [makeAnnotation(TEXT, 6, 11, { id: other, articleId: 'a2' })], 'Add claim');
    // A claim on the article's last words, then a note on it (the step undo takes next).
    await createAnnotations(db, [makeAnnotation(TEXT, end - 13, end - 1, { id: near, articleId: 'a1' })]);
    await updateAnnotations(db, [near], { note: 'Check the figure.' }, 'Edit note');
    // A colleague's version of the article arrives through Team Sync, without its last sentence
    // (the sync's own write path: the page's record replaces what the store held).
    const held = (await getArticle(db, 'a1'))!;
    const short = TEXT.slice(0, TEXT.indexOf(' since'));
    const theirs = {
      ...held,
      text: short,
      blocks: [{ type: 'paragraph' as const, start: 0, end: short.length }],
    };
    await applySyncPage(db, {
      records: [{ kind: 'article', record: theirs }],
      removed: [],
      docs: { 'article:a1': ['2-abc', 'x'] },
      keep: [],
      was: { 'article:a1': await recordDigest(travellingRecord({ kind: 'article', record: held })) },
    });
    expect((await db.articles.get('a1'))?.chars).toBe(short.length);
    useGloss.setState({ notices: [] });

    await undoLast();
    expect(useGloss.getState().notices.at(-1)).toMatchObject({
      tone: 'error',
      title:
        'Could not undo “Edit note”: the passage it puts back is no longer in its article’s text. Nothing was changed.',
      details: [
        '“Title a1” is shorter now than when the step was made (its text was changed since, by a colleague through Team Sync). Skip this step to undo the ones before it; the annotation stays as it is now.',
      ],
      technical: expect.stringContaining(`This annotation (${near}) was not saved: its position`),
      action: { label: 'Skip this step' },
    });
    expect((await db.annotations.get(near))?.note).toBe('Check the figure.');
    expect(await historyState(db)).toEqual({ undo: 'Edit note', redo: null });

    // Skipped: undo goes on with the step before it (the claim's creation: undone, it goes).
    await useGloss.getState().notices.at(-1)!.action!.run();
    expect(await historyState(db)).toEqual({ undo: 'Create annotation', redo: null });
    expect((await db.annotations.get(near))?.note).toBe('Check the figure.');
    await undoLast();
    expect(await db.annotations.get(near)).toBeUndefined();
    expect(await historyState(db)).toEqual({ undo: 'Add claim', redo: 'Create annotation' });
  });

  it('a step whose saved state fails the library’s checks (saved by an earlier Gloss) offers Skip this step', async () => {
    const [id, kept] = [seqId(9), seqId(10)];
    await addArticles(db, [makeArticle('a1', TEXT)]);
    await createAnnotations(db, [makeAnnotation(TEXT, 6, 11, { id: kept, articleId: 'a1' })], 'Add claim');
    const before = makeAnnotation(TEXT, 0, 5, { id, articleId: 'a1' });
    await createAnnotations(db, [before]);
    // The step as an earlier Gloss might have kept it: a credibility the model no longer allows.
    await db.history.add({
      label: 'Set credibility',
      changes: [{ before: { ...before, credibility: 9 as never }, after: before }],
      at: '2026-11-23T10:00:00.000Z',
      undone: false,
    });
    useGloss.setState({ notices: [] });

    await undoLast();
    expect(useGloss.getState().notices.at(-1)).toMatchObject({
      tone: 'error',
      title:
        'Could not undo “Set credibility”: what it puts back no longer passes the library’s checks. Nothing was changed.',
      details: [
        'The library checks every record it stores, and the state this step saved fails those checks now (a step saved by an earlier Gloss, say). Skip this step to undo the ones before it; nothing else changes.',
      ],
      technical: expect.stringContaining(`This annotation (${id}) was not saved: credibility`),
      action: { label: 'Skip this step' },
    });
    await useGloss.getState().notices.at(-1)!.action!.run();
    expect(useGloss.getState().notices.at(-1)).toMatchObject({
      title: 'Skipped “Set credibility”; Undo now takes the next step.',
    });
    await undoLast();
    expect(await db.annotations.get(id)).toBeUndefined();
    expect(await db.annotations.get(kept)).toBeDefined();
    expect(await historyState(db)).toEqual({ undo: 'Add claim', redo: 'Create annotation' });
  });

  it('an undo that would discard a colleague’s later change to the annotation (through Team Sync) is refused; Skip this step goes on', async () => {
    const [id, kept] = [seqId(11), seqId(12)];
    await addArticles(db, [makeArticle('a1', TEXT)]);
    await createAnnotations(db, [makeAnnotation(TEXT, 6, 11, { id: kept, articleId: 'a1' })], 'Add claim');
    await createAnnotations(db, [makeAnnotation(TEXT, 0, 5, { id, articleId: 'a1' })]);
    await updateAnnotations(db, [id], { note: 'Check the figure.' }, 'Edit note');
    // Ana, through Team Sync, makes it an opinion after Bo's note.
    const mine = (await db.annotations.get(id))!;
    const ana = { id: 'ana', name: 'Ana Analyst' };
    const theirs = {
      ...mine,
      stance: 'opinion' as const,
      updatedBy: ana,
      updatedAt: '2026-12-01T10:00:00.000Z',
    };
    await applySyncPage(db, {
      records: [{ kind: 'annotation', record: theirs }],
      removed: [],
      docs: { [`annotation:${id}`]: ['3-abc', 'x'] },
      keep: [],
      was: {
        [`annotation:${id}`]: await recordDigest(travellingRecord({ kind: 'annotation', record: mine })),
      },
    });
    expect((await db.annotations.get(id))?.stance).toBe('opinion');
    useGloss.setState({ notices: [] });

    // Before, undo put Bo's earlier state back whole: Ana's stance was gone without a word.
    await undoLast();
    expect(useGloss.getState().notices.at(-1)).toMatchObject({
      tone: 'error',
      title: 'Could not undo “Edit note”: Ana Analyst changed its annotation since. Nothing was changed.',
      details: [
        'Their change came through Team Sync (or a merge); undoing this step now would throw it away. Skip this step to undo the ones before it; the annotation stays as Ana Analyst left it.',
      ],
      technical: expect.stringContaining(`This annotation (${id}) was changed by Ana Analyst (ana)`),
      action: { label: 'Skip this step' },
    });
    expect(await db.annotations.get(id)).toEqual(theirs);
    expect(await historyState(db)).toEqual({ undo: 'Edit note', redo: null });

    await useGloss.getState().notices.at(-1)!.action!.run();
    expect(await historyState(db)).toEqual({ undo: 'Create annotation', redo: null });
    // The creation's undo would delete Ana's version too: refused the same way.
    await undoLast();
    expect(useGloss.getState().notices.at(-1)).toMatchObject({
      title:
        'Could not undo “Create annotation”: Ana Analyst changed its annotation since. Nothing was changed.',
    });
    expect(await db.annotations.get(id)).toEqual(theirs);
  });

  it('an undo after the analyst’s own change outside the history (a restored passage) still goes through', async () => {
    const id = seqId(13);
    const text = 'Officials denied a fuel shortage. Analysts expect the corridor to stay open.';
    await addArticles(db, [
      makeArticle('a1', text, { removed: [{ at: 0, text: 'Share this. ', reason: 'share' }] }),
    ]);
    await createAnnotations(db, [makeAnnotation(text, 10, 16, { id, articleId: 'a1' })]);
    await updateAnnotations(db, [id], { note: 'Which officials?' }, 'Edit note');
    const restored = await restoreRemovedText(db, 'a1', 0, (await db.bodies.get('a1'))!.removed[0]!);
    expect(restored.reanchored).toBe(1);
    await undoLast();
    expect(useGloss.getState().notices.at(-1)).toMatchObject({ tone: 'info', title: 'Undone: Edit note' });
    expect((await db.annotations.get(id))?.note).toBe('');
  });
});
