import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { nodeImportContext } from '../../../../cli/node-import-context';
import { importFile } from '../../../../core/importers';
import { ArticleSchema, type Article, type Block } from '../../../../core/model';

/** The shared sample corpus, beside the repository (CI clones to the same relative place). */
export const CORPUS = resolve(import.meta.dirname, '../../../../../shared/corpus');
export const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/import');

export const ctx = nodeImportContext('2026-01-02T03:04:05.000Z');

export const bytesOf = (path: string) => new Uint8Array(readFileSync(path));

/** Imports a file from disk under its own name (or `name`). */
export function importPath(path: string, name = path.replace(/^.*\//, '')): Promise<Article> {
  return importFile({ name, bytes: bytesOf(path) }, ctx);
}

export const fixture = (name: string) => importPath(resolve(FIXTURES, name));

export const blockText = (a: Article, b: Block) => a.text.slice(b.start, b.end);

/** What every imported article must satisfy, whatever its format. */
export function expectWellFormed(a: Article): void {
  expect(() => ArticleSchema.parse(a)).not.toThrow();
  expect(a.text).toBe(a.text.normalize('NFC'));
  expect(a.text).not.toMatch(/\r/);
  expect(a.text).toBe(a.text.trim());
  let last = 0;
  for (const b of a.blocks) {
    expect(b.start).toBeGreaterThanOrEqual(last);
    expect(b.end).toBeGreaterThan(b.start);
    expect(b.end).toBeLessThanOrEqual(a.text.length);
    expect(blockText(a, b)).toBe(blockText(a, b).trim());
    last = b.end;
  }
  for (const r of a.removed) {
    expect(r.at).toBeGreaterThanOrEqual(0);
    expect(r.at).toBeLessThanOrEqual(a.text.length);
    expect(r.text.trim()).not.toBe('');
    expect(a.text).not.toContain(r.text);
  }
  for (const f of a.footnotes ?? []) expect(a.text.slice(f.start, f.end)).toMatch(/^\[\d+\]$/);
}
