import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnnotations, updateAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { buildIndex, storeIndex, type LibraryIndex } from '../../../renderer/src/db/search-index';
import type { SearchReply } from '../../../renderer/src/features/search/protocol';
import { SearchSession } from '../../../renderer/src/features/search/search-session';
import { makeAnnotation, makeArticle, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';
const find = (index: LibraryIndex, query: string) => index.search(query, 50).hits.map((h) => h.id);

describe('SearchSession', () => {
  let db: GlossDB;
  const states: string[] = [];
  const status = (s: Extract<SearchReply, { type: 'status' }>) => states.push(s.state);

  beforeEach(async () => {
    db = new GlossDB(`gloss-search-session-${Date.now()}-${Math.random()}`);
    await addArticles(db, [makeArticle('a', TEXT, { title: 'Rubio at NATO' })]);
    states.length = 0;
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  it('loads nothing until the first query, then the stored index with the changes noted since the start', async () => {
    const a = makeAnnotation(TEXT, 0, 12, { id: seqId(1), note: 'Zanzibarite wording' });
    await createAnnotations(db, [a]);
    await storeIndex(db, await buildIndex(db));

    const session = new SearchSession(db, status);
    // Changes made after the session opened (as the change feed reports them): noted only.
    const b = makeAnnotation(TEXT, 13, 20, { id: seqId(2), note: 'Quokka remark' });
    await createAnnotations(db, [b]);
    await updateAnnotations(db, [a.id], { note: 'Rewritten wording' });
    expect(session.note([], [b.id])).toBe(true);
    expect(session.note([], [a.id])).toBe(true);
    expect(states).toEqual([]);
    expect(session.loading).toBe(false);

    const index = await session.index();
    // Loaded, not built: the stored copy was current when the session opened.
    expect(states).toEqual(['loading', 'ready']);
    expect(find(index, 'quokka')).toEqual([`n:${b.id}`]);
    expect(find(index, 'rewritten')).toEqual([`n:${a.id}`]);
    expect(find(index, 'zanzibarite')).toEqual([]);
    expect(session.titles.get('a')).toBe('Rubio at NATO');
    // From now on changes go to the index, not to the notes.
    expect(session.note([], [a.id])).toBe(false);

    // And the copy stored after those changes (after the index was handed out) is current for
    // the next session.
    await session.stored;
    const next = new SearchSession(db, () => {});
    expect(find(await next.index(), 'quokka')).toEqual([`n:${b.id}`]);
  });

  it('builds the index (with progress) when the stored copy is older than the session', async () => {
    const a = makeAnnotation(TEXT, 0, 12, { id: seqId(1), note: 'Zanzibarite wording' });
    await storeIndex(db, await buildIndex(db));
    // Written before the session opened, with no session to note it: the stored copy is stale.
    await createAnnotations(db, [a]);
    const session = new SearchSession(db, status);
    const index = await session.index();
    expect(states[0]).toBe('loading');
    expect(states).toContain('building');
    expect(states.at(-1)).toBe('ready');
    expect(find(index, 'zanzibarite')).toEqual([`n:${a.id}`]);
  });
});
