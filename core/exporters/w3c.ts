import type { Article } from '../model';
import type { ExportInput } from './input';
import type { ExportRecord } from './records';
import { groupRecords } from './records';

/** The W3C Web Annotation JSON-LD context. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/**
 * Gloss's own terms, for what the Web Annotation vocabulary has no word for. Their IRIs live
 * under `urn:gloss:vocab:` (a URN, so no web domain is claimed). Inline, so that a JSON-LD
 * processor needs to fetch nothing but the anno context.
 */
export const GLOSS_CONTEXT = {
  gloss: 'urn:gloss:vocab:',
  facet: 'gloss:facet',
  attribution: 'gloss:attribution',
  attributionSource: 'gloss:attributionSource',
  credibility: { '@id': 'gloss:credibility', '@type': 'xsd:integer' },
  sourceReliability: 'gloss:sourceReliability',
  figure: 'gloss:figure',
  updatedBy: 'gloss:updatedBy',
  unit: 'gloss:unit',
} as const;

/** An analyst as a W3C `Person`. */
const person = (a: { id: string; name: string }) => ({
  id: `urn:gloss:analyst:${encodeURIComponent(a.id)}`,
  type: 'Person' as const,
  name: a.name,
});

/** A body of a {@link W3CAnnotation}: a tag, the note, or the kind or stance. */
export interface W3CTextualBody {
  type: 'TextualBody';
  purpose: 'tagging' | 'commenting' | 'classifying';
  value: string;
  format: 'text/plain';
  /** For classifying bodies: which Gloss field the value comes from. */
  facet?: 'kind' | 'stance';
}

/** One Gloss annotation as a W3C Web Annotation (compacted against {@link ANNO_CONTEXT}). */
export interface W3CAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'classifying';
  created: string;
  modified: string;
  creator: { id: string; type: 'Person'; name: string };
  /** Who made the change of `modified` (Gloss's `updatedBy`), when not the creator. */
  updatedBy?: { id: string; type: 'Person'; name: string };
  body: W3CTextualBody[];
  target: {
    type: 'SpecificResource';
    source: string;
    selector: (
      | { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string }
      | { type: 'TextPositionSelector'; start: number; end: number }
    )[];
  };
  attribution?: string;
  /** Whether Gloss proposed the attribution and the analyst has not confirmed it yet; with `attribution` only. */
  attributionSource?: 'suggested' | 'analyst';
  credibility?: number;
  sourceReliability?: string;
  figure?: { value: number; unit: string };
}

/** The document {@link toW3C} returns: all annotations embedded in one page. */
export interface W3CAnnotationCollection {
  '@context': [typeof ANNO_CONTEXT, typeof GLOSS_CONTEXT];
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  generated: string;
  generator: { id: string; type: 'Software'; name: string };
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: W3CAnnotation[] };
}

const HTTP_URL = /^https?:\/\/[^\s]+$/i;

/**
 * The IRI that stands for an article: its web address when it has one, otherwise a URN made
 * from its id (the W3C model needs an IRI for the target's source).
 */
export function articleIri(articleId: string, article: Article | undefined): string {
  const url = article?.url.trim() ?? '';
  return HTTP_URL.test(url) ? url : `urn:gloss:article:${encodeURIComponent(articleId)}`;
}

const text = (
  purpose: W3CTextualBody['purpose'],
  value: string,
  facet?: W3CTextualBody['facet'],
): W3CTextualBody => ({
  type: 'TextualBody',
  purpose,
  value,
  format: 'text/plain',
  ...(facet ? { facet } : {}),
});

function toAnnotation(r: ExportRecord): W3CAnnotation {
  const a = r.annotation;
  const body: W3CTextualBody[] = [text('classifying', a.kind, 'kind')];
  if (a.stance) body.push(text('classifying', a.stance, 'stance'));
  for (const tag of a.tags) body.push(text('tagging', tag));
  if (a.note) body.push(text('commenting', a.note));
  const selector: W3CAnnotation['target']['selector'] = [
    { type: 'TextQuoteSelector', exact: r.quote.exact, prefix: r.quote.prefix, suffix: r.quote.suffix },
  ];
  if (r.start !== null && r.end !== null) {
    selector.push({ type: 'TextPositionSelector', start: r.start, end: r.end });
  }
  return {
    id: `urn:uuid:${a.id}`,
    type: 'Annotation',
    motivation: 'classifying',
    created: a.createdAt,
    modified: a.updatedAt,
    creator: person(a.author),
    ...(a.updatedBy.id !== a.author.id ? { updatedBy: person(a.updatedBy) } : {}),
    body,
    target: { type: 'SpecificResource', source: articleIri(a.articleId, r.article), selector },
    ...(a.attribution
      ? { attribution: a.attribution, attributionSource: a.attributionSource ?? ('analyst' as const) }
      : {}),
    ...(a.credibility !== null ? { credibility: a.credibility } : {}),
    ...(r.sourceReliability ? { sourceReliability: r.sourceReliability } : {}),
    ...(a.figure ? { figure: { value: a.figure.value, unit: a.figure.unit } } : {}),
  };
}

/**
 * The live annotations as a W3C Web Annotation `AnnotationCollection` (JSON-LD, anno context
 * plus {@link GLOSS_CONTEXT}), with all annotations embedded in its first page, in export
 * order. Each annotation targets its article (see {@link articleIri}) through a
 * TextQuoteSelector and a TextPositionSelector counted in Unicode code points; kind and stance
 * become classifying bodies, tags tagging bodies and the note a commenting body.
 */
export function toW3C(input: ExportInput): W3CAnnotationCollection {
  const items = groupRecords(input).flatMap((g) => g.records.map(toAnnotation));
  const id = `urn:gloss:export:${encodeURIComponent(input.exportedAt)}`;
  return {
    '@context': [ANNO_CONTEXT, GLOSS_CONTEXT],
    id,
    type: 'AnnotationCollection',
    label: `Gloss annotations exported ${input.exportedAt}`,
    total: items.length,
    generated: input.exportedAt,
    generator: {
      id: `urn:gloss:app:${encodeURIComponent(input.app.name)}:${encodeURIComponent(input.app.version)}`,
      type: 'Software',
      name: `${input.app.name} ${input.app.version}`,
    },
    first: { id: `${id}:page:0`, type: 'AnnotationPage', startIndex: 0, items },
  };
}

/** {@link toW3C} as JSON text (`application/ld+json`), indented by two spaces. */
export function toW3CJson(input: ExportInput): string {
  return `${JSON.stringify(toW3C(input), null, 2)}\n`;
}
