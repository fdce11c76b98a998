import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../../core/model';
import {
  MAX_HISTORY,
  createAnnotations,
  currentAnalyst,
  deleteAnnotations,
  ensureTags,
  historyState,
  listAnnotations,
  redo,
  setSourceGrade,
  undo,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { GlossDB } from '../../../renderer/src/db/db';
import { addArticles } from '../../../renderer/src/db/articles';
import { onStoreChange, type WrittenAnnotation } from '../../../renderer/src/db/changes';
import { makeAnnotation, makeArticle, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
let db: GlossDB;
let n = 0;

function annotation(start: number, end: number, overrides: Partial<Annotation> = {}): Annotation {
  n++;
  return makeAnnotation(TEXT, start, end, { id: seqId(n), articleId: 'a1', ...overrides });
}

beforeEach(async () => {
  db = new GlossDB(`gloss-annotations-${Date.now()}-${Math.random()}`);
  await addArticles(db, [makeArticle('a1', TEXT)]);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('annotation changes and their history', () => {
  it('creates, edits and deletes, each step undoable and redoable in order', async () => {
    const a = annotation(0, 12);
    await createAnnotations(db, [a]);
    await updateAnnotations(db, [a.id], { stance: 'reporting', credibility: 2 }, 'Grade');
    await updateAnnotations(db, [a.id], { note: 'At the NATO summit' }, 'Edit note');
    await deleteAnnotations(db, [a.id]);
    expect(await listAnnotations(db, 'a1')).toEqual([]);
    expect((await db.annotations.get(a.id))?.deletedAt).not.toBeNull(); // a tombstone stays

    expect(await historyState(db)).toEqual({ undo: 'Delete annotation', redo: null });
    expect((await undo(db))?.label).toBe('Delete annotation');
    expect((await listAnnotations(db, 'a1'))[0]).toMatchObject({
      note: 'At the NATO summit',
      credibility: 2,
    });
    expect((await undo(db))?.label).toBe('Edit note');
    expect((await listAnnotations(db, 'a1'))[0]?.note).toBe('');
    expect((await undo(db))?.label).toBe('Grade');
    expect((await undo(db))?.label).toBe('Create annotation');
    expect(await db.annotations.count()).toBe(0);
    expect(await undo(db)).toBeNull();

    expect((await redo(db))?.label).toBe('Create annotation');
    expect((await redo(db))?.label).toBe('Grade');
    expect((await listAnnotations(db, 'a1'))[0]).toMatchObject({
      stance: 'reporting',
      credibility: 2,
      note: '',
    });
    expect(await historyState(db)).toEqual({ undo: 'Grade', redo: 'Edit note' });
  });

  it('a new change after an undo discards the redo steps', async () => {
    const a = annotation(0, 12);
    await createAnnotations(db, [a]);
    await updateAnnotations(db, [a.id], { note: 'one' });
    await undo(db);
    await updateAnnotations(db, [a.id], { note: 'two' }, 'Second note');
    expect(await redo(db)).toBeNull();
    expect(await historyState(db)).toEqual({ undo: 'Second note', redo: null });
  });

  it('an edit that changes nothing is not a step', async () => {
    const a = annotation(0, 12, { note: 'same' });
    await createAnnotations(db, [a]);
    expect(await updateAnnotations(db, [a.id], { note: 'same' })).toEqual([]);
    expect(await db.history.count()).toBe(1);
  });

  it(`keeps the last ${MAX_HISTORY} steps`, async () => {
    const a = annotation(0, 12);
    await createAnnotations(db, [a]);
    for (let i = 0; i < MAX_HISTORY + 20; i++) await updateAnnotations(db, [a.id], { note: `note ${i}` });
    expect(await db.history.count()).toBe(MAX_HISTORY);
    let undone = 0;
    while (await undo(db)) undone++;
    expect(undone).toBe(MAX_HISTORY);
    // The oldest steps are gone: undo stops at the note the 21st edit left.
    expect((await db.annotations.get(a.id))?.note).toBe('note 19');
  });

  it('a failed write leaves neither the annotation nor a history step', async () => {
    const a = annotation(0, 12);
    await createAnnotations(db, [a]);
    await expect(createAnnotations(db, [annotation(13, 20), { ...a }])).rejects.toThrow();
    expect(await db.annotations.count()).toBe(1);
    expect(await db.history.count()).toBe(1);
  });
});

describe('source grades and tags', () => {
  it('grades a source, regrades it and clears it', async () => {
    await setSourceGrade(db, 'Reuters', 'B');
    await setSourceGrade(db, 'Reuters', 'A');
    expect(await db.sourceGrades.get('Reuters')).toMatchObject({ reliability: 'A' });
    await setSourceGrade(db, 'Reuters', null);
    expect(await db.sourceGrades.count()).toBe(0);
  });

  it('gives each new tag a colour once', async () => {
    await ensureTags(db, ['casualties', 'nato']);
    await ensureTags(db, ['nato', 'missiles']);
    const tags = await db.tags.toArray();
    expect(tags.map((t) => t.name).sort()).toEqual(['casualties', 'missiles', 'nato']);
    expect(new Set(tags.map((t) => t.color)).size).toBe(3);
  });
});

/** The annotation records each committed change on the feed carried. */
function listen(): { heard: WrittenAnnotation[][]; stop: () => void } {
  const heard: WrittenAnnotation[][] = [];
  const stop = onStoreChange(db, (change) => {
    if (change.keys.annotations) heard.push(change.annotations ?? []);
  });
  return { heard, stop };
}

describe('the change feed reports each committed write with the records as written', () => {
  it('announces creations, edits, deletions, undo and redo with the records as they now are', async () => {
    const { heard, stop } = listen();
    try {
      const a = annotation(0, 5);
      await createAnnotations(db, [a]);
      await updateAnnotations(db, [a.id], { stance: 'opinion' });
      await updateAnnotations(db, [a.id], { stance: 'opinion' }); // no change: nothing announced
      await deleteAnnotations(db, [a.id]);
      await undo(db); // back to the edited record
      await redo(db); // deleted again
      expect(heard.map((w) => w.map((x) => [x.id, x.articleId]))).toEqual(
        Array.from({ length: 5 }, () => [[a.id, 'a1']]),
      );
      const values = heard.map((w) => w[0]!.value);
      expect(values[0]).toEqual(a);
      expect(values[1]).toMatchObject({ stance: 'opinion', deletedAt: null });
      expect(values[2]!.deletedAt).not.toBeNull();
      expect(values[3]).toMatchObject({ stance: 'opinion', deletedAt: null });
      expect(values[4]!.deletedAt).not.toBeNull();
      // what was reported is what is stored
      expect(await db.annotations.get(a.id)).toEqual(values[4]);
    } finally {
      stop();
    }
    await createAnnotations(db, [annotation(6, 10)]);
    expect(heard).toHaveLength(5);
  });

  it('undoing a creation announces that the record is gone', async () => {
    const a = annotation(0, 5);
    await createAnnotations(db, [a]);
    const { heard, stop } = listen();
    await undo(db);
    stop();
    expect(heard).toEqual([[{ id: a.id, articleId: 'a1', value: null }]]);
    expect(await db.annotations.get(a.id)).toBeUndefined();
  });

  it('a failed transaction announces nothing', async () => {
    const a = annotation(0, 5);
    await createAnnotations(db, [a]);
    const { heard, stop } = listen();
    await expect(createAnnotations(db, [a])).rejects.toThrow(); // same id: the add fails
    stop();
    expect(heard).toEqual([]);
  });
});

describe('the analyst', () => {
  it('is made once, kept, and a rename written to meta is seen at once', async () => {
    const first = await currentAnalyst(db);
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await currentAnalyst(db)).toEqual(first);
    await db.meta.put({ key: 'analyst', value: { id: first.id, name: 'Dana Reyes' } });
    expect(await currentAnalyst(db)).toEqual({ id: first.id, name: 'Dana Reyes' });
  });
});
