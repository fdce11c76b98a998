import { deepEqual } from '../../../core/merge';
import type { AnnotationSet } from '../../../core/model';
import type { ProjectDocument } from '../../../core/project';
import { documentId, projectRecords, type SyncRecord } from '../../../core/sync';
import type { GlossDB } from './db';
import { joinArticle, splitArticle } from './project-data';
import { fromProjectSet, toProjectSet } from './sets';

/** What applying a synced project did. */
export interface SyncApplied {
  /** Records written or removed. */
  written: number;
  /**
   * Document ids left alone because the analyst changed the record while the sync ran: the local
   * change wins here and goes out with the next sync (against what the server now holds).
   */
  movedOn: Set<string>;
}

const byId = (p: ProjectDocument): Map<string, SyncRecord> =>
  new Map(projectRecords(p).map((r) => [documentId(r), r]));

/**
 * Applies what a sync brought (`after`, the project as the replica holds it) to the store, in
 * one transaction through the one write path (every record validated by the guard; the change
 * feed then tells the views): each record that differs from `before` (the store as the sync
 * read it) is written, or removed. A record the analyst changed meanwhile (it no longer equals
 * `before`) is left as it is now and reported in `movedOn`, so nothing typed during a sync is lost.
 * The imported originals stay: `after` carries them over from `before`.
 */
export async function applySyncedProject(
  db: GlossDB,
  before: ProjectDocument,
  after: ProjectDocument,
): Promise<SyncApplied> {
  const was = byId(before);
  const now = byId(after);
  const changed: string[] = [];
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(id);
    const b = now.get(id);
    if (!a || !b || !deepEqual(a.record, b.record)) changed.push(id);
  }
  const movedOn = new Set<string>();
  if (changed.length === 0) return { written: 0, movedOn };
  let written = 0;
  await db.transaction(
    'rw',
    [db.articles, db.bodies, db.annotations, db.sourceGrades, db.tags, db.sets],
    async () => {
      for (const id of changed) {
        const target = (now.get(id) ?? was.get(id))!;
        const key = id.slice(id.indexOf(':') + 1);
        const current = await readRecord(db, target.kind, key);
        const expected = was.get(id)?.record;
        if (!deepEqual(current ?? undefined, expected)) {
          movedOn.add(id);
          continue;
        }
        const next = now.get(id);
        if (next) await writeRecord(db, next);
        else await removeRecord(db, target.kind, key);
        written++;
      }
    },
  );
  return { written, movedOn };
}

async function readRecord(db: GlossDB, kind: SyncRecord['kind'], key: string): Promise<unknown> {
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
