import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnnotations, deleteAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB, getMeta } from '../../../renderer/src/db/db';
import type { LibraryIndex } from '../../../renderer/src/db/search-index';
import {
  articleDoc,
  buildIndex,
  loadStoredIndex,
  refreshDocs,
  storeIndex,
} from '../../../renderer/src/db/search-index';
import { packPostings, unpackPostings, type Buckets } from '../../../renderer/src/db/search-pack';
import { SearchSession } from '../../../renderer/src/features/search/search-session';
import { makeAnnotation, makeArticle, seqId } from './records';

/** The real articles of the shared corpus. */
const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'text');
const read = (file: string) => readFileSync(join(CORPUS, file), 'utf8');
const ISW = read('isw-2025-06-25.txt');
const LANDS = read('putin-historical-lands.txt');
const REUTERS = read('putin-press-on-reuters.txt');

const find = (index: LibraryIndex, query: string) => index.search(query, 50).hits.map((h) => h.id);

describe('the packed posting lists', () => {
  it('round-trip holes, out-of-order and large numbers, and refuse bytes that do not decode', () => {
    const map = new Map<string, Buckets>([
      ['russia', [[0, 1, 5, 200_000], undefined, [7]]],
      ['kyiv', [undefined, undefined, undefined, [9, 3, 2_000_000_000, 1]]],
      ['empty', []],
    ]);
    const { terms, data } = packPostings(map);
    expect(terms).toEqual(['russia', 'kyiv', 'empty']);
    const entries = unpackPostings(terms, data);
    expect(entries).toEqual([...map]);
    // Holes stay holes (FlexSearch's score slots).
    expect(1 in entries[0]![1]).toBe(false);
    expect(() => unpackPostings(terms, data.slice(0, -1))).toThrow(/cut short/);
    expect(() => unpackPostings(terms, Uint8Array.from([...data, 0]))).toThrow(/left over/);
    expect(() => packPostings(new Map([['x', [[1.5]]]]))).toThrow(/not a small number/);
    // Seven bytes a number in FlexSearch's JSON ("200000,"); far fewer here.
    expect(data.length).toBeLessThan(JSON.stringify([...map]).length / 2);
  });
});

describe('the index over the corpus articles', () => {
  let db: GlossDB;

  beforeEach(async () => {
    db = new GlossDB(`gloss-search-corpus-${Date.now()}-${Math.random()}`);
    await addArticles(db, [
      makeArticle('isw', ISW, { title: 'Russian Offensive Campaign Assessment, June 25, 2025' }),
      makeArticle('lands', LANDS, { title: 'Putin says Russia will take back historical lands' }),
      makeArticle('reuters', REUTERS, { title: 'Putin presses on' }),
    ]);
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  it('finds whole words and the words a query word starts, follows adds, updates and removals, and round-trips through storage', async () => {
    const at = ISW.indexOf('negotiating');
    const passage = makeAnnotation(ISW, at, at + 'negotiating'.length, {
      id: seqId(1),
      articleId: 'isw',
      note: 'Quokka-grade hedging',
      tags: ['talks'],
    });
    await createAnnotations(db, [passage]);
    const index = await buildIndex(db);
    const n = `n:${passage.id}`;

    // Only the Reuters article names DeepStateMap; a prefix of it finds it too.
    expect(find(index, 'DeepStateMap')).toEqual(['a:reuters']);
    expect(find(index, 'deepstate')).toEqual(['a:reuters']);
    // "negotiat" is the start of negotiating (ISW, and the annotated passage), negotiation,
    // negotiations (ISW and the historical-lands article).
    expect(find(index, 'negotiat').sort()).toEqual(['a:isw', 'a:lands', n].sort());
    // Every word must match: only ISW names Pokrovsk and negotiates.
    expect(find(index, 'pokrovsk negotiat')).toEqual(['a:isw']);
    expect(find(index, 'pokrovsk deepstatemap')).toEqual([]);
    // The note and the tag find the annotation; the title ranks its article first.
    expect(find(index, 'quokka')).toEqual([n]);
    expect(find(index, 'talks quokka')).toEqual([n]);
    expect(find(index, 'ukrain')[0]).toBe('a:isw');
    expect(index.search('historical lands', 5).hits[0]).toMatchObject({ id: 'a:lands', articleId: 'lands' });

    // Stored and loaded back: the same answers.
    await storeIndex(db, index);
    const stored = (await getMeta(db, 'searchIndex'))!;
    expect(stored.version).toBe(3);
    expect(stored.body.data).toBeInstanceOf(Uint8Array);
    const loaded = (await loadStoredIndex(db))!;
    for (const q of [
      'deepstate',
      'negotiat',
      'pokrovsk negotiat',
      'quokka',
      'ukrain',
      'russia',
      'putin 2025',
    ])
      expect(loaded.search(q, 20)).toEqual(index.search(q, 20));

    // An article's text replaced: its old words are gone, its new ones found.
    loaded.put(
      'a:reuters',
      articleDoc({ id: 'reuters', title: 'Putin presses on', fileName: '' }, { text: 'Wombat logistics.' }),
    );
    expect(find(loaded, 'deepstatemap')).toEqual([]);
    expect(find(loaded, 'wombat')).toEqual(['a:reuters']);
    // An annotation deleted, and an article deleted with its body.
    await deleteAnnotations(db, [passage.id]);
    await db.transaction('rw', db.articles, db.bodies, async () => {
      await db.articles.delete('lands');
      await db.bodies.delete('lands');
    });
    await refreshDocs(db, loaded, ['lands'], [passage.id]);
    expect(find(loaded, 'quokka')).toEqual([]);
    expect(find(loaded, 'negotiat')).toEqual(['a:isw']);
    // A new article is found at once, under a word no other holds.
    await addArticles(db, [makeArticle('new', 'Numbat sightings near Kharkiv.', { title: 'Numbats' })]);
    await refreshDocs(db, loaded, ['new'], []);
    expect(find(loaded, 'numbat')).toEqual(['a:new']);
    // (Kharkiv was in the Reuters text, replaced above.)
    expect(find(loaded, 'kharkiv')).toEqual(['a:new']);
    expect(find(index, 'kharkiv')).toEqual(['a:reuters']);

    // And that state round-trips too, retired numbers included.
    await storeIndex(db, loaded);
    const again = (await loadStoredIndex(db))!;
    expect(again.retired).toBe(loaded.retired);
    for (const q of ['numbat', 'kharkiv', 'wombat', 'deepstatemap', 'negotiat', 'quokka'])
      expect(again.search(q, 20)).toEqual(loaded.search(q, 20));
  });

  it('starts loading when articles are written before the first query, indexing them as they come in', async () => {
    await storeIndex(db, await buildIndex(db));
    const states: string[] = [];
    const session = new SearchSession(db, (s) => states.push(s.state));
    // An annotation edit alone is only noted.
    const a = makeAnnotation(ISW, 0, 10, { id: seqId(2), articleId: 'isw', note: 'Platypus' });
    await createAnnotations(db, [a]);
    expect(session.note([], [a.id])).toBe(true);
    expect(session.loading).toBe(false);
    // An import: the load begins without a query, and brings in both.
    await addArticles(db, [makeArticle('imported', 'Echidna report from Sumy.', { title: 'Echidnas' })]);
    expect(session.note(['imported'], [])).toBe(true);
    expect(session.loading).toBe(true);
    const index = await session.index();
    expect(states).toEqual(['loading', 'ready']);
    expect(find(index, 'echidna')).toEqual(['a:imported']);
    expect(find(index, 'platypus')).toEqual([`n:${a.id}`]);
    expect(session.note(['imported'], [])).toBe(false);
  });
});
