import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation, Article } from '../../../core/model';
import {
  createAnnotations,
  deleteAnnotations,
  updateAnnotations,
} from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import {
  QUERY_OPTIONS,
  annotationDoc,
  articleDoc,
  buildIndex,
  loadStoredIndex,
  refreshDocs,
  storeIndex,
} from '../../../renderer/src/db/search-index';
import { makeSnippet, termPattern } from '../../../renderer/src/features/search/snippet';
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

const ids = (r: { id: string }[]) => r.map((x) => x.id);

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
    expect(ids(index.search('zanzibarite', QUERY_OPTIONS))).toEqual([`n:${a.id}`]);
    expect(ids(index.search('narva', QUERY_OPTIONS))).toEqual(['a:b']);
    expect(index.search('obsolete', QUERY_OPTIONS)).toEqual([]);
    // Every word must match; the last may be a prefix; a long word forgives a typo.
    expect(ids(index.search('killed janu', QUERY_OPTIONS))).toEqual(['a:a']);
    expect(ids(index.search('exercizes', QUERY_OPTIONS))).toEqual(['a:b']);
    expect(index.search('killed narva', QUERY_OPTIONS)).toEqual([]);

    await storeIndex(db, index);
    const loaded = await loadStoredIndex(db);
    expect(ids(loaded!.search('zanzibarite', QUERY_OPTIONS))).toEqual([`n:${a.id}`]);

    // A change the index has not seen makes the stored copy outdated.
    await updateAnnotations(db, [a.id], { note: 'Rewritten remark' });
    expect(await loadStoredIndex(db)).toBeNull();
    await refreshDocs(db, index, [], [a.id]);
    expect(index.search('zanzibarite', QUERY_OPTIONS)).toEqual([]);
    expect(ids(index.search('rewritten', QUERY_OPTIONS))).toEqual([`n:${a.id}`]);

    // A deleted article leaves the index.
    await db.transaction('rw', db.articles, db.bodies, async () => {
      await db.articles.delete('b');
      await db.bodies.delete('b');
    });
    await refreshDocs(db, index, ['b'], []);
    expect(index.search('narva', QUERY_OPTIONS)).toEqual([]);
    await storeIndex(db, index);
    expect(ids((await loadStoredIndex(db))!.search('rewritten', QUERY_OPTIONS))).toEqual([`n:${a.id}`]);
  });
});

describe('snippets', () => {
  it('cuts an excerpt around the first match at word boundaries and marks every match', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(6)}Russia has suffered over 80,000 killed-in-action; Russia says otherwise. ${'Tail words here. '.repeat(6)}`;
    const s = makeSnippet(text, ['russia'], 60)!;
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['Russia', 'Russia']);
    expect(text.slice(s.start, s.end)).toBe('Russia');
  });

  it('marks a matched prefix as its whole word, only at word starts, case-insensitively', () => {
    const s = makeSnippet('Killed-in-action; unkilled; KILLING', ['kill'])!;
    expect(s.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['Killed', 'KILLING']);
    expect(termPattern([])).toBeNull();
  });

  it('keeps offsets through line breaks and falls back to the start without a match', () => {
    const s = makeSnippet('First line\nsecond line with target', ['target'])!;
    expect(s.text.slice(s.marks[0]![0], s.marks[0]![1])).toBe('target');
    expect(s.text).not.toContain('\n');
    expect(makeSnippet('No match here', ['absent'])).toMatchObject({ text: 'No match here', marks: [] });
    expect(makeSnippet('', ['absent'])).toBeNull();
  });
});
