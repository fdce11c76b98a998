import { parseJsonExport, type GlossExport } from '../../../core/exporters';
import { sha256Hex } from '../../../core/hash';
import type { ImportInput } from '../../../core/importers';
import type { Annotation, Article } from '../../../core/model';
import { ensureTags } from './annotations';
import { addArticles } from './articles';
import type { ArticleMeta, GlossDB } from './db';

/** Why a Gloss export could not be restored; nothing of it was stored. The message is for the user. */
export class RestoreError extends Error {
  override readonly name = 'RestoreError';
}

/** What restoring one Gloss JSON export did. */
export interface RestoreReport {
  /** Articles that were not in the library, now added with their ids. */
  added: ArticleMeta[];
  /** Articles whose text the library already held; their annotations join the library's copy. */
  matched: number;
  annotations: {
    /** New to the library, stored as in the file (ids, authors, times). */
    added: number;
    /** Already in the library in an older version, replaced by the file's newer one. */
    updated: number;
    /** Already in the library in the same or a newer version, left alone. */
    kept: number;
  };
  /** Source grades added or replaced by a newer one. */
  sourceGrades: number;
}

/** A restored file, as the import reports it. */
export interface RestoredFile extends RestoreReport {
  name: string;
}

const EXPORT_SNIFF = /^\s*\{[\s\S]*?"type"\s*:\s*"gloss-export"/;

/**
 * Whether an imported file is to be read as a Gloss JSON export: any `.json` file (one that is
 * not an export is then refused with the reason), or a file of any name that starts like one.
 */
export function isGlossExportFile(file: ImportInput): boolean {
  if (/\.json$/i.test(file.name)) return true;
  const head = new TextDecoder('utf-8').decode(file.bytes.subarray(0, 512));
  return EXPORT_SNIFF.test(head.replace(/^\ufeff/, ''));
}

/** Reads an imported file as a Gloss JSON export and restores it with {@link restoreExport}. */
export async function restoreExportFile(db: GlossDB, file: ImportInput): Promise<RestoredFile> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new RestoreError(`“${file.name}” is not a Gloss export: it is not UTF-8 text.`);
  }
  const doc = parseJsonExport(text);
  return { name: file.name, ...(await restoreExport(db, doc)) };
}

/**
 * Writes a parsed Gloss JSON export into the library in one transaction, so that the set it
 * holds is exactly restored: articles keep their ids, metadata and text (one whose text the
 * library already holds is not added again, and the file's annotations of it are attached to the
 * library's copy); annotations keep their ids, selectors, authors and times (where the library
 * already holds an annotation with the same id, the newer of the two by `updatedAt` stays);
 * source grades likewise; tags join the tag vocabulary. Every article's `contentHash` is checked
 * against its text first. Any problem throws a {@link RestoreError} and nothing is stored.
 */
export async function restoreExport(db: GlossDB, doc: GlossExport): Promise<RestoreReport> {
  const wrong: string[] = [];
  for (const a of doc.articles) {
    if ((await sha256Hex(a.text)) !== a.contentHash) wrong.push(`“${a.title || a.id}”`);
  }
  if (wrong.length) {
    throw new RestoreError(
      `The export is damaged: the text of ${wrong.join(', ')} does not match its content hash.`,
    );
  }
  return db.transaction(
    'rw',
    [db.articles, db.bodies, db.annotations, db.sourceGrades, db.tags],
    async () => {
      // Which article of the library each article of the file is: the same text, or a new one.
      const hashes = [...new Set(doc.articles.map((a) => a.contentHash))];
      const byHash = new Map(
        (await db.articles.where('contentHash').anyOf(hashes).toArray()).map((m) => [m.contentHash, m.id]),
      );
      const byId = await db.articles.bulkGet(doc.articles.map((a) => a.id));
      const articleIdOf = new Map<string, string>();
      const fresh: Article[] = [];
      const clashes: string[] = [];
      doc.articles.forEach((article, i) => {
        const same = byHash.get(article.contentHash);
        if (same !== undefined) {
          articleIdOf.set(article.id, same);
          return;
        }
        if (byId[i]) {
          clashes.push(`“${article.title || article.id}”`);
          return;
        }
        byHash.set(article.contentHash, article.id);
        articleIdOf.set(article.id, article.id);
        fresh.push(article);
      });
      if (clashes.length) {
        throw new RestoreError(
          `The library already has ${clashes.join(', ')} with a different text (edited since the export); nothing was imported.`,
        );
      }
      const { added } = await addArticles(db, fresh);

      const incoming: Annotation[] = doc.annotations.map((a) => ({
        ...a,
        articleId: articleIdOf.get(a.articleId)!,
      }));
      const present = await db.annotations.bulkGet(incoming.map((a) => a.id));
      const counts = { added: 0, updated: 0, kept: 0 };
      const writes: Annotation[] = [];
      incoming.forEach((a, i) => {
        const old = present[i];
        if (!old) counts.added++;
        else if (a.updatedAt > old.updatedAt) counts.updated++;
        else {
          counts.kept++;
          return;
        }
        writes.push(a);
      });
      await db.annotations.bulkPut(writes);
      await ensureTags(db, [...new Set(writes.flatMap((a) => (a.deletedAt === null ? a.tags : [])))]);

      const grades = await db.sourceGrades.bulkGet(doc.sourceGrades.map((g) => g.source));
      const newer = doc.sourceGrades.filter((g, i) => !grades[i] || g.updatedAt > grades[i].updatedAt);
      await db.sourceGrades.bulkPut(newer);
      return {
        added,
        matched: doc.articles.length - fresh.length,
        annotations: counts,
        sourceGrades: newer.length,
      };
    },
  );
}

/** One line that says what restoring a file did, for the import's notice. */
export function describeRestore(r: RestoredFile): string {
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  const parts = [`restored ${n(r.annotations.added, 'annotation')}`];
  if (r.annotations.updated) parts.push(`updated ${r.annotations.updated} to a newer version`);
  if (r.annotations.kept) parts.push(`${r.annotations.kept} already up to date`);
  const articles = [`${n(r.added.length, 'new article')}`];
  if (r.matched) articles.push(`${r.matched} already in the library`);
  return `“${r.name}” (Gloss export): ${parts.join(', ')}; ${articles.join(', ')}.`;
}
