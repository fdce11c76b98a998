import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { importFile } from '../../../core/importers';
import { nodeImportContext } from '../../../cli/node-import-context';
import { CORPUS_HTML, expectedMetadata, scoreMetadata, type PageMetadata } from '../metadata-score';

/**
 * Metadata you can trust, measured: the share of fields (title, byline, source, published date,
 * language) the importer gets right on the corpus pages, against the committed truth in
 * tests/fixtures/metadata/expected.json, next to the share Readability's own metadata gets on the
 * same pages in the same run (the baseline). Each miss is printed on stderr.
 */
export async function run(): Promise<Record<string, number>> {
  const expected = expectedMetadata();
  const ours: Record<string, PageMetadata> = {};
  const readability: Record<string, PageMetadata> = {};
  const ctx = nodeImportContext(new Date().toISOString());
  for (const page of Object.keys(expected)) {
    const bytes = new Uint8Array(readFileSync(join(CORPUS_HTML, page, 'source.html')));
    const a = await importFile({ name: `${page}.html`, bytes }, ctx);
    ours[page] = {
      title: a.title,
      byline: a.byline,
      source: a.source,
      publishedAt: a.publishedAt,
      language: a.language,
    };
    const doc = new JSDOM(new TextDecoder().decode(bytes)).window.document;
    const r = new Readability(doc).parse();
    readability[page] = {
      title: r?.title ?? '',
      byline: r?.byline ?? '',
      source: r?.siteName ?? '',
      publishedAt: r?.publishedTime ?? null,
      language: r?.lang ?? '',
    };
  }
  const score = scoreMetadata(ours, expected);
  const baseline = scoreMetadata(readability, expected);
  for (const miss of score.misses) process.stderr.write(`import-metadata: miss ${miss}\n`);
  return {
    metadata_fields_right_pct: score.ratio * 100,
    metadata_fields_total_count: score.total,
    readability_fields_right_pct: baseline.ratio * 100,
  };
}
