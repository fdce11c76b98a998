import type { Dexie } from 'dexie';
import { readSetFilter } from '../../../core/filter';

/**
 * Every schema version Gloss has ever declared, oldest first. Never edit or remove one: add a
 * new version with an upgrade, so that any user's database can be carried forward.
 */

/** v1: whole articles (metadata and text) in one table. */
export const V1_STORES = {
  articles: 'id, &contentHash, importedAt',
  annotations: 'id, articleId',
};

/**
 * v2: article bodies (text, blocks, removed ranges, original bytes) move to their own table so
 * that listing thousands of articles reads only their metadata; source grades and app metadata
 * get tables; articles are indexed for the library's sorts.
 */
export const V2_STORES = {
  articles: 'id, &contentHash, importedAt, title, source, publishedAt',
  bodies: 'id',
  annotations: 'id, articleId, kind, updatedAt, *tags',
  sourceGrades: 'source',
  meta: 'key',
};

/**
 * v3: the tag vocabulary (name → colour) and the undo history of annotation changes, kept in the
 * database so that undo survives a window reload.
 */
export const V3_STORES = {
  tags: 'name',
  history: '++seq',
};

/**
 * v4: annotated sets (saved filters and pinned annotation lists); annotations indexed by
 * `[articleId+kind]` (the library counts them per article in one pass over the index) and by
 * `deletedAt` (IndexedDB leaves null keys out of an index, so it lists only the tombstones).
 */
export const V4_STORES = {
  annotations: 'id, articleId, kind, updatedAt, *tags, [articleId+kind], deletedAt',
  sets: 'id, name',
};

/**
 * v5 (no new tables): annotations gain `updatedBy` and `provenance`, source grades `updatedBy`
 * (see the upgrade below, and docs/architecture.md).
 */

/**
 * v6 (no new tables): a filter set keeps the one `AnnotationFilter` of core/model (the table's
 * filter had been stored as one text per column); see the upgrade below.
 */

/**
 * v7: annotations also indexed by `createdAt`, the table's default order (newest first): the
 * table reads its first rows through this index instead of reading every annotation first.
 */
export const V7_STORES = {
  annotations: 'id, articleId, kind, updatedAt, *tags, [articleId+kind], deletedAt, createdAt',
};

/**
 * v8: the sync journal — one row per record changed since the last sync cycle that landed (its
 * document id, e.g. `annotation:<id>`, and the stamp of the write), plus one control row (key
 * `''`) naming the team database it is kept for. Written by the store's guard in the same
 * transaction as the change, only while a team sync is configured (see `db/journal.ts`). An
 * existing profile starts with an empty table and no control row: its first cycle compares the
 * whole store once.
 */
export const V8_STORES = {
  journal: 'id',
};

/**
 * v9: annotations no longer indexed by `articleId` alone nor by `kind`: no query reads `kind`
 * alone, and `[articleId+kind]` answers for `articleId` (Dexie queries a compound index's first
 * part as a virtual index). Each annotation written costs two index entries less — a team sync's
 * first pull of 200,000 annotations spends most of its IndexedDB time on index entries.
 */
export const V9_STORES = {
  annotations: 'id, updatedAt, *tags, [articleId+kind], deletedAt, createdAt',
};

/** How the latest version declares the annotations table (its keys and indexes). */
export const LATEST_ANNOTATION_STORES = V9_STORES.annotations;

/** Fields of an article that live in `bodies` from v2 on. */
export const BODY_FIELDS = ['text', 'blocks', 'removed', 'footnotes', 'original'] as const;

export function declareVersions(db: Dexie): void {
  db.version(1).stores(V1_STORES);
  db.version(2)
    .stores(V2_STORES)
    .upgrade(async (tx) => {
      const articles = tx.table('articles');
      const metas: Record<string, unknown>[] = [];
      const bodies: Record<string, unknown>[] = [];
      for (const article of (await articles.toArray()) as Record<string, unknown>[]) {
        const body: Record<string, unknown> = { id: article['id'], blocks: [], removed: [] };
        for (const field of BODY_FIELDS) {
          if (field in article) body[field] = article[field];
          delete article[field];
        }
        // v1 records predate these fields.
        article['chars'] = typeof body['text'] === 'string' ? body['text'].length : 0;
        article['byline'] ??= '';
        article['language'] ??= '';
        article['url'] ??= '';
        article['source'] ??= '';
        article['publishedAt'] ??= null;
        metas.push(article);
        bodies.push(body);
      }
      await tx.table('bodies').bulkPut(bodies);
      await articles.bulkPut(metas);
    });
  db.version(3).stores(V3_STORES);
  db.version(4).stores(V4_STORES);
  db.version(5)
    .stores({})
    .upgrade(async (tx) => {
      // v5: provenance. Annotations: the last change was their author's, every judgement as
      // made. Grades: set by this profile's analyst (earlier versions did not record who).
      await tx
        .table('annotations')
        .toCollection()
        .modify((a: Record<string, unknown>) => {
          a['updatedBy'] ??= a['author'];
          a['provenance'] ??= {};
        });
      const me = (await tx.table('meta').get('analyst')) as { value?: unknown } | undefined;
      const by = me?.value ?? { id: 'unknown', name: 'Unknown analyst' };
      await tx
        .table('sourceGrades')
        .toCollection()
        .modify((g: Record<string, unknown>) => {
          g['updatedBy'] ??= by;
        });
    });
  db.version(6)
    .stores({})
    .upgrade(async (tx) => {
      // v6: filter sets hold the one AnnotationFilter (core/model/filter.ts), read from the
      // table's old one-text-per-column form by core/filter. A filter the table never wrote
      // cannot be read: that set moves to the kept sets (`meta` "sets"), as a project file's
      // unreadable set is kept, so that nothing is lost and it still travels in project files.
      const sets = tx.table('sets');
      const kept: Record<string, unknown>[] = [];
      for (const set of (await sets.toArray()) as Record<string, unknown>[]) {
        if (set['type'] !== 'filter') continue;
        const filter = readSetFilter(set['filter']);
        if (filter) {
          await sets.put({ ...set, filter });
          continue;
        }
        await sets.delete(set['id'] as string);
        kept.push({ ...set, type: 'dynamic', filter: { table: set['filter'] } });
      }
      if (kept.length) {
        const meta = tx.table('meta');
        const prior = ((await meta.get('sets')) as { value?: unknown[] } | undefined)?.value ?? [];
        await meta.put({ key: 'sets', value: [...prior, ...kept] });
      }
    });
  db.version(7).stores(V7_STORES);
  db.version(8).stores(V8_STORES);
  db.version(9).stores(V9_STORES);
}
