import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { positionSelector, quoteSelector } from '../../../../core/model';
import {
  QdpxError,
  parseQde,
  positionUnits,
  proposeMapping,
  qdaToGloss,
  readQdpx,
} from '../../../../core/refi';
import { root } from '../exporters/fixture';

/**
 * `.qdpx` files written by the tools themselves (origin and licence in
 * tests/fixtures/refi-qda/README.md), not made for Gloss.
 */
const REAL = resolve(root, 'tests/fixtures/refi-qda/real');
const NVIVO = join(REAL, 'nvivo-12.6-windows.qdpx');

/** The selections of a `project.qde`, read with a regular expression: independent of the importer. */
function selectionsOf(qde: string): { guid: string; start: number; end: number }[] {
  return [
    ...qde.matchAll(/<PlainTextSelection guid="([^"]+)"[^>]*startPosition="(\d+)" endPosition="(\d+)"/g),
  ].map((m) => ({ guid: m[1]!, start: Number(m[2]), end: Number(m[3]) }));
}

let n = 0;
const options = {
  defaultKind: 'claim' as const,
  now: '2026-12-06T12:00:00.000Z',
  newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  fallbackAuthor: { id: 'me', name: 'Me' },
};

describe('a real NVivo 12.6 (Windows) export', () => {
  const bytes = new Uint8Array(readFileSync(NVIVO));
  const files = unzipSync(bytes);
  const qde = new TextDecoder().decode(files['project.qde']);
  // The coded source's text as NVivo wrote it: UTF-8 with a byte-order mark, CRLF line ends.
  const sourceGuid = '68bbdc14-c361-4432-b4dd-ae1dbfc12890';
  const raw = new TextDecoder().decode(files[`Sources/${sourceGuid}.txt`]).replace(/^\ufeff/, '');
  const expected = selectionsOf(qde);

  it('is read as NVivo counts: UTF-16 code units, CRLF as two', () => {
    const project = readQdpx(bytes);
    expect(project.origin).toBe('NVivo for Windows 12.6');
    expect(positionUnits(project.origin)).toEqual({ unit: 'utf-16', crlf: 2 });
    expect(raw).toContain('\r\n');
    expect([...raw].length).toBeLessThan(raw.length); // emoji: code points and UTF-16 differ
  });

  it('imports every coded passage on the passage NVivo coded', async () => {
    const project = readQdpx(bytes);
    expect(project.sources.map((s) => s.name).sort()).toEqual(['videos_10_selected', 'videos_selection']);
    const result = await qdaToGloss(project, { ...options, mapping: proposeMapping(project.codes) });
    expect(expected).toHaveLength(303);
    expect(result.annotations).toHaveLength(303);
    expect(result.warnings).toEqual([]);
    const byId = new Map(result.annotations.map((a) => [a.id, a]));
    const article = result.articles.find((a) => a.title === 'videos_10_selected')!;
    expect(article.text).not.toContain('\r');
    for (const sel of expected) {
      const a = byId.get(sel.guid)!;
      expect(a, sel.guid).toBeDefined();
      const p = positionSelector(a)!;
      // The coded text equals the source text at NVivo's offsets (UTF-16 units of the .txt),
      // in Gloss's form of the text (LF line ends).
      const theirs = raw.slice(sel.start, sel.end).replace(/\r\n/g, '\n');
      expect(article.text.slice(p.start, p.end), sel.guid).toBe(theirs);
      expect(quoteSelector(a).exact).toBe(theirs);
    }
  });

  it('lands passages on whole comments and words, also after emoji (read as code points, they would not)', async () => {
    const project = readQdpx(bytes);
    const result = await qdaToGloss(project, { ...options, mapping: proposeMapping(project.codes) });
    const article = result.articles.find((a) => a.title === 'videos_10_selected')!;
    const quote = (guid: string) => quoteSelector(result.annotations.find((a) => a.id === guid)!).exact;
    // Checked by reading the source: each is one whole comment.
    expect(quote('85e31d3f-0453-4661-89dd-ae1dc08369e5')).toBe('Zacher - az egy magyar név?');
    expect(quote('764c572e-2cab-4b2e-bfdd-ae1dc1af7a43')).toBe('Szépen hangzik! De bizhatunk-e benne??😷');
    expect(quote('246304c5-80c1-46cd-99dd-ae1dc1e49017')).toBe(
      'CDC announces 79% of all U.S. omicron cases have occurred in vaccinated individuals',
    );
    // Over all 303: a passage starts where a line or word starts and ends where one ends.
    const aligned = result.annotations.filter((a) => {
      const p = positionSelector(a)!;
      const before = article.text[p.start - 1];
      const after = article.text[p.end];
      return (
        (before === undefined || /[\s-]/.test(before)) && (after === undefined || /[\s.,!?]/.test(after))
      );
    }).length;
    expect(aligned / result.annotations.length).toBeGreaterThanOrEqual(0.95);
    // The same file read as code points (what Gloss did before) misses almost all of them.
    const points = [...raw];
    const asCodePoints = expected.filter((sel) => {
      return /[\s-]/.test(points[sel.start - 1] ?? ' ') && /[\s.,!?]/.test(points[sel.end] ?? ' ');
    }).length;
    expect(asCodePoints / expected.length).toBeLessThan(0.2);
  });

  it('maps its 76 codes by path and keeps who coded', async () => {
    const project = readQdpx(bytes);
    const mapping = proposeMapping(project.codes);
    expect(mapping['2. Attitűd szint az oltáshoz/piros']).toEqual({ to: 'tag', tag: 'piros' });
    const result = await qdaToGloss(project, { ...options, mapping });
    const first = result.annotations.find((a) => a.id === '7154a758-6873-4134-badd-ae1dc04d3086')!;
    expect(first.tags).toEqual(['piros']);
    expect(first.author.name).toBe('floriansipos');
    expect(first.updatedBy.name).toBe('Gergo');
    expect(new Set(result.annotations.flatMap((a) => a.tags)).size).toBe(76);
  });
});

describe('a real ATLAS.ti 8.4 (macOS) export whose sources were removed before it was published', () => {
  const bytes = new Uint8Array(readFileSync(join(REAL, 'atlas-ti-8.4-macos-sources-removed.qdpx')));

  it('is refused, naming every source left out and why', () => {
    // `Project.qde` with a capital P is found; each kind of source ATLAS.ti wrote is accounted for.
    expect(() => readQdpx(bytes)).toThrow(QdpxError);
    expect(() => readQdpx(bytes)).toThrow(
      /^No text source in this project can be imported\. 1 picture source left out: Gloss imports text sources\. 1 audio source left out: Gloss imports text sources\. 2 video sources left out: Gloss imports text sources\. “1960s Coca Cola commercial - Audio\.docx” left out: its text \(internal:\/\/01106019-2518-43DD-BBD1-8F0252BACB30\.txt\) is not in the file\./,
    );
    expect(() => readQdpx(bytes)).toThrow(/“Mab\S+ 2i\S+me\.txt” left out/u);
    // The two PDFs are read through their text Representation, whose .txt is missing too.
    expect(() => readQdpx(bytes)).toThrow(
      /“Kellogg's Passion for Nutrition\.pdf” left out: its text \(internal:\/\/B09E8D25/,
    );
  });

  it('holds what ATLAS.ti wrote: users, coloured codes, coded selections', () => {
    const qde = new TextDecoder().decode(unzipSync(bytes)['Project.qde']);
    const project = parseQde(qde);
    expect(project.origin).toBe('ATLAS.ti 8.4.0 573 , macOS Version 10.14.3 (Build 18D109)');
    expect(positionUnits(project.origin)).toEqual({ unit: 'code-point', crlf: 1 });
    expect([...project.users.values()].map((u) => u.name)).toEqual([
      'ATLAS.ti',
      'Friedrich Markgraf',
      'Sebastian Petrausch',
    ]);
    expect(project.codes.find((c) => c.name === 'happiness')).toMatchObject({
      color: '#f00082',
      codable: true,
    });
    expect(qde.match(/<PlainTextSelection /g)).toHaveLength(8);
  });
});
