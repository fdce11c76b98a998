import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../core/hash';
import { getArticle } from '../../../renderer/src/db';
import { GlossDB } from '../../../renderer/src/db/db';
import { addReviewed, importFiles, withRestored } from '../../../renderer/src/features/import/import-files';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/text');
const file = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(CORPUS, name))) });
const dbName = 'gloss-import-held-test';

afterEach(async () => {
  await Dexie.delete(dbName);
});

describe('review before adding', () => {
  it('holds the articles it reads without storing anything, then adds them with the passages kept', async () => {
    const db = new GlossDB(dbName);
    const report = await importFiles(db, [file('isw-2025-06-25.txt'), file('putin-press-on-reuters.txt')], {
      hold: true,
    });
    expect(report.added).toEqual([]);
    expect(report.held?.map((a) => a.fileName)).toEqual(['isw-2025-06-25.txt', 'putin-press-on-reuters.txt']);
    expect(await db.articles.count()).toBe(0);
    expect(await db.bodies.count()).toBe(0);

    const isw = report.held![0]!;
    expect(isw.removed.length).toBeGreaterThan(0);
    const keep = isw.removed.length - 1; // the last removed passage goes back
    const passage = isw.removed[keep]!.text;
    expect(isw.text).not.toContain(passage);

    const result = await addReviewed(db, [
      { article: isw, restore: [keep] },
      { article: report.held![1]!, restore: [] },
    ]);
    expect(result.added).toHaveLength(2);
    const stored = (await getArticle(db, isw.id))!;
    expect(stored.text).toContain(passage);
    expect(stored.removed).toHaveLength(isw.removed.length - 1);
    expect(stored.contentHash).toBe(await sha256Hex(stored.text));
    expect(stored.contentHash).not.toBe(isw.contentHash);
    // blocks still cover text: each block is a stretch of the new text
    for (const b of stored.blocks) expect(stored.text.slice(b.start, b.end).trim()).not.toBe('');
    const other = (await getArticle(db, report.held![1]!.id))!;
    expect(other.text).toBe(report.held![1]!.text);
    db.close();
  });

  it('restoring several passages at once gives the same text as restoring them one by one', async () => {
    const db = new GlossDB(dbName);
    const { held } = await importFiles(db, [file('isw-2025-06-25.txt')], { hold: true });
    const isw = held![0]!;
    const all = isw.removed.map((_, i) => i);
    const together = await withRestored(isw, all);
    let stepwise = isw;
    for (let i = isw.removed.length - 1; i >= 0; i--) stepwise = await withRestored(stepwise, [i]);
    expect(together.text).toBe(stepwise.text);
    expect(together.removed).toEqual([]);
    for (const r of isw.removed) expect(together.text).toContain(r.text.trim());
    expect(await withRestored(isw, [])).toBe(isw);
    db.close();
  });
});
