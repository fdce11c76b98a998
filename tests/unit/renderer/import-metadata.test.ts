import { Dexie } from 'dexie';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getArticle, updateArticleMetadata } from '../../../renderer/src/db/articles';
import { currentAnalyst } from '../../../renderer/src/db/annotations';
import { GlossDB } from '../../../renderer/src/db/db';
import { importFiles } from '../../../renderer/src/features/import/import-files';
import { pastedInput } from '../../../renderer/src/features/import/pasted';
import { formOf, validateDetails } from '../../../renderer/src/features/metadata/validate';

const dbName = 'gloss-metadata-test';
afterEach(async () => {
  await Dexie.delete(dbName);
});

const form = {
  title: 'Title',
  source: 'Reuters',
  byline: 'Jane Doe',
  publishedAt: '2025-06-25',
  url: 'https://example.com/a',
};

describe('validateDetails', () => {
  it('trims the values and keeps the time of a date left unchanged', () => {
    const r = validateDetails({ ...form, title: '  Title  ' }, { publishedAt: '2025-06-25T10:30:00Z' });
    expect(r).toEqual({
      ok: true,
      patch: { ...form, publishedAt: '2025-06-25T10:30:00Z' },
    });
    const changed = validateDetails(
      { ...form, publishedAt: '2025-06-26' },
      { publishedAt: '2025-06-25T10:30:00Z' },
    );
    expect(changed.ok && changed.patch.publishedAt).toBe('2025-06-26');
    const cleared = validateDetails({ ...form, publishedAt: '', url: '' }, { publishedAt: '2025-06-25' });
    expect(cleared.ok && cleared.patch).toMatchObject({ publishedAt: null, url: '' });
  });

  it('refuses an empty title, an impossible date and a non-web URL, each with a message', () => {
    const r = validateDetails(
      { ...form, title: ' ', publishedAt: '2025-02-30', url: 'javascript:alert(1)' },
      { publishedAt: null },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['publishedAt', 'title', 'url']);
    expect(validateDetails({ ...form, url: 'example.com' }, { publishedAt: null }).ok).toBe(false);
  });

  it('starts the form from the article, date without time', () => {
    expect(formOf({ ...form, publishedAt: '2025-06-25T10:30:00Z' }).publishedAt).toBe('2025-06-25');
    expect(formOf({ ...form, publishedAt: null }).publishedAt).toBe('');
  });
});

describe('updateArticleMetadata', () => {
  it('changes only the given fields, validates them, and leaves the body alone', async () => {
    const db = new GlossDB(dbName);
    const path = resolve(import.meta.dirname, '../../../../shared/corpus/text/putin-historical-lands.txt');
    const report = await importFiles(db, [{ name: 'putin.txt', bytes: new Uint8Array(readFileSync(path)) }]);
    const id = report.added[0]!.id;
    const before = (await getArticle(db, id))!;
    await updateArticleMetadata(db, id, { title: 'Putin on historical lands', source: 'Reuters' });
    const after = (await getArticle(db, id))!;
    // Who changed the details, and when, is recorded (a merge takes a colleague's correction by it).
    const me = await currentAnalyst(db);
    expect(after).toEqual({
      ...before,
      title: 'Putin on historical lands',
      source: 'Reuters',
      detailsUpdated: { by: { id: me.id, name: me.name }, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
    await expect(updateArticleMetadata(db, id, { publishedAt: 'yesterday' })).rejects.toThrow();
    await expect(updateArticleMetadata(db, 'nope', { title: 'x' })).rejects.toThrow(/no longer/);
    expect(await getArticle(db, id)).toEqual(after);
    db.close();
  });
});

describe('pastedInput', () => {
  it('prefers HTML with text in it, wrapped as a page, else the plain text', () => {
    const html = pastedInput({
      html: '<meta charset="utf-8"><p>Hello <b>world</b></p>',
      text: 'Hello world',
    });
    expect(html?.name).toBe('Pasted article.html');
    expect(new TextDecoder().decode(html!.bytes)).toMatch(/^<!doctype html><html><body><meta/);
    expect(pastedInput({ html: '<img src="x">', text: 'Caption' })?.name).toBe('Pasted article.txt');
    expect(pastedInput({ html: '', text: '  \n ' })).toBeNull();
  });
});
