import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnotationSchema, ArticleSchema, type Article } from '../../../core/model';
import { addArticles, getArticle, listArticles } from '../../../renderer/src/db/articles';
import { GlossDB } from '../../../renderer/src/db/db';
import { annotationCounts } from '../../../renderer/src/db/library';
import {
  V1_STORES,
  V2_STORES,
  V3_STORES,
  V4_STORES,
  V7_STORES,
  V8_STORES,
} from '../../../renderer/src/db/schema';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
let name: string;
let counter = 0;

beforeEach(() => {
  name = `gloss-test-${++counter}-${Date.now()}`;
});
afterEach(async () => {
  await Dexie.delete(name);
});

function article(n: number, text = `Article number ${n}\nBody of article ${n}.`): Article {
  return {
    id: `art-${n}`,
    contentHash: n.toString(16).padStart(64, '0'),
    title: `Article number ${n}`,
    source: 'Reuters',
    byline: '',
    publishedAt: null,
    url: '',
    language: 'en',
    importedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    format: 'text',
    fileName: `a${n}.txt`,
    text,
    blocks: [{ type: 'paragraph', start: 0, end: text.length }],
    removed: [],
  };
}

/**
 * A profile as an earlier Gloss left it at `version`: each version's tables and indexes up to it
 * (from v2, the first that stored what later versions read), none of their upgrades.
 */
function profileAt(version: number): Dexie {
  const stores: Record<number, Record<string, string>> = {
    2: V2_STORES,
    3: V3_STORES,
    4: V4_STORES,
    7: V7_STORES,
    8: V8_STORES,
  };
  const db = new Dexie(name);
  for (let v = 2; v <= version; v++) db.version(v).stores(stores[v] ?? {});
  return db;
}

describe('schema migration', () => {
  it('carries a stored v1 database forward to the current version', async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'db', 'v1.json'), 'utf8')) as {
      articles: Record<string, unknown>[];
      annotations: Record<string, unknown>[];
    };
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    await v1.table('articles').bulkAdd(fixture.articles);
    await v1.table('annotations').bulkAdd(fixture.annotations);
    v1.close();

    const db = new GlossDB(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'annotations',
      'articles',
      'bodies',
      'history',
      'journal',
      'meta',
      'sets',
      'sourceGrades',
      'tags',
    ]);
    const metas = await db.articles.toArray();
    expect(metas.map((m) => m.id).sort()).toEqual(['v1-article-1', 'v1-article-2']);
    for (const meta of metas) {
      expect(meta).not.toHaveProperty('text');
      expect(meta).not.toHaveProperty('blocks');
      expect(meta).toMatchObject({ byline: '', url: '', language: '' });
    }
    expect(metas.find((m) => m.id === 'v1-article-2')).toMatchObject({
      source: 'Interfax',
      publishedAt: '2025-06-30',
    });
    expect(metas.find((m) => m.id === 'v1-article-1')).toMatchObject({
      source: '',
      publishedAt: null,
      chars: 84,
    });

    // Every migrated article reads back whole and valid, text and removed ranges intact.
    for (const original of fixture.articles) {
      const whole = await getArticle(db, original['id'] as string);
      expect(whole?.text).toBe(original['text']);
      expect(whole?.removed).toEqual(original['removed']);
      expect(ArticleSchema.safeParse(whole).success).toBe(true);
    }
    expect(await db.annotations.where('articleId').equals('v1-article-1').count()).toBe(1);
    expect(await db.annotations.where('tags').equals('offensive').count()).toBe(1);
    // v5 gave every annotation its provenance: each one now passes the schema the store enforces.
    for (const a of await db.annotations.toArray()) {
      expect(a.updatedBy).toEqual(a.author);
      expect(a.provenance).toEqual({});
      expect(AnnotationSchema.safeParse(a).success).toBe(true);
    }
    db.close();
  });
});

describe('schema v6', () => {
  it('reads a v5 database’s filter sets (one text per table column) into the one filter', async () => {
    const v5 = profileAt(5);
    const at = '2026-11-20T00:00:00.000Z';
    await v5.table('sets').bulkAdd([
      // What the table saved: choice columns exact (— for none), the other columns contained.
      {
        id: 's1',
        type: 'filter',
        name: 'Legacy',
        createdAt: at,
        filter: { kind: 'claim', stance: '—', quote: 'Rubio', source: '—' },
      },
      { id: 's2', type: 'pinned', name: 'Pinned', createdAt: at, annotationIds: ['n1'] },
      // A value the table never offered: kept aside, not lost.
      { id: 's3', type: 'filter', name: 'Odd', createdAt: at, filter: { kind: 'rumour' } },
    ]);
    v5.close();

    const db = new GlossDB(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.sets.toArray()).toEqual([
      {
        id: 's1',
        type: 'filter',
        name: 'Legacy',
        createdAt: at,
        filter: { kinds: ['claim'], stances: ['none'], contains: { quote: 'Rubio' }, sources: [''] },
      },
      { id: 's2', type: 'pinned', name: 'Pinned', createdAt: at, annotationIds: ['n1'] },
    ]);
    expect((await db.meta.get('sets'))?.value).toEqual([
      { id: 's3', type: 'dynamic', name: 'Odd', createdAt: at, filter: { table: { kind: 'rumour' } } },
    ]);
    db.close();
  });
});

describe('schema v5', () => {
  it('gives a v4 database’s annotations and source grades their provenance', async () => {
    const v4 = profileAt(4);
    const ana = { id: 'ana', name: 'Ana' };
    const bob = { id: 'bob', name: 'Bob' };
    await v4.table('meta').put({ key: 'analyst', value: ana });
    await v4.table('annotations').bulkAdd([
      { id: 'n1', articleId: 'a', kind: 'claim', author: ana, tags: [], deletedAt: null },
      { id: 'n2', articleId: 'a', kind: 'claim', author: bob, tags: [], deletedAt: null },
    ]);
    await v4
      .table('sourceGrades')
      .put({ source: 'ISW', reliability: 'B', note: '', updatedAt: '2026-01-01' });
    v4.close();

    const db = new GlossDB(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect((await db.annotations.toArray()).map((a) => [a.id, a.updatedBy, a.provenance])).toEqual([
      ['n1', ana, {}],
      ['n2', bob, {}],
    ]);
    expect((await db.sourceGrades.get('ISW'))?.updatedBy).toEqual(ana);
    db.close();
  });
});

describe('schema v4', () => {
  it('indexes a v3 database’s annotations by article and kind and by tombstone, and adds sets', async () => {
    const v3 = profileAt(3);
    const base = { selectors: [], note: '', tags: [], updatedAt: '2026-01-01T00:00:00.000Z' };
    await v3.table('annotations').bulkAdd([
      { ...base, id: 'n1', articleId: 'a', kind: 'claim', deletedAt: null },
      { ...base, id: 'n2', articleId: 'a', kind: 'claim', deletedAt: null },
      { ...base, id: 'n3', articleId: 'a', kind: 'figure', deletedAt: '2026-02-01T00:00:00.000Z' },
      { ...base, id: 'n4', articleId: 'b', kind: 'assessment', deletedAt: null },
    ]);
    v3.close();

    const db = new GlossDB(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.annotations.orderBy('deletedAt').primaryKeys()).toEqual(['n3']);
    expect(await db.annotations.where('[articleId+kind]').equals(['a', 'claim']).count()).toBe(2);
    const counts = await annotationCounts(db);
    expect(counts.get('a')).toEqual({ claim: 2, assessment: 0, figure: 0 });
    expect(counts.get('b')).toEqual({ claim: 0, assessment: 1, figure: 0 });
    expect(await db.sets.count()).toBe(0);
    db.close();
  });
});

describe('schema v9', () => {
  it('drops the annotations’ `articleId` and `kind` indexes; queries by article still work, through `[articleId+kind]`', async () => {
    const upTo8 = profileAt(8);
    await upTo8.open();
    const before = upTo8.backendDB().transaction('annotations').objectStore('annotations').indexNames;
    expect([...before]).toContain('articleId');
    expect([...before]).toContain('kind');
    const base = {
      selectors: [],
      note: '',
      tags: ['t'],
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    await upTo8.table('annotations').bulkAdd([
      { ...base, id: 'n1', articleId: 'a', kind: 'claim', deletedAt: null },
      { ...base, id: 'n2', articleId: 'a', kind: 'figure', deletedAt: null },
      { ...base, id: 'n3', articleId: 'b', kind: 'claim', deletedAt: null },
    ]);
    upTo8.close();

    const db = new GlossDB(name);
    await db.open();
    expect(db.verno).toBe(9);
    const after = [...db.backendDB().transaction('annotations').objectStore('annotations').indexNames].sort();
    expect(after).toEqual(['[articleId+kind]', 'createdAt', 'deletedAt', 'tags', 'updatedAt']);
    expect((await db.annotations.where('articleId').equals('a').primaryKeys()).sort()).toEqual(['n1', 'n2']);
    expect((await db.annotations.where('articleId').anyOf(['a', 'b']).primaryKeys()).sort()).toEqual([
      'n1',
      'n2',
      'n3',
    ]);
    expect(await db.annotations.where('articleId').equals('b').count()).toBe(1);
    db.close();
  });
});

describe('addArticles', () => {
  it('stores metadata and body apart and lists newest import first', async () => {
    const db = new GlossDB(name);
    const result = await addArticles(db, [article(1), article(2)]);
    expect(result.added.map((a) => a.id)).toEqual(['art-1', 'art-2']);
    expect((await listArticles(db)).map((a) => a.id)).toEqual(['art-2', 'art-1']);
    expect(await getArticle(db, 'art-1')).toEqual(article(1));
    expect(await db.articles.get('art-1')).not.toHaveProperty('text');
    db.close();
  });

  it('reports the same text again as a duplicate, in the library and within one batch', async () => {
    const db = new GlossDB(name);
    await addArticles(db, [article(1)]);
    const again = { ...article(1), id: 'other-id', fileName: 'copy.txt' };
    const twin = { ...article(3), id: 'twin', fileName: 'twin.txt' };
    const result = await addArticles(db, [again, article(3), twin]);
    expect(result.added.map((a) => a.id)).toEqual(['art-3']);
    expect(result.duplicates).toEqual([
      { fileName: 'copy.txt', existingTitle: 'Article number 1' },
      { fileName: 'twin.txt', existingTitle: 'Article number 3' },
    ]);
    expect(await db.articles.count()).toBe(2);
    expect(await db.bodies.count()).toBe(2);
    db.close();
  });

  it('writes all or nothing: a failure part-way leaves the store as it was', async () => {
    const db = new GlossDB(name);
    await addArticles(db, [article(1)]);
    // Same id, different text: passes the duplicate check, then fails the primary key.
    const clash = { ...article(2), id: 'art-1' };
    await expect(addArticles(db, [article(5), clash])).rejects.toThrow();
    expect((await db.articles.toArray()).map((a) => a.id)).toEqual(['art-1']);
    expect(await db.bodies.count()).toBe(1);
    db.close();
  });
});
