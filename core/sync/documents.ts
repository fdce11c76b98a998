import { z } from 'zod';
import { sha256Hex } from '../hash';
import { FORBIDDEN_KEYS } from '../project';
import {
  AnnotationSchema,
  AnnotationSetSchema,
  ArticleSchema,
  SourceGradeSchema,
  TagSchema,
  type Annotation,
  type AnnotationSet,
  type Article,
  type SourceGrade,
  type Tag,
} from '../model';

/** The version of the document shape below; a newer one is refused with a clear reason. */
export const SYNC_DOC_VERSION = 1;

/** The kinds of Gloss record that travel to the team server, one CouchDB document each. */
export const SYNC_KINDS = ['article', 'annotation', 'grade', 'tag', 'set'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

/** One Gloss record, tagged with its kind. Articles travel without `original` (it stays local). */
export type SyncRecord =
  | { kind: 'article'; record: Article }
  | { kind: 'annotation'; record: Annotation }
  | { kind: 'grade'; record: SourceGrade }
  | { kind: 'tag'; record: Tag }
  | { kind: 'set'; record: AnnotationSet };

/**
 * A Gloss record as a CouchDB document: `type` says which kind, `v` the shape version, `by` the
 * server user who wrote this revision (checked by the design document), `record` the Gloss
 * record itself, so that CouchDB's `_` fields never mix with Gloss fields.
 */
export interface GlossDocument {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  type: SyncKind;
  v: number;
  by: string | null;
  record: unknown;
}

const RECORD_SCHEMAS: Record<SyncKind, z.ZodType> = {
  article: ArticleSchema,
  annotation: AnnotationSchema,
  grade: SourceGradeSchema,
  tag: TagSchema,
  set: AnnotationSetSchema,
};

/** The key a record is known by within its kind: an id, a source's or a tag's name. */
function recordKey(r: SyncRecord): string {
  switch (r.kind) {
    case 'grade':
      return r.record.source;
    case 'tag':
      return r.record.name;
    default:
      return r.record.id;
  }
}

/** The CouchDB `_id` of a record: `<kind>:<key>`, e.g. `annotation:3f…` or `grade:Reuters`. */
export function documentId(r: SyncRecord): string {
  return `${r.kind}:${recordKey(r)}`;
}

/** The kind a document id names, if it is a Gloss id at all. */
export function kindOfId(id: string): SyncKind | undefined {
  const kind = id.slice(0, id.indexOf(':'));
  return (SYNC_KINDS as readonly string[]).includes(kind) ? (kind as SyncKind) : undefined;
}

/** The record as it travels: an article without its imported bytes. */
export function travellingRecord(r: SyncRecord): unknown {
  if (r.kind !== 'article') return r.record;
  const { original: _original, ...rest } = r.record;
  return rest;
}

/** Thrown by {@link toDocument} for a record that does not satisfy its schema. */
export class SyncDocumentError extends Error {
  override readonly name = 'SyncDocumentError';
}

function issues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `${path.replace(/^\./, '') || '(top level)'}: ${i.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * The CouchDB document for a record, written by server user `by`. The record is validated with
 * its `core/model` schema first, so that Gloss never sends what it would refuse to receive.
 * @throws {SyncDocumentError} when the record does not satisfy its schema.
 */
export function toDocument(r: SyncRecord, by: string | null): GlossDocument {
  const record = travellingRecord(r);
  const parsed = RECORD_SCHEMAS[r.kind].safeParse(record);
  if (!parsed.success) {
    throw new SyncDocumentError(`${documentId(r)} is not a valid ${r.kind}: ${issues(parsed.error)}`);
  }
  return { _id: documentId(r), type: r.kind, v: SYNC_DOC_VERSION, by, record };
}

const EnvelopeSchema = z.looseObject({
  _id: z.string().min(1),
  type: z.enum(SYNC_KINDS),
  v: z.number().int().positive(),
  by: z.string().nullable(),
  record: z.unknown(),
});

/** The result of reading a document: the record, or why it was refused. */
export type ReadDocument = { ok: true; value: SyncRecord } | { ok: false; reason: string };

/**
 * Reads a document received from the server back into a Gloss record, refusing (never
 * throwing) whatever Gloss would not store: an unknown shape or a newer shape version, a record
 * that fails its `core/model` schema, an id that does not match the record, an article whose
 * text does not match its `contentHash`, or one that carries imported bytes.
 */
export async function fromDocument(doc: unknown): Promise<ReadDocument> {
  const bad = forbiddenKey(doc);
  if (bad) return { ok: false, reason: `it holds the key “${bad}”, which Gloss refuses` };
  const envelope = EnvelopeSchema.safeParse(doc);
  if (!envelope.success) return { ok: false, reason: `not a Gloss document (${issues(envelope.error)})` };
  const { _id, type, v, record } = envelope.data;
  if (v > SYNC_DOC_VERSION) {
    return { ok: false, reason: `written by a newer Gloss (document version ${v}); update Gloss to read it` };
  }
  const parsed = RECORD_SCHEMAS[type].safeParse(record);
  if (!parsed.success) return { ok: false, reason: `not a valid ${type}: ${issues(parsed.error)}` };
  const value = { kind: type, record: parsed.data } as SyncRecord;
  if (documentId(value) !== _id) {
    return { ok: false, reason: `its id does not match its ${type} (expected ${documentId(value)})` };
  }
  if (value.kind === 'article') {
    if (value.record.original !== undefined) {
      return { ok: false, reason: 'an article must not carry its imported bytes' };
    }
    if ((await sha256Hex(value.record.text)) !== value.record.contentHash) {
      return { ok: false, reason: 'the article text does not match its contentHash' };
    }
  }
  return { ok: true, value };
}

/** The first key at any depth that could reach an object's prototype once spread or merged. */
function forbiddenKey(value: unknown, depth = 0): string | undefined {
  if (!value || typeof value !== 'object' || depth > 64) return undefined;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key) && !Array.isArray(value)) return key;
    const found = forbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * JSON with object keys sorted, so that equal records give equal strings. Digests and revision
 * ids are made of it, so its output must never change: it is the string
 * `JSON.stringify(value, sortingReplacer)` gives (each object rebuilt with its entries sorted,
 * whose integer-like keys JavaScript then puts first, in numeric order), written directly —
 * a first sync digests 210,000 records, and rebuilding every object took most of the time.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, '') ?? (undefined as unknown as string);
}

/** Integer-like keys (array indices), which a rebuilt object lists first, in numeric order. */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;
const isIndexKey = (key: string) => INDEX_KEY.test(key) && Number(key) <= 4294967294;
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : 1);

/**
 * The order an object's keys are written in, each with its quoted name and colon: records of one
 * kind share a handful of shapes, so each shape is sorted once (a few hundred are kept).
 */
const orders = new Map<string, [string, string][]>();
function orderOf(keys: string[]): [string, string][] {
  // The key count and the keys: unambiguous while no key holds the separator (else not kept).
  const cached = !keys.some((k) => k.includes('\u0000'));
  const shape = `${keys.length}\u0000${keys.join('\u0000')}`;
  let order = cached ? orders.get(shape) : undefined;
  if (!order) {
    const sorted = [...keys].sort(byCodeUnits);
    const indices = sorted.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
    const ordered = indices.length ? [...indices, ...sorted.filter((k) => !isIndexKey(k))] : sorted;
    order = ordered.map((k) => [k, `${JSON.stringify(k)}:`]);
    if (orders.size >= 512) orders.clear();
    if (cached) orders.set(shape, order);
  }
  return order;
}

function canonical(input: unknown, key: string): string | undefined {
  let value = input;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      // JSON's own spelling (and its TypeError for a bigint).
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++)
          out += `${i ? ',' : ''}${canonical(value[i], String(i)) ?? 'null'}`;
        return `${out}]`;
      }
      const keys = Object.keys(value);
      let out = '{';
      let first = true;
      for (const [k, quoted] of orderOf(keys)) {
        const v = canonical((value as Record<string, unknown>)[k], k);
        if (v === undefined) continue;
        out += `${first ? '' : ','}${quoted}${v}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      // undefined, a function, a symbol: left out of an object, null in an array.
      return undefined;
  }
}

/** A short digest of a record's content, to tell whether it changed since the last sync. */
export async function recordDigest(record: unknown): Promise<string> {
  return (await sha256Hex(canonicalJson(record))).slice(0, 24);
}

/**
 * A deterministic revision id for a new revision after `parent`: two clients that make the same
 * change on the same revision make the same revision, which CouchDB then holds once.
 */
export async function revisionId(
  parent: string | undefined,
  record: unknown,
  deleted = false,
): Promise<string> {
  return (await sha256Hex(`${parent ?? ''}\n${deleted ? 'deleted' : canonicalJson(record)}`)).slice(0, 32);
}

/** Every record of a project as {@link SyncRecord}s, in a stable order. */
export function projectRecords(p: {
  articles: readonly Article[];
  annotations: readonly Annotation[];
  sourceGrades: readonly SourceGrade[];
  tags: readonly Tag[];
  sets: readonly AnnotationSet[];
}): SyncRecord[] {
  return [
    ...p.articles.map((record) => ({ kind: 'article' as const, record })),
    ...p.annotations.map((record) => ({ kind: 'annotation' as const, record })),
    ...p.sourceGrades.map((record) => ({ kind: 'grade' as const, record })),
    ...p.tags.map((record) => ({ kind: 'tag' as const, record })),
    ...p.sets.map((record) => ({ kind: 'set' as const, record })),
  ];
}
