import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The metadata fields scored, as an article holds them. */
export const METADATA_FIELDS = ['title', 'byline', 'source', 'publishedAt', 'language'] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];
export type PageMetadata = Record<MetadataField, string | null>;

const ROOT = resolve(import.meta.dirname, '../..');
export const CORPUS_HTML = resolve(ROOT, '..', 'shared', 'corpus', 'html');

/** The committed truth: tests/fixtures/metadata/expected.json. */
export function expectedMetadata(): Record<string, PageMetadata> {
  const file = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/metadata/expected.json'), 'utf8')) as {
    pages: Record<string, PageMetadata>;
  };
  return file.pages;
}

const squash = (s: string | null | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * Whether one field is right: title and byline exactly (spacing aside); source ignoring case and
 * a leading "The"; the date by its calendar day as the page writes it; the language by its
 * primary subtag.
 */
export function fieldRight(field: MetadataField, got: string | null, want: string | null): boolean {
  switch (field) {
    case 'title':
    case 'byline':
      return squash(got) === squash(want);
    case 'source': {
      const f = (s: string | null) => squash(s).toLowerCase().replace(/^the /, '');
      return f(got) === f(want);
    }
    case 'publishedAt':
      return (got ?? '').slice(0, 10) === (want ?? '');
    case 'language':
      return squash(got).toLowerCase().split('-')[0] === squash(want).toLowerCase();
  }
}

/** The share of fields right, and each miss, over the pages of `expected`. */
export function scoreMetadata(
  results: Record<string, PageMetadata>,
  expected: Record<string, PageMetadata> = expectedMetadata(),
): { right: number; total: number; ratio: number; misses: string[] } {
  let right = 0;
  let total = 0;
  const misses: string[] = [];
  for (const [page, want] of Object.entries(expected)) {
    for (const field of METADATA_FIELDS) {
      total++;
      const got = results[page]?.[field] ?? null;
      if (fieldRight(field, got, want[field])) right++;
      else misses.push(`${page}.${field}: got ${JSON.stringify(got)}, want ${JSON.stringify(want[field])}`);
    }
  }
  return { right, total, ratio: total ? right / total : 0, misses };
}
