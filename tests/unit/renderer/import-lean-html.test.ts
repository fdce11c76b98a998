import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHtmlWithJsdom } from '../../../cli/node-import-context';
import { importFile } from '../../../core/importers';
import { leanHtml, stripInlineAttributes } from '../../../renderer/src/features/import/parse-html';

const HTML = resolve(import.meta.dirname, '../../../../shared/corpus/html');
const ctx = { now: '2026-01-01T00:00:00Z', newId: () => 'id' };

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

  it('gives the same article, metadata and removed text for every corpus page', async () => {
    for (const site of readdirSync(HTML)) {
      const bytes = new Uint8Array(readFileSync(join(HTML, site, 'source.html')));
      const full = await importFile(
        { name: `${site}.html`, bytes },
        { ...ctx, parseHtml: parseHtmlWithJsdom },
      );
      const lean = await importFile(
        { name: `${site}.html`, bytes },
        { ...ctx, parseHtml: (html) => parseHtmlWithJsdom(leanHtml(html)) },
      );
      expect(lean, site).toEqual(full);
    }
  }, 120_000);
});
