import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../../core/importers';
import { cleanByline } from '../../../../core/importers/page-metadata';
import { findDate } from '../../../../core/importers/dates';
import { nodeImportContext } from '../../../../cli/node-import-context';
import {
  CORPUS_HTML,
  expectedMetadata,
  scoreMetadata,
  type PageMetadata,
} from '../../../bench/metadata-score';

const PAGES = resolve(import.meta.dirname, '../../../fixtures/metadata/pages');
const ctx = nodeImportContext('2026-12-06T12:00:00.000Z');
const read = (path: string, name: string) =>
  importFile({ name, bytes: new Uint8Array(readFileSync(path)) }, ctx);

describe('metadata of the corpus pages, against the committed truth', () => {
  it('gets at least 95 % of the fields right (title, byline, source, date, language)', async () => {
    const results: Record<string, PageMetadata> = {};
    for (const page of Object.keys(expectedMetadata())) {
      const a = await read(join(CORPUS_HTML, page, 'source.html'), `${page}.html`);
      results[page] = {
        title: a.title,
        byline: a.byline,
        source: a.source,
        publishedAt: a.publishedAt,
        language: a.language,
      };
    }
    const score = scoreMetadata(results);
    expect(score.ratio, score.misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    // The bugs the issue names, each on its page.
    expect(results['guardian-1']!.title).toBe(
      "'What is the sea telling us?': Māori tribes fearful over whale strandings",
    );
    expect(results['bbc-1']!.byline).toBe('');
    expect(results['bbc-1']!.source).toBe('BBC News');
    expect(results['qq']!.title).toBe('DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶');
    expect(results['wapo-1']!.byline).toBe('Erin Cunningham');
  }, 120_000);
});

describe('metadata on pages shaped like the failures seen outside the corpus', () => {
  it('never takes a date line for the byline', async () => {
    const a = await read(join(PAGES, 'dateline-byline.html'), 'dateline-byline.html');
    expect(a.byline).toBe('');
    expect(a.title).toBe('Port strike enters second week');
    expect(a.source).toBe('Harbour Gazette');
    expect(a.publishedAt?.slice(0, 10)).toBe('2024-03-14');
  });

  it('finds a date shown only in the text, and a language given only by Content-Language', async () => {
    const a = await read(join(PAGES, 'visible-date-only.html'), 'visible-date-only.html');
    expect(a.publishedAt).toBe('2023-05-03');
    expect(a.language).toBe('de');
    expect(a.title).toBe('Stadtrat beschließt neuen Radweg');
  });

  it("takes the headline, not a portal's site title; language from xml:lang; date from the address", async () => {
    const a = await read(join(PAGES, 'portal-title.html'), 'portal-title.html');
    expect(a.title).toBe('Las lluvias retrasan la cosecha de uva en la región');
    expect(a.language).toBe('es');
    expect(a.publishedAt).toBe('2022-09-07');
  });

  it('cleans bylines', () => {
    expect(cleanByline('By Erin Cunningham', 'Washington Post', '')).toBe('Erin Cunningham');
    expect(cleanByline('BBC News', 'BBC News', 'bbc.com')).toBe('');
    expect(cleanByline('Aleš Vávra | 1. 11. 2021', 'Aktuálně.cz', '')).toBe('Aleš Vávra');
    expect(cleanByline('Published June 25, 2025 10:04 GMT', '', '')).toBe('');
    expect(cleanByline('www.example.com', '', '')).toBe('');
  });

  it('reads dates in German, French, Spanish and Italian', () => {
    expect(findDate('Veröffentlicht am 3. Mai 2023')?.iso).toBe('2023-05-03');
    expect(findDate('le 14 juillet 2021')?.iso).toBe('2021-07-14');
    expect(findDate('7 de septiembre de 2022')?.iso).toBe('2022-09-07');
    expect(findDate('2 giugno 2020')?.iso).toBe('2020-06-02');
    expect(findDate('Published on March 18, 2015')?.iso).toBe('2015-03-18');
  });
});
