import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../../core/importers';
import { leanHtml, stripInlineAttributes } from '../../../../core/importers/lean-html';
import { CORPUS, ctx } from './helpers';

const HTML = join(CORPUS, 'html');
/**
 * Each corpus page's article as `gloss import` read it from the whole page, before the cut
 * became the first step of reading a page (the app had read the lean page all along).
 */
const GOLDEN = resolve(import.meta.dirname, '../../../fixtures/import-golden/corpus-html.json');

describe('leanHtml', () => {
  it('keeps JSON-LD and drops other scripts and style sheets', () => {
    const page =
      '<html><head><style>p{}</style><script>evil()</script>' +
      '<script type="application/ld+json">{"@type":"NewsArticle"}</script></head>' +
      '<body><p>Text</p><script src="x.js"></script></body></html>';
    expect(leanHtml(page)).toBe(
      '<html><head><script type="application/ld+json">{"@type":"NewsArticle"}</script></head><body><p>Text</p></body></html>',
    );
  });

  it('drops inline styles and event handlers before parsing, keeping hidden elements hidden', () => {
    expect(
      leanHtml(
        '<p style="color:red" onclick="x()" class="a">Text > more</p><img src=a.png onerror=alert(1)>',
      ),
    ).toBe('<p class="a">Text > more</p><img src=a.png>');
    expect(stripInlineAttributes('<div style="display: none" data-x=\'a>b\'>')).toBe(
      "<div data-x='a>b' hidden>",
    );
    expect(stripInlineAttributes("<span STYLE='visibility:hidden'/>")).toBe('<span hidden/>');
    expect(leanHtml('<a title="x > y" href="/z" onmouseover="go()">link</a>')).toBe(
      '<a title="x > y" href="/z">link</a>',
    );
  });

  it('gives the same article, metadata and removed text for every corpus page as the whole page gave', async () => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>;
    const sites = readdirSync(HTML).sort();
    expect(Object.keys(golden)).toEqual(sites);
    for (const site of sites) {
      const a = await importFile(
        { name: `${site}.html`, bytes: new Uint8Array(readFileSync(join(HTML, site, 'source.html'))) },
        ctx,
      );
      expect(
        {
          contentHash: a.contentHash,
          title: a.title,
          byline: a.byline,
          source: a.source,
          publishedAt: a.publishedAt,
          language: a.language,
          url: a.url,
          blocks: a.blocks.length,
          removed: a.removed.length,
          footnotes: a.footnotes?.length ?? 0,
        },
        site,
      ).toEqual(golden[site]);
    }
  }, 120_000);
});
