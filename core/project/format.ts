import type { z } from 'zod';
import { sha256Hex } from '../hash';
import { annotationOffsetProblem, type Annotation, type Article } from '../model';
import type { DeflateCodec } from './codec';
import { ProjectFileError } from './errors';
import { DEFAULT_PROJECT_LIMITS, MAX_WHOLE_JSON_BYTES, type ProjectLimits } from './limits';
import { migrate, type RawProject } from './migrate';
import { safeJsonParse } from './safe-json';
import {
  DOCUMENT_NAMES,
  DOCUMENT_SCHEMAS,
  PROJECT_TYPE,
  ProjectEnvelopeSchema,
  type DocumentName,
  type ProjectDocument,
  type ProjectEnvelope,
} from './schema';
import { readZip, writeZip, type StreamedEntry } from './zip';

const MANIFEST = 'manifest.json';
const KNOWN_ENTRIES = new Set<string>([MANIFEST, ...DOCUMENT_NAMES]);
const MAX_ISSUES_SHOWN = 3;

/** Options for {@link readProjectFile}. */
export interface ReadProjectOptions {
  /** Overrides some of {@link DEFAULT_PROJECT_LIMITS}. */
  limits?: Partial<ProjectLimits>;
  /** Skips re-hashing every article's text against its `contentHash` (default false). */
  skipHashCheck?: boolean;
  /** The DEFLATE implementation (default: fflate, pure JavaScript). */
  codec?: DeflateCodec;
}

/** Options for {@link writeProjectFile}. */
export interface WriteProjectOptions {
  /** The DEFLATE implementation (default: fflate, pure JavaScript). */
  codec?: DeflateCodec;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

function schemaError(entry: string, error: z.ZodError): ProjectFileError {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN).map((i) => `${formatPath(i.path)}: ${i.message}`);
  const more =
    error.issues.length > MAX_ISSUES_SHOWN ? ` (and ${error.issues.length - MAX_ISSUES_SHOWN} more)` : '';
  return new ProjectFileError(
    'schema',
    `${entry} does not match the project format: ${shown.join('; ')}${more}.`,
  );
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, entry: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw schemaError(entry, result.error);
  return result.data;
}

function duplicates(ids: Iterable<string>, what: string, entry: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new ProjectFileError('schema', `${entry} holds two ${what} with the id “${id}”.`);
    seen.add(id);
  }
}

/**
 * Checks what the per-document schemas cannot: unique ids, and annotations on known articles at
 * positions inside their text.
 */
function checkIntegrity(articles: readonly Article[], annotations: readonly Annotation[]): void {
  duplicates(
    articles.map((a) => a.id),
    'articles',
    'articles.json',
  );
  duplicates(
    annotations.map((a) => a.id),
    'annotations',
    'annotations.json',
  );
  const lengths = new Map(articles.map((a) => [a.id, a.text.length]));
  for (const [i, a] of annotations.entries()) {
    const length = lengths.get(a.articleId);
    if (length === undefined) {
      throw new ProjectFileError(
        'schema',
        `annotations.json: [${i}].articleId names an article “${a.articleId}” that the project does not hold.`,
      );
    }
    const problem = annotationOffsetProblem(a, length);
    if (problem) throw new ProjectFileError('schema', `annotations.json: [${i}]: ${problem}.`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Uint8Array, name: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ProjectFileError('bad-json', `${name} is not valid UTF-8 text.`);
  }
}

/** Bytes of JSON parsed at a time when a document is read in pieces. */
const JSON_PIECE_BYTES = 1 << 20;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * A JSON array read in pieces: its bytes are cut between top-level items into pieces of about
 * 1 MiB, and each piece is decoded and parsed on its own (as `[piece]`, so depth, key and
 * syntax checks are those of the whole), so that no document is ever one string, which V8
 * caps at about 512 million characters. Null when the bytes are not an array; invalid JSON
 * fails as `bad-json`.
 */
function parseArrayInPieces(bytes: Uint8Array, name: string, maxDepth: number): unknown[] | null {
  let i = 0;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  if (bytes[i] !== 0x5b) return null;
  const out: unknown[] = [];
  let pieces = 0;
  const parsePiece = (from: number, to: number) => {
    const text = decodeText(bytes.subarray(from, to), name);
    pieces++;
    // Only a whole empty array has an empty piece (`[1,]` would leave one after its comma).
    if (!text.trim()) {
      if (pieces > 1)
        throw new ProjectFileError('bad-json', `${name} is not valid JSON (a comma ends the array).`);
      return;
    }
    for (const item of safeJsonParse(`[${text}]`, name, maxDepth) as unknown[]) out.push(item);
  };
  let depth = 0;
  let start = i + 1;
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x22) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (;;) {
        const close = bytes.indexOf(0x22, i + 1);
        if (close < 0)
          throw new ProjectFileError('bad-json', `${name} is not valid JSON (a string never ends).`);
        let slashes = 0;
        while (bytes[close - 1 - slashes] === 0x5c) slashes++;
        i = close;
        if (slashes % 2 === 0) break;
      }
    } else if (b === 0x5b || b === 0x7b) depth++;
    else if (b === 0x5d || b === 0x7d) {
      if (--depth === 0) break;
    } else if (b === 0x2c && depth === 1 && i - start >= JSON_PIECE_BYTES) {
      parsePiece(start, i);
      start = i + 1;
    }
  }
  if (depth !== 0 || bytes[i] !== 0x5d)
    throw new ProjectFileError('bad-json', `${name} is not valid JSON (the array never ends).`);
  // What follows the closing bracket may only be white space.
  for (let j = i + 1; j < bytes.length; j++) {
    if (!isSpace(bytes[j]!))
      throw new ProjectFileError('bad-json', `${name} is not valid JSON (more follows the array).`);
  }
  parsePiece(start, i);
  return out;
}

function decodeJson(files: Map<string, Uint8Array>, name: string, maxDepth: number): unknown {
  const bytes = files.get(name);
  if (!bytes)
    throw new ProjectFileError('missing-entry', `The project file has no ${name}; it is incomplete.`);
  // The documents are arrays, read in pieces; anything else (the manifest) is parsed whole.
  if (name !== MANIFEST && bytes.length > JSON_PIECE_BYTES) {
    const items = parseArrayInPieces(bytes, name, maxDepth);
    if (items) return items;
  }
  if (bytes.length > MAX_WHOLE_JSON_BYTES) {
    throw new ProjectFileError(
      'too-large',
      `${name} is over ${MAX_WHOLE_JSON_BYTES / 1024 / 1024} MiB and not a list of records; Gloss cannot read it.`,
    );
  }
  return safeJsonParse(decodeText(bytes, name), name, maxDepth);
}

/**
 * Reads a `.gloss` project file: checks the zip (entry names, count, sizes), parses every JSON
 * document safely, checks the envelope's type, migrates older versions, validates everything
 * against the schema and verifies each article's `contentHash`. Unknown fields and unknown zip
 * entries are kept.
 * @throws {ProjectFileError} with a code and a message that says what is wrong.
 */
export async function readProjectFile(
  bytes: Uint8Array,
  options: ReadProjectOptions = {},
): Promise<ProjectDocument> {
  const limits: ProjectLimits = { ...DEFAULT_PROJECT_LIMITS, ...options.limits };
  const files = readZip(bytes, limits, options.codec);
  const manifest = decodeJson(files, MANIFEST, limits.maxJsonDepth);
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new ProjectFileError(
      'wrong-type',
      'manifest.json is not an object: this is not a Gloss project file.',
    );
  }
  const type = (manifest as Record<string, unknown>)['type'];
  if (type !== PROJECT_TYPE) {
    throw new ProjectFileError(
      'wrong-type',
      `This is not a Gloss project file: its type is ${JSON.stringify(type ?? null)}, not "${PROJECT_TYPE}".`,
    );
  }
  const documents: Record<string, unknown> = {};
  for (const name of DOCUMENT_NAMES) {
    if (files.has(name)) documents[name] = decodeJson(files, name, limits.maxJsonDepth);
  }
  const raw: RawProject = migrate({ manifest: manifest as Record<string, unknown>, documents });
  const envelope = parseWith(ProjectEnvelopeSchema, raw.manifest, MANIFEST) as ProjectEnvelope;
  const doc = (name: DocumentName): unknown => {
    if (!(name in raw.documents)) {
      throw new ProjectFileError('missing-entry', `The project file has no ${name}; it is incomplete.`);
    }
    return raw.documents[name];
  };
  const optionalDoc = (name: DocumentName): unknown => (name in raw.documents ? raw.documents[name] : []);
  const articles = parseWith(
    DOCUMENT_SCHEMAS['articles.json'],
    doc('articles.json'),
    'articles.json',
  ) as Article[];
  const annotations = parseWith(
    DOCUMENT_SCHEMAS['annotations.json'],
    doc('annotations.json'),
    'annotations.json',
  );
  const sourceGrades = parseWith(
    DOCUMENT_SCHEMAS['source-grades.json'],
    optionalDoc('source-grades.json'),
    'source-grades.json',
  );
  const tags = parseWith(DOCUMENT_SCHEMAS['tags.json'], optionalDoc('tags.json'), 'tags.json');
  const sets = parseWith(DOCUMENT_SCHEMAS['sets.json'], optionalDoc('sets.json'), 'sets.json');
  const originals = parseWith(
    DOCUMENT_SCHEMAS['originals.json'],
    optionalDoc('originals.json'),
    'originals.json',
  );

  checkIntegrity(articles, annotations);
  if (!options.skipHashCheck) await checkHashes(articles);

  const byId = new Map(articles.map((a) => [a.id, a]));
  const usedEntries = new Set<string>();
  for (const ref of originals) {
    const article = byId.get(ref.articleId);
    const data = files.get(ref.entry);
    if (!article)
      throw new ProjectFileError(
        'schema',
        `originals.json names an article “${ref.articleId}” that the project does not hold.`,
      );
    if (!data)
      throw new ProjectFileError(
        'missing-entry',
        `The project file has no ${ref.entry}, which originals.json names.`,
      );
    if (article.original || usedEntries.has(ref.entry)) {
      throw new ProjectFileError(
        'schema',
        `originals.json names the article “${ref.articleId}” or the entry ${ref.entry} twice.`,
      );
    }
    article.original = new Uint8Array(data);
    usedEntries.add(ref.entry);
  }
  const extraEntries = new Map<string, Uint8Array>();
  for (const [name, data] of files) {
    if (!KNOWN_ENTRIES.has(name) && !usedEntries.has(name)) extraEntries.set(name, data);
  }
  return {
    envelope,
    articles,
    annotations,
    sourceGrades,
    tags,
    sets,
    ...(extraEntries.size ? { extraEntries } : {}),
  };
}

async function checkHashes(articles: readonly Article[]): Promise<void> {
  const hashes = await Promise.all(articles.map((a) => sha256Hex(a.text)));
  for (const [i, a] of articles.entries()) {
    if (hashes[i] !== a.contentHash) {
      throw new ProjectFileError(
        'schema',
        `articles.json: article “${a.id}” has a contentHash that does not match its text; the file was altered or damaged.`,
      );
    }
  }
}

const encoder = new TextEncoder();
const json = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

/** Characters of JSON gathered before they are encoded and handed to the compressor. */
const JSON_PIECE_CHARS = 1 << 20;

/**
 * `JSON.stringify(items)`, byte for byte, as UTF-8 pieces of about a million characters, made
 * item by item as the zip writer asks for them: a document of a million annotations is never
 * one string (which V8 caps at about 512 million characters) nor one buffer.
 */
function* jsonArrayPieces(items: readonly unknown[]): Generator<Uint8Array> {
  let parts: string[] = ['['];
  let size = 1;
  for (const [i, item] of items.entries()) {
    const text = `${i ? ',' : ''}${JSON.stringify(item) ?? 'null'}`;
    parts.push(text);
    size += text.length;
    if (size >= JSON_PIECE_CHARS) {
      yield encoder.encode(parts.join(''));
      parts = [];
      size = 0;
    }
  }
  parts.push(']');
  yield encoder.encode(parts.join(''));
}

function zipDate(iso: string): Date {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1980 ? new Date(Date.UTC(1980, 0, 1)) : d;
}

/**
 * Writes a project document as a `.gloss` file (a zip). Validates the document first, so an
 * invalid project is never written; `Article.original` bytes go to `originals/<n>` entries.
 * The result depends only on the document (the zip is stamped with `envelope.savedAt`).
 * @throws {ProjectFileError} `schema` when the document does not satisfy the format.
 */
export async function writeProjectFile(
  doc: ProjectDocument,
  options: WriteProjectOptions = {},
): Promise<Uint8Array> {
  const envelope = parseWith(ProjectEnvelopeSchema, doc.envelope, MANIFEST);
  const stored: Omit<Article, 'original'>[] = [];
  const originals: { articleId: string; entry: string }[] = [];
  const files = new Map<string, Uint8Array>();
  for (const [i, article] of doc.articles.entries()) {
    const { original, ...rest } = article;
    stored.push(rest);
    if (original !== undefined && !(original instanceof Uint8Array)) {
      throw new ProjectFileError('schema', `articles.json: [${i}].original must be the imported bytes.`);
    }
    if (original) {
      const entry = `originals/${i}`;
      originals.push({ articleId: article.id, entry });
      files.set(entry, original);
    }
  }
  const documents: Record<DocumentName, unknown> = {
    'articles.json': stored,
    'annotations.json': doc.annotations,
    'source-grades.json': doc.sourceGrades,
    'tags.json': doc.tags,
    'sets.json': doc.sets,
    'originals.json': originals,
  };
  for (const name of DOCUMENT_NAMES) parseWith(DOCUMENT_SCHEMAS[name] as z.ZodType, documents[name], name);
  checkIntegrity(doc.articles, doc.annotations);
  const entries = new Map<string, Uint8Array | StreamedEntry>([[MANIFEST, json(envelope)]]);
  // Every document is an array: each is written into the zip piece by piece.
  for (const name of DOCUMENT_NAMES) {
    entries.set(name, { pieces: jsonArrayPieces(documents[name] as readonly unknown[]) });
  }
  for (const [name, data] of files) entries.set(name, data);
  for (const [name, data] of doc.extraEntries ?? []) {
    if (!entries.has(name) && !/^originals\//.test(name)) entries.set(name, data);
  }
  return writeZip(entries, zipDate(envelope.savedAt), options.codec);
}
