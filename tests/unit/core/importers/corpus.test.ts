import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REMOVAL_REASONS } from '../../../../core/importers';
import { blockText, CORPUS, expectWellFormed, importPath } from './helpers';

interface Expected {
  title: string;
  byline: string | null;
  siteName: string | null;
  lang?: string;
  publishedTime: string | null;
}

const pages = readdirSync(join(CORPUS, 'html'));

describe('importFile on the saved web pages of the corpus', () => {
  it('finds every page', () => {
    expect(pages.length).toBeGreaterThanOrEqual(10);
  });

  for (const page of pages) {
    it(`${page}: title, byline and site name match expected-metadata.json, with Gloss's corrections`, async () => {
      const expected = JSON.parse(
        readFileSync(join(CORPUS, 'html', page, 'expected-metadata.json'), 'utf8'),
      ) as Expected;
      const a = await importPath(join(CORPUS, 'html', page, 'source.html'), `${page}.html`);
      expectWellFormed(a);
      expect(a.format).toBe('html');
      // expected-metadata.json holds what Readability finds; Gloss corrects two of its readings
      // (tests/fixtures/metadata/expected.json has the truth, page-metadata.test.ts scores it).
      const title =
        page === 'guardian-1' ? expected.title.replace(/ \| Eleanor Ainge Roy$/, '') : expected.title;
      const byline = page === 'bbc-1' ? '' : (expected.byline ?? '').replace(/^By /, '');
      expect(a.title).toBe(page === 'qq' ? title.replace(/_科技_腾讯网$/, '') : title);
      expect(a.byline).toBe(byline);
      if (expected.siteName) expect(a.source).toBe(expected.siteName);
      if (expected.lang) expect(a.language).toBe(expected.lang);
      if (expected.publishedTime) expect(a.publishedAt).toBe(expected.publishedTime);
      expect(a.text).not.toMatch(/<\/?(script|div|p|span)\b/i);
      expect(a.blocks.length).toBeGreaterThan(0);
    }, 30_000);
  }

  it('keeps headings, list items and paragraphs from the markup', async () => {
    const a = await importPath(join(CORPUS, 'html', 'bbc-1', 'source.html'), 'bbc.html');
    expect(a.text).toMatch(/^President Barack Obama has admitted/);
    expect(
      a.blocks.every((b) => ['heading', 'paragraph', 'list-item', 'quote', 'caption'].includes(b.type)),
    ).toBe(true);
    expect(a.url).toBe('http://www.bbc.com/news/world-us-canada-33646704');
  }, 30_000);

  it('drops "Related:" and "Read more:" lines and lists them in removed', async () => {
    const cnn = await importPath(join(CORPUS, 'html', 'cnn', 'source.html'), 'cnn.html');
    expect(cnn.text).not.toMatch(/^Related:/m);
    expect(cnn.removed.map((r) => r.text)).toContain("Related: Chicago is America's most segregated city");
    expect(cnn.removed.every((r) => r.reason === REMOVAL_REASONS.readMore)).toBe(true);
  }, 30_000);

  it('reads right-to-left and non-Latin pages', async () => {
    const qq = await importPath(join(CORPUS, 'html', 'qq', 'source.html'), 'qq.html');
    expect(qq.text).toContain('DeepMind');
    expect(qq.text).toMatch(/\p{Script=Han}/u);
    const rtl = await importPath(join(CORPUS, 'html', 'rtl-1', 'source.html'), 'rtl.html');
    expect(rtl.blocks.map((b) => [b.type, blockText(rtl, b).slice(0, 11)])).toEqual([
      ['heading', 'Lorem'],
      ['paragraph', 'Lorem ipsum'],
      ['paragraph', 'Lorem ipsum'],
      ['paragraph', 'Tempor inci'],
    ]);
  }, 30_000);
});

describe('importFile on the plain-text articles of the corpus', () => {
  const text = (name: string) => importPath(join(CORPUS, 'text', name));

  it('ISW update: title, publisher, date, bullets, footnotes, trailer and promo removed', async () => {
    const a = await text('isw-2025-06-25.txt');
    expectWellFormed(a);
    expect(a.format).toBe('text');
    expect(a.title).toBe('Trump acknowledges Russia may have territorial ambitions beyond Ukraine');
    expect(a.source).toBe('Institute for the Study of War');
    expect(a.publishedAt).toBe('2025-06-25');
    expect(a.byline).toBe('');

    const heading = a.blocks.find((b) => b.type === 'heading');
    expect(blockText(a, heading!)).toBe(
      'Institute for the Study of War: Trump acknowledges Russia may have territorial ambitions beyond Ukraine',
    );
    const items = a.blocks.filter((b) => b.type === 'list-item');
    expect(items).toHaveLength(9);
    expect(blockText(a, items[0]!)).toMatch(/^• US President Donald Trump stated/);
    expect(a.blocks.some((b) => b.type === 'heading' && blockText(a, b) === 'Key Takeaways:')).toBe(true);

    const markers = (a.footnotes ?? []).map((f) => a.text.slice(f.start, f.end));
    expect(markers).toContain('[1]');
    expect(markers).toContain('[14]');
    expect(markers.length).toBe((a.text.match(/\[\d+\]/g) ?? []).length);

    expect(a.text).not.toContain('Share the Post:');
    expect(a.text).not.toContain('Forced displacement');
    expect(a.text).not.toContain('Wilson Center');
    expect(a.text.endsWith('Novopavlivka.')).toBe(true);
    expect(a.removed.map((r) => r.reason)).toEqual([REMOVAL_REASONS.share, REMOVAL_REASONS.afterEnd]);
    expect(a.removed[0]).toMatchObject({ at: a.text.length, text: 'Share the Post:' });
    expect(a.removed[1]!.text).toMatch(/^Wilson Center\n\nForced displacement represents/);
    expect(a.removed[1]!.text).toMatch(/forced displaced\. .*$/s);
  });

  it('Reuters aggregator story: caption and section label are not the title; byline after the subtitle', async () => {
    const a = await text('putin-press-on-reuters.txt');
    expectWellFormed(a);
    expect(a.title).toBe("Putin to Press On in Ukraine Despite Trump's Threats, Reuters Report");
    expect(a.source).toBe('');
    expect(a.byline).toBe('Naffah');
    // the only date is in the photo caption, which is when the photo was taken
    expect(a.publishedAt).toBeNull();
    expect(a.blocks[0]!.type).toBe('caption');
    expect(blockText(a, a.blocks[0]!)).toMatch(/^President Donald Trump with Vladimir Putin/);
    expect(a.blocks.filter((b) => b.type === 'heading').map((b) => blockText(a, b))).toEqual([
      "Putin to Press On in Ukraine Despite Trump's Threats, Reuters Report",
      'Battlefield Advances Fuel Ambitions',
      'Trump’s Diplomacy Falls Short',
    ]);
    expect(a.text).not.toContain('SCROLL FOR NEXT');
    expect(a.removed).toEqual([
      { at: a.text.length, text: 'SCROLL FOR NEXT', reason: REMOVAL_REASONS.scroll },
    ]);
  });

  it('short report with no head: the first sentence stands in for the title, nothing is removed', async () => {
    const a = await text('putin-historical-lands.txt');
    expectWellFormed(a);
    expect(a.title).toMatch(/^Russian President Vladimir Putin has warned that Moscow will seek/);
    expect(a.title.length).toBeLessThanOrEqual(121);
    expect(a.source).toBe('');
    expect(a.byline).toBe('');
    expect(a.publishedAt).toBeNull();
    expect(a.removed).toEqual([]);
    expect(a.blocks).toHaveLength(7);
    expect(a.blocks.every((b) => b.type === 'paragraph')).toBe(true);
  });
});
