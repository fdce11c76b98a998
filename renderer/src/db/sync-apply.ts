import { Dexie } from 'dexie';
import { deepEqual } from '../../../core/merge';
import type { AnnotationSet, Article } from '../../../core/model';
import {
  annotationProblem,
  documentId,
  kindOfId,
  recordDigest,
  travellingRecord,
  type SyncPage,
  type SyncRecord,
} from '../../../core/sync';
import type { GlossDB } from './db';
import { joinArticle, splitArticle } from './project-data';
import { fromProjectSet, toProjectSet } from './sets';

/** What taking one page of a sync into the store did. */
export interface PageTaken {
  /**
   * Document ids left alone because the analyst changed the record while the sync ran: the local
   * change wins here and goes out with the next sync (against what the server now holds).
   */
  movedOn: string[];
  /** Annotations not taken in because their article is not here (or they lie outside it). */
  heldBack: string[];
  refused: { id: string; reason: string }[];
  /** Records written or removed (a record the store already holds as it is is not rewritten). */
  written: number;
}

const keyOf = (id: string): string => id.slice(id.indexOf(':') + 1);

/**
 * Takes one page of what a sync brought into the store, in one bounded transaction through the
 * one write path (every record validated by the guard; the change feed then tells the views):
 * each record is written and each removed one deleted — unless the store no longer holds what it
 * held when the sync began (`page.was`): then the analyst changed it meanwhile, and it is left as
 * it is now and reported in `movedOn`, so nothing typed during a sync is lost. An annotation
 * whose article is not in the store (nor earlier in this sync: articles come first) is held back.
 * The imported originals stay: an article's `original` is kept from the store.
 */
export async function applySyncPage(db: GlossDB, page: SyncPage): Promise<PageTaken> {
  const taken: PageTaken = { movedOn: [], heldBack: [], refused: [], written: 0 };
  const work: { id: string; kind: SyncRecord['kind']; next: SyncRecord | null }[] = [
    ...page.records.map((r) => ({ id: documentId(r), kind: r.kind, next: r })),
    ...page.removed.flatMap((id) => {
      const kind = kindOfId(id);
      return kind ? [{ id, kind, next: null }] : [];
    }),
  ];
  if (work.length === 0) return taken;
  await db.transaction(
    'rw',
    [db.articles, db.bodies, db.annotations, db.sourceGrades, db.tags, db.sets],
    async () => {
      const lengths = new Map<string, number | undefined>();
      const currents: unknown[] = [];
      for (const { kind, id } of work) currents.push(await readRecord(db, kind, keyOf(id)));
      // WebCrypto is not IndexedDB: Dexie.waitFor keeps the transaction open meanwhile.
      const digests = await Dexie.waitFor(
        Promise.all(
          work.map(({ kind }, i) =>
            currents[i] === undefined
              ? null
              : recordDigest(travellingRecord({ kind, record: currents[i] } as SyncRecord)),
          ),
        ),
      );
      for (const [i, { id, kind, next }] of work.entries()) {
        const key = keyOf(id);
        const current = currents[i];
        const now = digests[i] ?? null;
        if (now !== (page.was[id] ?? null)) {
          if (!(next && now !== null && deepEqual(stripOriginal(current), travellingRecord(next)))) {
            taken.movedOn.push(id);
            continue;
          }
        }
        if (!next) {
          if (current !== undefined) {
            await removeRecord(db, kind, key);
            taken.written++;
          }
          continue;
        }
        if (current !== undefined && deepEqual(stripOriginal(current), travellingRecord(next))) continue;
        if (next.kind === 'annotation') {
          const articleId = next.record.articleId;
          if (!lengths.has(articleId)) lengths.set(articleId, (await db.bodies.get(articleId))?.text.length);
          const problem = annotationProblem(next.record, lengths.get(articleId));
          if (problem) {
            taken.heldBack.push(id);
            taken.refused.push({ id, reason: problem });
            continue;
          }
        }
        if (next.kind === 'article') {
          lengths.set(next.record.id, next.record.text.length);
          const original = (current as Article | undefined)?.original;
          await writeRecord(db, original ? { kind: 'article', record: { ...next.record, original } } : next);
        } else await writeRecord(db, next);
        taken.written++;
      }
    },
  );
  return taken;
}

const stripOriginal = (record: unknown): unknown => {
  if (!record || typeof record !== 'object' || !('original' in record)) return record;
  const { original: _original, ...rest } = record as Article;
  return rest;
};

export async function readRecord(db: GlossDB, kind: SyncRecord['kind'], key: string): Promise<unknown> {
  switch (kind) {
    case 'article': {
      const [meta, body] = await Promise.all([db.articles.get(key), db.bodies.get(key)]);
      return meta ? joinArticle(meta, body) : undefined;
    }
    case 'annotation':
      return db.annotations.get(key);
    case 'grade':
      return db.sourceGrades.get(key);
    case 'tag':
      return db.tags.get(key);
    case 'set': {
      const set = await db.sets.get(key);
      return set ? toProjectSet(set) : undefined;
    }
  }
}

async function writeRecord(db: GlossDB, r: SyncRecord): Promise<void> {
  switch (r.kind) {
    case 'article': {
      const { meta, body } = splitArticle(r.record);
      await db.articles.put(meta);
      await db.bodies.put(body);
      return;
    }
    case 'annotation':
      await db.annotations.put(r.record);
      return;
    case 'grade':
      await db.sourceGrades.put(r.record);
      return;
    case 'tag':
      await db.tags.put(r.record);
      return;
    case 'set': {
      // A set the sidebar cannot list (another tool's filter) is not taken in by sync.
      const set = fromProjectSet(r.record as AnnotationSet);
      if (set) await db.sets.put(set);
      return;
    }
  }
}

async function removeRecord(db: GlossDB, kind: SyncRecord['kind'], key: string): Promise<void> {
  switch (kind) {
    case 'article':
      await db.articles.delete(key);
      await db.bodies.delete(key);
      return;
    case 'annotation':
      await db.annotations.delete(key);
      return;
    case 'grade':
      await db.sourceGrades.delete(key);
      return;
    case 'tag':
      await db.tags.delete(key);
      return;
    case 'set':
      await db.sets.delete(key);
      return;
  }
}
