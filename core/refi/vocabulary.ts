import { sha256Hex } from '../hash';
import type { AnnotationKind, Stance } from '../model';

/** The QDA-XML 1.0 project namespace (REFI-QDA). */
export const QDA_PROJECT_NS = 'urn:QDA-XML:project:1.0';

/** Labels and colours of the codes Gloss writes for its own vocabulary (as the reader shows them). */
export const KIND_CODES: Record<AnnotationKind, { name: string; color: string }> = {
  claim: { name: 'Claim', color: '#f59e0b' },
  assessment: { name: 'Assessment', color: '#3b82f6' },
  figure: { name: 'Figure', color: '#22c55e' },
};
export const STANCE_CODES: Record<Stance, { name: string; color: string }> = {
  opinion: { name: 'Opinion', color: '#dc2626' },
  reporting: { name: 'Reporting', color: '#6b7280' },
};
/** Admiralty information credibility, 1–6, from confirmed (green) to cannot be judged (grey). */
export const CREDIBILITY_CODES: readonly { value: number; name: string; color: string }[] = [
  { value: 1, name: '1 Confirmed', color: '#15803d' },
  { value: 2, name: '2 Probably true', color: '#65a30d' },
  { value: 3, name: '3 Possibly true', color: '#ca8a04' },
  { value: 4, name: '4 Doubtful', color: '#ea580c' },
  { value: 5, name: '5 Improbable', color: '#b91c1c' },
  { value: 6, name: '6 Cannot be judged', color: '#6b7280' },
];
export const TAG_COLOR = '#8b5cf6';

/** The parent codes that group Gloss's vocabulary; they are not codable themselves. */
export const GROUPS = {
  kind: { name: 'Kind', color: '#475569' },
  stance: { name: 'Stance', color: '#475569' },
  credibility: { name: 'Credibility', color: '#475569' },
  tags: { name: 'Tags', color: '#475569' },
} as const;

/** The article metadata and grades written as variables, in this order. */
export const VARIABLES = [
  { key: 'title', name: 'Title', type: 'Text' },
  { key: 'source', name: 'Source', type: 'Text' },
  { key: 'byline', name: 'Byline', type: 'Text' },
  { key: 'publishedAt', name: 'Published', type: 'Text' },
  { key: 'url', name: 'URL', type: 'Text' },
  { key: 'language', name: 'Language', type: 'Text' },
  { key: 'sourceReliability', name: 'Source reliability', type: 'Text' },
] as const;
export type VariableKey = (typeof VARIABLES)[number]['key'];

/**
 * A GUID that is the same in every export of the same thing: the first 128 bits of
 * SHA-256(`gloss:<what>:<id>`), laid out as a version-8 (custom) UUID. Annotation ids are UUIDs
 * already and are used as they are.
 */
export async function stableGuid(what: string, id: string): Promise<string> {
  if (what === 'annotation' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    return id.toUpperCase();
  }
  const hex = (await sha256Hex(`gloss:${what}:${id}`)).slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
