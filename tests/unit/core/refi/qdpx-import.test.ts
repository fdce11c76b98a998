import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { quoteSelector, positionSelector } from '../../../../core/model';
import {
  normalColor,
  proposeMapping,
  qdaToGloss,
  readQdpx,
  toQdpx,
  QdpxError,
  type QdaToGlossOptions,
} from '../../../../core/refi';
import { dataset, live, root } from '../exporters/fixture';

const VARIANTS = resolve(root, 'tests/fixtures/refi-qda/variants');
const expected = JSON.parse(readFileSync(join(VARIANTS, 'expected.json'), 'utf8')) as Record<
  string,
  { quote: string; codes: string[]; note?: string }[]
>;

/** Zips a fixture folder as the tool would ship it (.qdpx), keeping its names and folders. */
function qdpxOf(folder: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(folder, path).split('\\').join('/')] = new Uint8Array(readFileSync(path));
    }
  };
  walk(folder);
  return zipSync(files);
}

let n = 0;
const options = (mapping: QdaToGlossOptions['mapping']): QdaToGlossOptions => ({
  mapping,
  defaultKind: 'claim',
  now: '2026-12-06T12:00:00.000Z',
  newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  fallbackAuthor: { id: 'me', name: 'Me' },
});

describe('REFI-QDA import of the variants other tools write', () => {
  it.each(Object.keys(expected))(
    '%s: every selection lands on its passage with its codes',
    async (variant) => {
      const project = readQdpx(qdpxOf(join(VARIANTS, variant)));
      const mapping = proposeMapping(project.codes);
      const result = await qdaToGloss(project, options(mapping));
      const want = expected[variant]!;
      expect(result.annotations).toHaveLength(want.length);
      for (const [i, w] of want.entries()) {
        const a = result.annotations[i]!;
        const article = result.articles.find((x) => x.id === a.articleId)!;
        const p = positionSelector(a)!;
        expect(article.text.slice(p.start, p.end)).toBe(w.quote);
        expect(quoteSelector(a).exact).toBe(w.quote);
        const names = [
          ...(a.kind !== 'claim' || w.codes.includes('Claim')
            ? [a.kind === 'claim' ? 'Claim' : 'Assessment']
            : []),
          ...a.tags,
        ];
        expect(names.sort()).toEqual([...w.codes].sort());
        if (w.note) expect(a.note).toBe(w.note);
        expect(article.text).not.toContain('\r');
      }
    },
  );

  it('reads authors, colours and the notes of MAXQDA, and says what it left out of ATLAS.ti', async () => {
    const maxqda = readQdpx(qdpxOf(join(VARIANTS, 'maxqda-24')));
    expect(maxqda.origin).toBe('MAXQDA 24 (Release 24.7.0)');
    const result = await qdaToGloss(maxqda, options(proposeMapping(maxqda.codes)));
    expect(result.annotations.map((a) => a.author.name)).toEqual(['johnb', 'johnb', 'johnb']);
    expect(result.annotations[2]!.note).toBe('Memo written in MAXQDA');
    expect(result.tags).toEqual([
      { name: 'Threat', color: '#ffca28' },
      { name: 'Weapons', color: '#c5e157' },
    ]);
    const atlas = readQdpx(qdpxOf(join(VARIANTS, 'atlas-ti')));
    expect(atlas.warnings).toEqual(['1 picture source left out: Gloss imports text sources.']);
  });

  it('lets the analyst map a code to a kind, a stance, a tag or nothing', async () => {
    const project = readQdpx(qdpxOf(join(VARIANTS, 'maxqda-24')));
    const mapping = {
      ...proposeMapping(project.codes),
      'Topics/Threat': { to: 'stance', stance: 'opinion' } as const,
      'Topics/Weapons': { to: 'nothing' } as const,
      'Statement type/Claim': { to: 'kind', kind: 'figure' } as const,
    };
    const result = await qdaToGloss(project, options(mapping));
    expect(result.annotations.map((a) => [a.kind, a.stance, a.tags])).toEqual([
      ['figure', 'opinion', []],
      ['assessment', null, []],
      ['claim', null, []],
    ]);
    // A remembered choice wins over the proposal.
    expect(proposeMapping(project.codes, { 'Topics/Threat': { to: 'nothing' } })['Topics/Threat']).toEqual({
      to: 'nothing',
    });
  });

  it('normalises colours written as #RGB, #AARRGGBB or rgb()', () => {
    expect(normalColor('#E82')).toBe('#ee8822');
    expect(normalColor('#FF3366FF')).toBe('#3366ff');
    expect(normalColor('rgb(255, 0, 16)')).toBe('#ff0010');
    expect(normalColor('red')).toBeNull();
  });

  it('refuses what is not a REFI-QDA project, with the reason', () => {
    expect(() => readQdpx(zipSync({ 'notes.txt': new TextEncoder().encode('hi') }))).toThrow(
      new QdpxError('The .qdpx file holds no project.qde: it is not a REFI-QDA project.'),
    );
    expect(() => readQdpx(new TextEncoder().encode('<Other/>'))).toThrow(/has no <Project> element/);
    expect(() =>
      readQdpx(new TextEncoder().encode('<!DOCTYPE p [<!ENTITY a "aaaa">]><Project name="x">&a;</Project>')),
    ).toThrow(/declares XML entities/);
  });
});

describe('round trip Gloss → qdpx → Gloss', () => {
  it('keeps every annotation (passage, kind, stance, credibility), note, tag, attribution, figure, author, last modifier and grade', async () => {
    const input = dataset();
    const project = readQdpx(await toQdpx(input));
    const back = await qdaToGloss(project, options(proposeMapping(project.codes)));
    const originals = new Map(live(input).map((a) => [a.id, a]));
    expect(back.annotations).toHaveLength(originals.size);
    const texts = new Map(input.articles.map((a) => [a.id, a.text]));
    for (const a of back.annotations) {
      const o = originals.get(a.id)!;
      expect(o, a.id).toBeDefined();
      const article = back.articles.find((x) => x.id === a.articleId)!;
      expect(article.text).toBe(texts.get(o.articleId));
      expect(quoteSelector(a).exact).toBe(quoteSelector(o).exact);
      expect(positionSelector(a)).toEqual(positionSelector(o));
      expect({
        kind: a.kind,
        stance: a.stance,
        credibility: a.credibility,
        note: a.note,
        tags: [...a.tags].sort(),
        attribution: a.attribution,
        figure: a.figure,
        author: a.author,
        updatedBy: a.updatedBy,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      }).toEqual({
        kind: o.kind,
        stance: o.stance,
        credibility: o.credibility,
        note: o.note,
        tags: [...o.tags].sort(),
        attribution: o.attribution,
        figure: o.figure,
        author: { id: o.author.id, name: o.author.name || o.author.id },
        updatedBy: { id: o.updatedBy.id, name: o.updatedBy.name || o.updatedBy.id },
        createdAt: o.createdAt,
        updatedAt: o.updatedAt,
      });
    }
    const sources = new Set(
      input.articles.filter((a) => live(input).some((x) => x.articleId === a.id)).map((a) => a.source),
    );
    expect(back.sourceGrades.map((g) => [g.source, g.reliability]).sort()).toEqual(
      input.sourceGrades
        .filter((g) => sources.has(g.source))
        .map((g) => [g.source, g.reliability])
        .sort(),
    );
    for (const a of back.articles) {
      const o = input.articles.find((x) => x.text === a.text)!;
      expect([a.title, a.source, a.byline, a.publishedAt, a.url, a.language]).toEqual([
        o.title,
        o.source,
        o.byline,
        o.publishedAt,
        o.url,
        o.language,
      ]);
    }
  });
});

describe('hostile REFI-QDA files', () => {
  const HOSTILE = resolve(root, 'tests/fixtures/refi-qda/hostile');
  const bytes = (name: string) => new Uint8Array(readFileSync(join(HOSTILE, name)));

  it('refuses an entry that climbs out of the zip', () => {
    expect(() => readQdpx(bytes('zip-slip.qdpx'))).toThrow(
      /cannot be read: .*“\.\.\/\.\.\/evil\.txt”, which climbs out/,
    );
  });

  it('refuses XML entities before parsing (billion laughs)', () => {
    expect(() => readQdpx(bytes('entity-bomb.qde'))).toThrow(/declares XML entities/);
  });

  it('reads nothing outside the zip for a path that climbs out', () => {
    // Its one source is left out, so nothing can be imported: refused, saying why.
    expect(() => readQdpx(bytes('path-escape.qdpx'))).toThrow(
      new QdpxError(
        'No text source in this project can be imported. “a” left out: its text (internal://../../../etc/passwd) is not in the file.',
      ),
    );
  });
});

describe('position units', () => {
  const qde = (origin: string, start: number, end: number) =>
    new TextEncoder().encode(
      `<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="${origin}"><Sources>` +
        `<TextSource guid="11111111-1111-4111-8111-111111111111" name="s"><PlainTextContent>ab😀cd efg</PlainTextContent>` +
        `<PlainTextSelection guid="22222222-2222-4222-8222-222222222222" startPosition="${start}" endPosition="${end}"/>` +
        `</TextSource></Sources></Project>`,
    );
  const quoteOf = async (origin: string, start: number, end: number) => {
    const project = readQdpx(qde(origin, start, end));
    const result = await qdaToGloss(project, options(proposeMapping(project.codes)));
    return quoteSelector(result.annotations[0]!).exact;
  };

  it('reads NVivo positions as UTF-16 units and every other tool’s as code points', async () => {
    expect(await quoteOf('NVivo 14', 4, 6)).toBe('cd');
    expect(await quoteOf('MAXQDA 24', 3, 5)).toBe('cd');
    expect(await quoteOf('QualCoder 3.8', 3, 5)).toBe('cd');
  });

  it('keeps the passage when Gloss’s form of the text (NFC, LF) is shorter than theirs', async () => {
    const xml = new TextEncoder().encode(
      `<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="QualCoder 3.8"><Sources>` +
        `<TextSource guid="11111111-1111-4111-8111-111111111111" name="s"><PlainTextContent>Cafe\u0301&#13;\nbar&#13;\nend</PlainTextContent>` +
        `<PlainTextSelection guid="22222222-2222-4222-8222-222222222222" startPosition="7" endPosition="10"/>` +
        `<PlainTextSelection guid="33333333-3333-4333-8333-333333333333" startPosition="0" endPosition="5"/>` +
        `</TextSource></Sources></Project>`,
    );
    const project = readQdpx(xml);
    const result = await qdaToGloss(project, options(proposeMapping(project.codes)));
    expect(result.articles[0]!.text).toBe('Café\nbar\nend');
    expect(result.annotations.map((a) => quoteSelector(a).exact)).toEqual(['bar', 'Café']);
  });

  it('widens an NVivo cut inside a surrogate pair to the whole character', async () => {
    expect(await quoteOf('NVivo 14', 3, 5)).toBe('😀c');
    expect(await quoteOf('NVivo 14', 1, 3)).toBe('b😀');
  });
});
