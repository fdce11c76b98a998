import { describe, expect, it } from 'vitest';
import { REMOVAL_REASONS } from '../../../../core/importers';
import { blockText, expectWellFormed, fixture } from './helpers';

/** The source paragraphs (blank-line separated) the fixture was converted from by LibreOffice. */
async function sourceParagraphs(name: string): Promise<string[]> {
  const { readFileSync } = await import('node:fs');
  const { FIXTURES } = await import('./helpers');
  return readFileSync(`${FIXTURES}/${name}`, 'utf8')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

describe('importFile on PDF (pdf.js)', () => {
  it('reads a one-page memo with its paragraphs in order, each on page 1', async () => {
    const a = await fixture('memo-source.pdf');
    expectWellFormed(a);
    expect(a.format).toBe('pdf');
    expect(a.title).toBe('Pipeline Outage Assessment');
    expect(a.blocks.map((b) => blockText(a, b))).toEqual(await sourceParagraphs('memo-source.txt'));
    expect(a.blocks.map((b) => b.page)).toEqual([1, 1, 1, 1, 1]);
    expect(a.blocks[0]!.type).toBe('heading');
  });

  it('reads a three-page report in order, mends paragraphs split by a page break, keeps page numbers', async () => {
    const a = await fixture('long-report.pdf');
    expectWellFormed(a);
    const paragraphs = await sourceParagraphs('long-report.txt');
    expect(a.blocks.map((b) => blockText(a, b))).toEqual(paragraphs);
    expect(a.title).toBe('Quarterly Logistics Review');
    const pages = a.blocks.map((b) => b.page ?? 0);
    expect(pages[0]).toBe(1);
    expect(Math.max(...pages)).toBeGreaterThanOrEqual(2);
    expect([...pages].sort((x, y) => x - y)).toEqual(pages);
  });
});

describe('importFile on Word documents (mammoth)', () => {
  it('reads headings, paragraphs and list items in order, and the head for metadata', async () => {
    const a = await fixture('report-source.docx');
    expectWellFormed(a);
    expect(a.format).toBe('docx');
    expect(a.title).toBe('Grain corridor shipments rise for a third month');
    expect(a.byline).toBe('Maria Kovac');
    // The title and byline lines repeat the header: removed, with their reason, restorable.
    expect(a.removed[0]).toEqual({
      at: 0,
      text: 'Grain corridor shipments rise for a third month\n\nBy Maria Kovac',
      reason: REMOVAL_REASONS.header,
    });
    expect(a.blocks.map((b) => [b.type, blockText(a, b).slice(0, 30)])).toEqual([
      ['paragraph', 'Shipments through the Black Se'],
      ['paragraph', 'The first paragraph is followe'],
      ['heading', 'What changed'],
      ['list-item', 'War-risk premiums fell to 0.7 '],
      ['list-item', 'Two new terminals opened at Pi'],
      ['paragraph', 'Officials cautioned that a sin'],
      ['paragraph', 'The third paragraph closes the'],
    ]);
    expect(a.footnotes?.map((f) => a.text.slice(f.start, f.end))).toEqual(['[1]']);
  });

  it('gives the same text as the web page it was made from', async () => {
    const docx = await fixture('report-source.docx');
    const html = await fixture('report-source.html');
    expect(docx.text).toBe(html.text);
    expect(docx.blocks).toEqual(html.blocks);
  });
});
