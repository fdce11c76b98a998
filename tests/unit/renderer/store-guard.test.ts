import { Dexie } from 'dexie';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFigure } from '../../../core/annotate/figures';
import type { Annotation, AnnotationKind, Reliability } from '../../../core/model';
import { readProjectFile, writeProjectFile } from '../../../core/project';
import {
  createAnnotations,
  currentAnalyst,
  deleteAnnotations,
  redo,
  setSourceGrade,
  undo,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { ArticleChangeError, addArticles, updateArticleMetadata } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { onStoreChange, type StoreChange } from '../../../renderer/src/db/changes';
import { StoreValidationError } from '../../../renderer/src/db/guard';
import { deleteArticles, restoreArticles } from '../../../renderer/src/db/library';
import { readProjectDocument, splitArticle } from '../../../renderer/src/db/project-data';
import { makeArticle as realArticle } from '../core/project/make-project';
import { makeAnnotation, makeArticle, seqId, storeAnnotations } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
let db: GlossDB;
let n = 0;

beforeEach(async () => {
  db = new GlossDB(`gloss-guard-${Date.now()}-${Math.random()}`);
  await addArticles(db, [makeArticle('a', TEXT)]);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** What the store holds, to show that a refused write changed nothing. */
const snapshot = async () => ({
  annotations: await db.annotations.toArray(),
  articles: await db.articles.toArray(),
  bodies: await db.bodies.toArray(),
  grades: await db.sourceGrades.toArray(),
  history: await db.history.count(),
});

describe('the store refuses what a project file could not hold, and writes nothing', () => {
  it.each<[string, (a: Annotation) => Annotation, RegExp]>([
    [
      'a figure of 400 digits (Infinity)',
      (a) => ({ ...a, kind: 'figure', figure: { value: Number('9'.repeat(400)), unit: '' } }),
      /figure\.value/,
    ],
    [
      'a position past the end of the text',
      (a) => ({
        ...a,
        selectors: a.selectors.map((s) =>
          s.type === 'TextPositionSelector' ? { ...s, start: 60, end: 1e9 } : s,
        ),
      }),
      /outside the article's text/,
    ],
    [
      'a reversed position',
      (a) => ({
        ...a,
        selectors: a.selectors.map((s) =>
          s.type === 'TextPositionSelector' ? { ...s, start: 60, end: 10 } : s,
        ),
      }),
      /end comes before start/,
    ],
    ['an unknown kind', (a) => ({ ...a, kind: 'rumour' as AnnotationKind }), /kind/],
    ['a day that does not exist', (a) => ({ ...a, updatedAt: '2025-02-30T25:61:61Z' }), /has no day 30/],
    ['a time past year 9999', (a) => ({ ...a, updatedAt: '+010000-01-01T00:00:00.000Z' }), /updatedAt/],
    ['month 13', (a) => ({ ...a, createdAt: '2025-13-01T10:00:00Z' }), /month 13 does not exist/],
  ])('an annotation with %s', async (_what, spoil, message) => {
    const good = makeAnnotation(TEXT, 0, 5, { id: seqId(++n), articleId: 'a' });
    await createAnnotations(db, [good]);
    const before = await snapshot();
    const bad = spoil(makeAnnotation(TEXT, 6, 12, { id: seqId(++n), articleId: 'a' }));
    const attempt = createAnnotations(db, [{ ...good, id: seqId(++n) }, bad]);
    await expect(attempt).rejects.toBeInstanceOf(StoreValidationError);
    await expect(createAnnotations(db, [bad])).rejects.toThrow(message);
    expect(await snapshot()).toEqual(before);
  });

  it('an edit that would break a record (the figure a 400-digit number parses to)', async () => {
    const a = makeAnnotation(TEXT, 0, 5, { id: seqId(++n), articleId: 'a', kind: 'figure' });
    await createAnnotations(db, [a]);
    const before = await snapshot();
    const figure = parseFigure('9'.repeat(400));
    await expect(
      updateAnnotations(db, [a.id], { figure: figure ?? { value: Infinity, unit: '' } }),
    ).rejects.toThrow(StoreValidationError);
    expect(await snapshot()).toEqual(before);
  });

  it('an article whose text lies outside its blocks, and details with an impossible date', async () => {
    const before = await snapshot();
    const hidden = makeArticle('h', 'Shown. Hidden words an annotation could sit on.', {
      blocks: [{ type: 'paragraph', start: 0, end: 6 }],
    });
    await expect(addArticles(db, [hidden])).rejects.toThrow(/lies in no block/);
    await expect(updateArticleMetadata(db, 'a', { publishedAt: '2025-02-30' })).rejects.toThrow(
      /The details were not saved: publishedAt: 2025-02 has no day 30/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('an annotation on an article the store does not hold', async () => {
    const before = await snapshot();
    await expect(
      storeAnnotations(db, [makeAnnotation(TEXT, 0, 5, { id: seqId(++n), articleId: 'nowhere' })]),
    ).rejects.toThrow(/its article nowhere is not in the library/);
    expect(await snapshot()).toEqual(before);
  });

  it('an annotation on an article this very transaction read and then removed, shortened, or failed to overwrite', async () => {
    const before = await snapshot();
    // Read first (the guard then knows the article's length), changed after: the check sees the change.
    const removed = db.transaction('rw', [db.articles, db.bodies, db.annotations], async () => {
      expect((await db.articles.bulkGet(['a']))[0]?.chars).toBe(TEXT.length);
      await db.articles.delete('a');
      await db.bodies.delete('a');
      await db.annotations.bulkPut([makeAnnotation(TEXT, 0, 5, { id: seqId(++n), articleId: 'a' })]);
    });
    await expect(removed).rejects.toThrow(/its article a is not in the library/);
    const short = TEXT.slice(0, 20);
    const shortened = db.transaction('rw', [db.articles, db.bodies, db.annotations], async () => {
      expect((await db.articles.get('a'))?.chars).toBe(TEXT.length);
      const { meta, body } = splitArticle(makeArticle('a', short));
      await db.articles.put(meta);
      await db.bodies.put(body);
      await db.annotations.bulkPut([makeAnnotation(TEXT, 30, 40, { id: seqId(++n), articleId: 'a' })]);
    });
    await expect(shortened).rejects.toThrow(/outside the article's text/);
    expect(await snapshot()).toEqual(before);
    // And one written in the same transaction as its article is checked against what was written.
    const made = makeArticle('b', short);
    await db.transaction('rw', [db.articles, db.bodies, db.annotations], async () => {
      const { meta, body } = splitArticle(made);
      await db.articles.put(meta);
      await db.bodies.put(body);
      await db.annotations.bulkPut([makeAnnotation(short, 0, 5, { id: seqId(++n), articleId: 'b' })]);
    });
    expect(await db.annotations.where('articleId').equals('b').count()).toBe(1);

    // An article write that failed (its id is taken) and was caught: the check sees the stored one.
    const longer = `${TEXT} ${TEXT}`;
    const failed = db.transaction('rw', [db.articles, db.annotations], async () => {
      await db.articles.bulkAdd([splitArticle(makeArticle('a', longer)).meta]).catch(() => undefined);
      await db.annotations.bulkPut([makeAnnotation(longer, 100, 110, { id: seqId(++n), articleId: 'a' })]);
    });
    await expect(failed).rejects.toThrow(/outside the article's text/);
  });
});

/** One call of the write API, as a user's action would make it, with valid or hostile values. */
type Step =
  | { op: 'create'; start: number; length: number; kind: AnnotationKind; figure: number | null }
  | { op: 'edit'; pick: number; patch: Record<string, unknown> }
  | { op: 'delete'; pick: number }
  | { op: 'undo' }
  | { op: 'redo' }
  | { op: 'grade'; reliability: Reliability | null }
  | { op: 'details'; title: string; publishedAt: string | null }
  | { op: 'deleteArticle' }
  | { op: 'restoreArticle' };

const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(Infinity, -Infinity, NaN, 1e308, Number('9'.repeat(400))),
  fc.integer(),
);
const hostileDate = fc.oneof(
  fc.constant(null),
  fc.constantFrom('2025-02-30', '2025-13-01', '+010000-01-01', '9999-12-31', 'yesterday', '2025-06-25'),
  fc.date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true }).map((d) => d.toISOString()),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    start: fc.integer({ min: -5, max: TEXT.length + 5 }),
    length: fc.integer({ min: -3, max: 40 }),
    kind: fc.constantFrom<AnnotationKind>('claim', 'assessment', 'figure'),
    figure: fc.option(hostileNumber),
  }),
  fc.record({
    op: fc.constant('edit' as const),
    pick: fc.nat(),
    patch: fc.oneof(
      fc.record({ credibility: fc.oneof(fc.integer({ min: -2, max: 9 }), fc.constant(null)) }),
      fc.record({ stance: fc.constantFrom('opinion', 'reporting', null, 'rumour') }),
      fc.record({ kind: fc.constantFrom('claim', 'assessment', 'figure', 'guess') }),
      fc.record({ note: fc.string() }),
      fc.record({ tags: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }) }),
      fc.record({
        figure: fc.option(fc.record({ value: hostileNumber, unit: fc.string({ maxLength: 3 }) })),
      }),
    ),
  }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.constant({ op: 'undo' as const }),
  fc.constant({ op: 'redo' as const }),
  fc.record({
    op: fc.constant('grade' as const),
    reliability: fc.constantFrom<Reliability | null>('A', 'C', 'F', null),
  }),
  fc.record({
    op: fc.constant('details' as const),
    title: fc.string({ maxLength: 12 }),
    publishedAt: hostileDate,
  }),
  fc.constant({ op: 'deleteArticle' as const }),
  fc.constant({ op: 'restoreArticle' as const }),
);

describe('whatever the write API is asked, the store can always be saved as a project and read back', () => {
  it('holds for random sequences of valid and hostile calls', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const name = `gloss-fuzz-${Date.now()}-${Math.random()}`;
        const store = new GlossDB(name);
        try {
          // A real SHA-256 of the text: the project file checks it on reading.
          await addArticles(store, [await realArticle('a', TEXT, { source: 'ISW' })]);
          let removed: Awaited<ReturnType<typeof deleteArticles>> | null = null;
          for (const s of steps) {
            const ids = (await store.annotations.toArray()).map((a) => a.id);
            const pick = (k: number) => ids[k % Math.max(ids.length, 1)];
            try {
              switch (s.op) {
                case 'create': {
                  const start = s.start;
                  const end = s.start + s.length;
                  // The quote comes from a clamped, non-empty range of the text.
                  const qs = Math.max(0, Math.min(start, TEXT.length - 1));
                  const a = makeAnnotation(TEXT, qs, Math.max(qs + 1, Math.min(end, TEXT.length)), {
                    id: seqId(++n),
                    articleId: 'a',
                    kind: s.kind,
                    figure: s.figure === null ? null : { value: s.figure, unit: '' },
                  });
                  // Positions as given (possibly reversed or past the end), quotes from the text.
                  a.selectors = a.selectors.map((x) =>
                    x.type === 'TextPositionSelector' ? { ...x, start, end } : x,
                  );
                  await createAnnotations(store, [a]);
                  break;
                }
                case 'edit':
                  if (pick(s.pick)) await updateAnnotations(store, [pick(s.pick)!], s.patch as never);
                  break;
                case 'delete':
                  if (pick(s.pick)) await deleteAnnotations(store, [pick(s.pick)!]);
                  break;
                case 'undo':
                  await undo(store);
                  break;
                case 'redo':
                  await redo(store);
                  break;
                case 'grade':
                  await setSourceGrade(store, 'ISW', s.reliability);
                  break;
                case 'details':
                  await updateArticleMetadata(store, 'a', {
                    title: s.title,
                    publishedAt: s.publishedAt as never,
                  });
                  break;
                case 'deleteArticle':
                  if (!removed) removed = await deleteArticles(store, ['a']);
                  break;
                case 'restoreArticle':
                  if (removed) {
                    await restoreArticles(store, removed);
                    removed = null;
                  }
                  break;
              }
            } catch (err) {
              // A refusal with its reason is allowed; any other failure is not.
              if (!(err instanceof StoreValidationError || err instanceof ArticleChangeError)) throw err;
            }
          }
          const doc = await readProjectDocument(store, await currentAnalyst(store));
          const bytes = await writeProjectFile(doc);
          const back = await readProjectFile(bytes);
          expect(back.annotations.length).toBe(doc.annotations.length);
        } finally {
          store.close();
          await Dexie.delete(name);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('the change feed across windows and workers', () => {
  it('sends each table’s keys as one string over the BroadcastChannel, and delivers them as lists', async () => {
    const channel = new BroadcastChannel(`gloss-store:${db.name}`);
    try {
      const sent = new Promise<{ keys: Record<string, unknown> }>((resolve) => {
        channel.onmessage = (event: MessageEvent<{ keys: Record<string, unknown> }>) => resolve(event.data);
      });
      const a = makeAnnotation(TEXT, 0, 5, { id: seqId(++n), articleId: 'a' });
      const b = makeAnnotation(TEXT, 6, 12, { id: seqId(++n), articleId: 'a' });
      await storeAnnotations(db, [a, b]);
      // What another window (or the project worker) receives: one string per table.
      const message = await sent;
      expect(typeof message.keys['annotations']).toBe('string');
      expect((message.keys['annotations'] as string).split('\u0000').sort()).toEqual([a.id, b.id].sort());

      // And what this window hears of another's write: lists again, marked as from elsewhere.
      const heard = new Promise<StoreChange>((resolve) => {
        const stop = onStoreChange(db, (c) => {
          stop();
          resolve(c);
        });
      });
      channel.postMessage({ ...message, keys: { ...message.keys, tags: '' } });
      const change = await heard;
      expect(change.origin).toBe('other-window');
      expect([...change.keys.annotations!].sort()).toEqual([a.id, b.id].sort());
      expect(change.keys.tags).toEqual([]);
      expect(change.annotations?.map((w) => w.id).sort()).toEqual([a.id, b.id].sort());
    } finally {
      channel.close();
    }
  });

  it('leaves a message unread where nobody listens, and delivers the next once someone does', async () => {
    const channel = new BroadcastChannel(`gloss-store:${db.name}`);
    // A second channel, opened after the feed's, hears a message only after the feed's had it.
    const behind = new BroadcastChannel(`gloss-store:${db.name}`);
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      // Read, this message would throw (it has no keys to unpack): nobody listens, so it is not.
      const passed = new Promise<void>((resolve) => (behind.onmessage = () => resolve()));
      channel.postMessage({ origin: 'this-window', by: null, annotations: null, sizes: {} });
      await passed;
      expect(errors).toEqual([]);

      const heard = new Promise<StoreChange>((resolve) => {
        const stop = onStoreChange(db, (c) => {
          stop();
          resolve(c);
        });
      });
      channel.postMessage({
        origin: 'this-window',
        by: null,
        annotations: null,
        keys: { tags: 'x' },
        sizes: { tags: 1 },
      });
      expect((await heard).keys.tags).toEqual(['x']);
    } finally {
      process.off('uncaughtException', onError);
      channel.close();
      behind.close();
    }
  });
});
