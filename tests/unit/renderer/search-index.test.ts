import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation, Article } from '../../../core/model';
import {
  createAnnotations,
  deleteAnnotations,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB, getMeta, putMeta } from '../../../renderer/src/db/db';
import {
  COUNT_CAP,
  LibraryIndex,
  annotationDoc,
  articleDoc,
  buildIndex,
  loadStoredIndex,
  refreshDocs,
  storeIndex,
  wordMatcher,
} from '../../../renderer/src/db/search-index';
import { makeSnippet } from '../../../renderer/src/features/search/snippet';
import { makeAnnotation, makeArticle, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
let db: GlossDB;

function article(id: string, title: string, text: string): Article {
  return makeArticle(id, text, { title });
}

function annotation(id: number, over: Partial<Annotation> = {}): Annotation {
  return makeAnnotation(TEXT, 0, 12, { id: seqId(id), ...over });
}

beforeEach(async () => {
  db = new GlossDB(`gloss-search-${Date.now()}-${Math.random()}`);
  await addArticles(db, [
    article('a', 'Rubio at NATO', TEXT),
    article('b', 'Baltic drills', 'Exercises near Narva.'),
  ]);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const find = (index: LibraryIndex, query: string, limit = 50) =>
  index.search(query, limit).hits.map((h) => h.id);

describe('search documents', () => {
  it('an article is its title and text; an annotation its quote, note and tags; tombstones none', () => {
    expect(articleDoc({ id: 'a', title: '', fileName: 'a.txt' }, { text: 'x' })).toEqual({
      id: 'a:a',
      type: 'article',
      articleId: 'a',
      title: 'a.txt',
      text: 'x',
    });
    const a = annotation(1, { note: 'checked', tags: ['casualties', 'nato'] });
    expect(annotationDoc(a)).toEqual({
      id: `n:${a.id}`,
      type: 'annotation',
      articleId: 'a',
      quote: 'Rubio stated',
      note: 'checked',
      tags: 'casualties nato',
    });
    expect(annotationDoc({ ...a, deletedAt: '2026-11-23T11:00:00.000Z' })).toBeNull();
  });
});

describe('the index', () => {
  it('is built from the database, follows changes, and loads back only while it is current', async () => {
    const a = annotation(1, { note: 'Zanzibarite wording', tags: ['casualties'] });
    const gone = annotation(2, { note: 'obsolete remark' });
    await createAnnotations(db, [a, gone]);
    await deleteAnnotations(db, [gone.id]);
    const index = await buildIndex(db);
    expect(find(index, 'zanzibarite')).toEqual([`n:${a.id}`]);
    expect(find(index, 'narva')).toEqual(['a:b']);
    expect(find(index, 'obsolete')).toEqual([]);
    // Every word must match, in any of the document's fields; each may be the start of a word;
    // case and accents do not matter; numbers are whole.
    expect(find(index, 'killed janu')).toEqual(['a:a']);
    expect(find(index, 'zanzibarite casualties')).toEqual([`n:${a.id}`]);
    expect(find(index, 'EXERCISES NÁRVA')).toEqual(['a:b']);
    expect(find(index, '80,000')).toEqual(['a:a']);
    expect(find(index, '800')).toEqual([]);
    expect(find(index, '202')).toEqual(['a:a']);
    expect(find(index, 'killed narva')).toEqual([]);
    expect(find(index, '  ,, ')).toEqual([]);
    const hit = index.search('narva', 5).hits[0]!;
    expect(hit).toMatchObject({ id: 'a:b', type: 'article', articleId: 'b' });

    await storeIndex(db, index);
    const loaded = await loadStoredIndex(db);
    expect(find(loaded!, 'zanzibarite')).toEqual([`n:${a.id}`]);
    expect(loaded!.size).toBe(index.size);

    // A change the index has not seen makes the stored copy outdated.
    await updateAnnotations(db, [a.id], { note: 'Rewritten remark' });
    expect(await loadStoredIndex(db)).toBeNull();
    await refreshDocs(db, index, [], [a.id]);
    expect(find(index, 'zanzibarite')).toEqual([]);
    expect(find(index, 'rewritten')).toEqual([`n:${a.id}`]);
    expect(index.retired).toBe(1);
    // Writes that do not change what is searched (credibility) leave the index alone.
    await updateAnnotations(db, [a.id], { credibility: 2 });
    await refreshDocs(db, index, [], [a.id]);
    expect(index.retired).toBe(1);

    // A deleted article leaves the index.
    await db.transaction('rw', db.articles, db.bodies, async () => {
      await db.articles.delete('b');
      await db.bodies.delete('b');
    });
    await refreshDocs(db, index, ['b'], []);
    expect(find(index, 'narva')).toEqual([]);
    await storeIndex(db, index);
    const again = (await loadStoredIndex(db))!;
    expect(find(again, 'rewritten')).toEqual([`n:${a.id}`]);
    expect(find(again, 'narva')).toEqual([]);
    expect(again.retired).toBe(index.retired);
  });

  it('indexes the annotations a change carried as it wrote them, without reading them back', async () => {
    const [a, b] = [annotation(7, { note: 'Quillwort survey' }), annotation(8, { note: 'Marram grass' })];
    await createAnnotations(db, [a, b]);
    const index = await buildIndex(db);
    expect(find(index, 'quillwort')).toEqual([`n:${a.id}`]);
    // What the store's feed carried for a later change: the carried value is indexed (not the
    // stored one, which this test leaves as it was), a carried removal leaves the index, and an
    // annotation named but not carried is read from the store.
    const carried = new Map<string, Annotation | null>([
      [a.id, { ...a, note: 'Bladderwrack count' }],
      [b.id, null],
    ]);
    const c = annotation(9, { note: 'Samphire beds' });
    await createAnnotations(db, [c]);
    await refreshDocs(db, index, [], [a.id, b.id, c.id], carried);
    expect(find(index, 'quillwort')).toEqual([]);
    expect(find(index, 'bladderwrack')).toEqual([`n:${a.id}`]);
    expect(find(index, 'marram')).toEqual([]);
    expect(find(index, 'samphire')).toEqual([`n:${c.id}`]);
  });

  it('a stored index of another version, or inconsistent, is not used', async () => {
    const index = await buildIndex(db);
    await storeIndex(db, index);
    const stored = (await getMeta(db, 'searchIndex'))!;
    await putMeta(db, 'searchIndex', { ...stored, version: 1 });
    expect(await loadStoredIndex(db)).toBeNull();
    // Version 2's form (JSON arrays), hashes that do not match the documents, cut-off postings.
    await putMeta(db, 'searchIndex', { ...stored, hashes: '[]' } as unknown as typeof stored);
    expect(await loadStoredIndex(db)).toBeNull();
    await putMeta(db, 'searchIndex', { ...stored, hashes: new Uint32Array(1) });
    expect(await loadStoredIndex(db)).toBeNull();
    const data = stored.body.data.slice(0, -1);
    await putMeta(db, 'searchIndex', { ...stored, body: { ...stored.body, data } });
    expect(await loadStoredIndex(db)).toBeNull();
    // The intact copy loads.
    await putMeta(db, 'searchIndex', stored);
    expect(await loadStoredIndex(db)).not.toBeNull();
  });
});

describe('ranking and limits', () => {
  it('ranks title matches first, skips replaced documents, and counts matches up to the cap', () => {
    const index = new LibraryIndex();
    const docs = Array.from({ length: 1500 }, (_, i) =>
      articleDoc(
        { id: `x${i}`, title: i === 1200 ? 'Drone strikes on Kyiv' : `Report ${i}`, fileName: '' },
        { text: `Report ${i} mentions a drone among other things.` },
      ),
    );
    index.addAll(docs);
    const { hits, total } = index.search('drone', 10);
    expect(hits).toHaveLength(10);
    expect(hits[0]!.id).toBe('a:x1200');
    expect(total).toBe(COUNT_CAP);
    expect(index.search('report 17', 10).hits.map((h) => h.id)).toEqual([
      'a:x17',
      ...[170, 171, 172, 173, 174, 175, 176, 177, 178].map((i) => `a:x${i}`),
    ]);

    // Replacing 600 documents leaves them out of results under their old words.
    for (let i = 0; i < 600; i++)
      index.put(
        `a:x${i}`,
        articleDoc({ id: `x${i}`, title: `Memo ${i}`, fileName: '' }, { text: 'Nothing here.' }),
      );
    expect(index.retired).toBe(600);
    expect(index.search('drone', 2000).total).toBe(900);
    expect(index.search('memo', 2000).total).toBe(600);
    expect(index.wasteful).toBe(false);
    for (let i = 600; i < 1500; i++) index.put(`a:x${i}`, null);
    expect(index.search('drone', 10).total).toBe(0);
    expect(index.wasteful).toBe(true);
  });
});

describe('word matching', () => {
  it('matches a document word when it starts with a query word, as the index folds them', () => {
    const matches = wordMatcher('kill Müller');
    expect(['Killed', 'KILLING', 'unkilled', 'Muller', 'mueller'].map(matches)).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
  });
});

describe('snippets', () => {
  it('cuts an excerpt around the first match at word boundaries and marks every match', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(6)}Russia has suffered over 80,000 killed-in-action; Russia says otherwise. ${'Tail words here. '.repeat(6)}`;
    const s = makeSnippet(text, wordMatcher('russia'), 60)!;
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['Russia', 'Russia']);
    expect(text.slice(s.start, s.end)).toBe('Russia');
  });

  it('marks a matched prefix as its whole word, only at word starts, case-insensitively', () => {
    const s = makeSnippet('Killed-in-action; unkilled; KILLING', wordMatcher('kill'))!;
    expect(s.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['Killed', 'KILLING']);
  });

  it('keeps offsets through line breaks and falls back to the start without a match', () => {
    const s = makeSnippet('First line\nsecond line with target', wordMatcher('target'))!;
    expect(s.text.slice(s.marks[0]![0], s.marks[0]![1])).toBe('target');
    expect(s.text).not.toContain('\n');
    expect(makeSnippet('No match here', wordMatcher('absent'))).toMatchObject({
      text: 'No match here',
      marks: [],
    });
    expect(makeSnippet('', wordMatcher('absent'))).toBeNull();
  });
});
