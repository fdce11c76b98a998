import jsonld from 'jsonld';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANNO_CONTEXT, toW3C, toW3CJson } from '../../../../core/exporters';
import { positionSelector, quoteSelector } from '../../../../core/model';
import { toCodePointOffset } from '../../../../core/text/code-points';
import { dataset, live, root } from './fixture';

const annoContext: unknown = JSON.parse(
  readFileSync(resolve(root, 'tests/fixtures/jsonld/anno.jsonld'), 'utf8'),
);

/** Serves the anno context from disk; any other fetch fails the test (there is no network). */
async function documentLoader(url: string) {
  if (url === ANNO_CONTEXT) return { contextUrl: null, documentUrl: url, document: annoContext };
  throw new Error(`unexpected fetch of ${url}`);
}

const OA = 'http://www.w3.org/ns/oa#';
const AS = 'http://www.w3.org/ns/activitystreams#';
const RDF_VALUE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

type Node = Record<string, unknown>;
const values = (node: Node, iri: string): Node[] => (node[iri] as Node[] | undefined) ?? [];
const one = (node: Node, iri: string): Node => {
  const v = values(node, iri);
  expect(v, iri).toHaveLength(1);
  return v[0]!;
};
const literal = (node: Node, iri: string): unknown => one(node, iri)['@value'];

describe('toW3C', () => {
  const input = dataset();
  const collection = toW3C(input);

  it('is an AnnotationCollection under the anno context, embedding every live annotation', () => {
    expect(collection['@context'][0]).toBe(ANNO_CONTEXT);
    expect(collection.type).toBe('AnnotationCollection');
    expect(collection.total).toBe(live(input).length);
    expect(collection.first.items.map((a) => a.id.replace('urn:uuid:', '')).sort()).toEqual(
      live(input)
        .map((a) => a.id)
        .sort(),
    );
    expect(JSON.parse(toW3CJson(input))).toEqual(collection);
  });

  it('is valid JSON-LD: a processor expands every term (safe mode drops nothing) to the W3C vocabulary', async () => {
    const expanded = await jsonld.expand(collection, { documentLoader, safe: true });
    expect(expanded).toHaveLength(1);
    const root = expanded[0]!;
    expect(root['@type']).toEqual([`${AS}OrderedCollection`]);
    expect(literal(root, `${AS}totalItems`)).toBe(live(input).length);
    const page = one(root, `${AS}first`);
    expect(page['@type']).toEqual([`${AS}OrderedCollectionPage`]);
    const items = one(page, `${AS}items`)['@list'] as Node[];
    expect(items).toHaveLength(live(input).length);

    const texts = new Map(input.articles.map((a) => [a.id, a]));
    const byId = new Map(input.annotations.map((a) => [`urn:uuid:${a.id}`, a]));
    for (const item of items) {
      const a = byId.get(item['@id'] as string)!;
      const article = texts.get(a.articleId)!;
      expect(item['@type']).toEqual([`${OA}Annotation`]);
      expect(one(item, `${OA}motivatedBy`)['@id']).toBe(`${OA}classifying`);

      const target = one(item, `${OA}hasTarget`);
      expect(target['@type']).toEqual([`${OA}SpecificResource`]);
      const source = one(target, `${OA}hasSource`)['@id'];
      expect(source).toBe(/^https?:/.test(article.url) ? article.url : `urn:gloss:article:${article.id}`);
      const selectors = values(target, `${OA}hasSelector`);
      const quote = selectors.find((s) => (s['@type'] as string[])[0] === `${OA}TextQuoteSelector`)!;
      const position = selectors.find((s) => (s['@type'] as string[])[0] === `${OA}TextPositionSelector`)!;
      const q = quoteSelector(a);
      expect(literal(quote, `${OA}exact`)).toBe(q.exact);
      expect(literal(quote, `${OA}prefix`)).toBe(q.prefix);
      expect(literal(quote, `${OA}suffix`)).toBe(q.suffix);
      const p = positionSelector(a)!;
      expect(one(position, `${OA}start`)).toEqual({
        '@type': `${XSD}nonNegativeInteger`,
        '@value': toCodePointOffset(article.text, p.start),
      });
      expect(literal(position, `${OA}end`)).toBe(toCodePointOffset(article.text, p.end));
      // Code points: the offsets slice the quote out of the text taken as code points.
      const start = literal(position, `${OA}start`) as number;
      const end = literal(position, `${OA}end`) as number;
      expect([...article.text].slice(start, end).join('')).toBe(q.exact);

      const bodies = values(item, `${OA}hasBody`);
      const purposeOf = (b: Node) => one(b, `${OA}hasPurpose`)['@id'];
      const valueOf = (b: Node) => literal(b, RDF_VALUE);
      for (const b of bodies) expect(b['@type']).toEqual([`${OA}TextualBody`]);
      expect(bodies.filter((b) => purposeOf(b) === `${OA}tagging`).map(valueOf)).toEqual(a.tags);
      expect(bodies.filter((b) => purposeOf(b) === `${OA}commenting`).map(valueOf)).toEqual(
        a.note ? [a.note] : [],
      );
      expect(bodies.filter((b) => purposeOf(b) === `${OA}classifying`).map(valueOf)).toEqual(
        [a.kind, a.stance].filter(Boolean),
      );

      const creator = one(item, 'http://purl.org/dc/terms/creator');
      expect(creator['@type']).toEqual(['http://xmlns.com/foaf/0.1/Person']);
      expect(literal(creator, 'http://xmlns.com/foaf/0.1/name')).toBe(a.author.name);
      expect(one(item, 'http://purl.org/dc/terms/created')).toEqual({
        '@type': `${XSD}dateTime`,
        '@value': a.createdAt,
      });
      if (a.attribution) {
        expect(literal(item, 'urn:gloss:vocab:attribution')).toBe(a.attribution);
        expect(literal(item, 'urn:gloss:vocab:attributionSource')).toBe(a.attributionSource ?? 'analyst');
      } else {
        expect(values(item, 'urn:gloss:vocab:attributionSource')).toEqual([]);
      }
      if (a.credibility !== null) {
        expect(literal(item, 'urn:gloss:vocab:credibility')).toBe(a.credibility);
      }
      if (a.figure) {
        const figure = one(item, 'urn:gloss:vocab:figure');
        expect(literal(figure, RDF_VALUE)).toBe(a.figure.value);
        expect(literal(figure, 'urn:gloss:vocab:unit')).toBe(a.figure.unit);
      }
    }
  });

  it('says whether each attribution was suggested by Gloss or given by the analyst (attributionSource)', async () => {
    const marked = dataset();
    const attributed = live(marked).filter((a) => a.attribution);
    expect(attributed.length).toBeGreaterThan(1);
    attributed[0]!.attributionSource = 'suggested';
    attributed[1]!.attributionSource = 'analyst';
    const items = toW3C(marked).first.items;
    const item = (id: string) => items.find((i) => i.id === `urn:uuid:${id}`)!;
    expect(item(attributed[0]!.id).attributionSource).toBe('suggested');
    expect(item(attributed[1]!.id).attributionSource).toBe('analyst');
    // A record made before the field existed reads as the analyst's.
    expect(item(attributed[2]!.id).attributionSource).toBe('analyst');
    expect(items.filter((i) => !i.attribution).every((i) => i.attributionSource === undefined)).toBe(true);
    const expanded = await jsonld.expand(toW3C(marked), { documentLoader, safe: true });
    const list = one(one(expanded[0]!, `${AS}first`), `${AS}items`)['@list'] as Node[];
    const node = list.find((n) => n['@id'] === `urn:uuid:${attributed[0]!.id}`)!;
    expect(literal(node, 'urn:gloss:vocab:attributionSource')).toBe('suggested');
  });

  it('fails safe-mode expansion when a term is unknown, so the check above means something', async () => {
    const bad = { ...collection, notATerm: 1 };
    await expect(jsonld.expand(bad, { documentLoader, safe: true })).rejects.toThrow();
  });

  it('counts offsets in code points where UTF-16 would differ (emoji)', () => {
    const digest = input.articles.find((a) => a.id === 'digest-multilingual')!;
    const flagged = collection.first.items.find((a) =>
      a.target.selector.some((s) => s.type === 'TextQuoteSelector' && s.exact.includes('🚩')),
    )!;
    const position = flagged.target.selector.find((s) => s.type === 'TextPositionSelector')!;
    const utf16Start = digest.text.indexOf('Observers marked');
    expect(position).toEqual({
      type: 'TextPositionSelector',
      start: utf16Start - 1, // 🌍 in the title line is two UTF-16 units, one code point
      end:
        utf16Start -
        1 +
        [...'Observers marked the convoy report with 🚩 and counted 12 🚀 launches overnight.'].length,
    });
  });

  it('keeps Arabic, Chinese and emoji text in the JSON-LD', () => {
    const text = toW3CJson(input);
    expect(text).toContain('قال المتحدث باسم وزارة الخارجية');
    expect(text).toContain('外交部发言人表示');
    expect(text).toContain('👨‍👩‍👧');
  });

  it('uses an IRI for every source: the web address, or a URN when there is none', () => {
    const sources = new Set(collection.first.items.map((a) => a.target.source));
    expect(sources).toEqual(
      new Set([
        'https://understandingwar.org/research/russia-ukraine/russian-offensive-campaign-assessment-june-25-2025/',
        'urn:gloss:article:digest-multilingual',
        'urn:gloss:article:telegram-posts', // its url is javascript:, which is not an address
      ]),
    );
  });
});
