import { inflateSync, strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  fflateCodec,
  migrate,
  PROJECT_VERSION,
  readProjectFile,
  writeProjectFile,
  ProjectFileError,
  type DeflateCodec,
  type Migration,
  type ProjectDocument,
} from '../../../../core/project';
import { ALICE, BOB, makeAnnotation, makeArticle, makeProject } from './make-project';

const fixtures = resolve(import.meta.dirname, '../../../fixtures/project');

/** A project that uses every record type and optional field the format knows. */
async function everything(): Promise<ProjectDocument> {
  const doc = await makeProject({ articles: 5, annotations: 40, seed: 7 });
  const a0 = doc.articles[0]!;
  a0.original = strToU8('<html><body>the imported bytes</body></html>');
  a0.footnotes = [{ start: 3, end: 7 }];
  a0.warnings = ['decoded as windows-1252'];
  a0.removed = [{ at: 10, text: 'Subscribe now', reason: 'newsletter' }];
  a0.blocks = [
    { type: 'heading', start: 0, end: 20 },
    { type: 'paragraph', start: 20, end: a0.text.length, page: 2 },
  ];
  doc.articles[1]!.publishedAt = null;
  doc.articles[2]!.original = new Uint8Array([0, 1, 2, 255]);
  const extra = doc.articles[3] as unknown as Record<string, unknown>;
  extra['futureField'] = { nested: [1, 'two', null] };
  doc.annotations[0]!.deletedAt = '2025-07-02T08:00:00.000Z';
  doc.annotations[1] = { ...doc.annotations[1]!, author: BOB, stance: null, credibility: null };
  (doc.annotations[2] as unknown as Record<string, unknown>)['confidence'] = 0.8;
  doc.sets.push({
    id: 'set-2',
    type: 'static',
    name: 'Hand-picked',
    annotationIds: [doc.annotations[3]!.id],
    createdAt: '2025-07-01T10:00:00.000Z',
  });
  doc.envelope.syncs = [{ analyst: BOB, savedAt: '2025-07-01T12:00:00.000Z' }];
  (doc.envelope as unknown as Record<string, unknown>)['workspace'] = { theme: 'dark' };
  doc.extraEntries = new Map([['notes/readme.txt', strToU8('kept by a newer Gloss')]]);
  return doc;
}

describe('project file round trip', () => {
  it('reads back every record of every kind identical to what was written', async () => {
    const doc = await everything();
    const back = await readProjectFile(await writeProjectFile(doc));
    expect(back.envelope).toStrictEqual(doc.envelope);
    expect(back.articles).toHaveLength(doc.articles.length);
    for (const [i, a] of doc.articles.entries()) expect(back.articles[i]).toStrictEqual(a);
    expect(back.annotations).toHaveLength(doc.annotations.length);
    for (const [i, a] of doc.annotations.entries()) expect(back.annotations[i]).toStrictEqual(a);
    expect(back.sourceGrades).toStrictEqual(doc.sourceGrades);
    expect(back.tags).toStrictEqual(doc.tags);
    expect(back.sets).toStrictEqual(doc.sets);
    expect(back.extraEntries).toStrictEqual(doc.extraEntries);
    // And the whole document at once, so that no field is forgotten above.
    expect(back).toStrictEqual(doc);
  });

  it('writes the same bytes for the same document (stamped with savedAt, not the clock)', async () => {
    const doc = await everything();
    const first = await writeProjectFile(doc);
    const second = await writeProjectFile(await readProjectFile(first));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('lays the zip out as docs/project-format.md says', async () => {
    const doc = await everything();
    const entries = unzipSync(await writeProjectFile(doc));
    expect(Object.keys(entries).sort()).toEqual([
      'annotations.json',
      'articles.json',
      'manifest.json',
      'notes/readme.txt',
      'originals.json',
      'originals/0',
      'originals/2',
      'sets.json',
      'source-grades.json',
      'tags.json',
    ]);
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ type: 'gloss-project', version: PROJECT_VERSION, analyst: ALICE });
    const articles = JSON.parse(new TextDecoder().decode(entries['articles.json'])) as object[];
    expect(articles[0]).not.toHaveProperty('original');
    expect(JSON.parse(new TextDecoder().decode(entries['originals.json']))).toEqual([
      { articleId: doc.articles[0]!.id, entry: 'originals/0' },
      { articleId: doc.articles[2]!.id, entry: 'originals/2' },
    ]);
  });

  it('reads the committed version-1 sample', async () => {
    const doc = await readProjectFile(readFileSync(resolve(fixtures, 'v1-sample.gloss')));
    // Migrated to the current version: provenance filled in from the authors and the owner.
    expect(doc.envelope).toMatchObject({ type: 'gloss-project', version: 2, name: 'Sample' });
    for (const a of doc.annotations) {
      expect(a.updatedBy).toEqual(a.author);
      expect(a.provenance).toEqual({});
    }
    for (const g of doc.sourceGrades) expect(g.updatedBy).toEqual(doc.envelope.analyst);
    expect(doc.articles.map((a) => a.id)).toEqual(['article-1']);
    expect(new TextDecoder().decode(doc.articles[0]!.original)).toContain('grain exports');
    expect(doc.annotations.map((a) => [a.kind, a.deletedAt !== null])).toEqual([
      ['figure', false],
      ['claim', true],
    ]);
  });

  it('refuses to write an invalid document, naming the field', async () => {
    const doc = await makeProject({ articles: 1, annotations: 2 });
    doc.annotations[1] = { ...doc.annotations[1]!, credibility: 9 as 1 };
    await expect(writeProjectFile(doc)).rejects.toThrow(/annotations\.json.*\[1\]\.credibility/);
    const dup = await makeProject({ articles: 1, annotations: 2 });
    dup.annotations[1] = { ...dup.annotations[1]!, id: dup.annotations[0]!.id };
    await expect(writeProjectFile(dup)).rejects.toThrow(/two annotations with the id/);
  });

  it('keeps the fast JSON path for prose that mentions a constructor', async () => {
    const doc = await makeProject({ articles: 1, annotations: 0 });
    const text = 'The "constructor": a firm that builds; its prototype failed.';
    doc.articles = [await makeArticle('a', text)];
    doc.annotations = [
      makeAnnotation('7c9e6679-7425-40de-944b-e07fc1f90ae7', doc.articles[0]!, 4, 15, ALICE),
    ];
    const back = await readProjectFile(await writeProjectFile(doc));
    expect(back.articles[0]!.text).toBe(text);
  });
});

/** The codec, recording the longest buffer it is handed at once (whole, or one streamed piece). */
function measuring(codec: DeflateCodec): { codec: DeflateCodec; longest: () => number } {
  let longest = 0;
  const seen = (n: number) => void (longest = Math.max(longest, n));
  return {
    longest: () => longest,
    codec: {
      ...codec,
      deflateRaw: (data) => (seen(data.length), codec.deflateRaw(data)),
      deflateRawStream: () => {
        const stream = codec.deflateRawStream();
        return { push: (data, final) => (seen(data.length), stream.push(data, final)) };
      },
    },
  };
}

describe('writing in bounded pieces', () => {
  it('never hands the codec a whole document: annotations.json goes in pieces of about 1 MiB, and the entry is JSON.stringify of the array, byte for byte', async () => {
    const doc = await makeProject({ articles: 3, annotations: 12_000, seed: 3 });
    const expected = JSON.stringify(doc.annotations);
    expect(expected.length).toBeGreaterThan(3 * 2 ** 20);
    const { codec, longest } = measuring(fflateCodec);
    const bytes = await writeProjectFile(doc, { codec });
    expect(longest()).toBeLessThan(2 ** 20 + 4096);
    // The format is unchanged: any zip reader finds the same entries, the same JSON.
    const entries = unzipSync(bytes);
    expect(strFromU8(entries['annotations.json']!)).toBe(expected);
    expect(JSON.parse(strFromU8(entries['articles.json']!))).toEqual(
      doc.articles.map(({ original: _o, ...rest }) => rest),
    );
    expect(await readProjectFile(bytes)).toStrictEqual(doc);
  });

  it('an empty document streams to an empty array', async () => {
    const doc = await makeProject({ articles: 0, annotations: 0 });
    const entries = unzipSync(await writeProjectFile(doc));
    expect(strFromU8(entries['annotations.json']!)).toBe('[]');
    expect(strFromU8(entries['tags.json']!)).toBe(JSON.stringify(doc.tags));
  });

  it('the streamed deflate of the pure-JavaScript codec inflates to its pieces joined', () => {
    const stream = fflateCodec.deflateRawStream();
    const pieces = [strToU8('gloss '.repeat(50_000)), strToU8(''), strToU8('the end')];
    const out = pieces.flatMap((p, i) => stream.push(p, i === pieces.length - 1));
    const joined = new Uint8Array(out.reduce((n, o) => n + o.length, 0));
    out.reduce((at, o) => (joined.set(o, at), at + o.length), 0);
    expect(strFromU8(inflateSync(joined))).toBe(pieces.map((p) => strFromU8(p)).join(''));
    expect(fflateCodec.crc32(strToU8('6789'), fflateCodec.crc32(strToU8('12345')))).toBe(0xcbf43926);
  });
});

describe('reading in bounded pieces', () => {
  /** A valid project whose annotations.json is several MiB, and a copy with that entry replaced. */
  async function big(): Promise<{
    doc: ProjectDocument;
    json: string;
    withAnnotations(t: string): Uint8Array;
  }> {
    const doc = await makeProject({ articles: 3, annotations: 12_000, seed: 4 });
    const entries = unzipSync(await writeProjectFile(doc));
    return {
      doc,
      json: strFromU8(entries['annotations.json']!),
      withAnnotations: (t) => zipSync({ ...entries, 'annotations.json': strToU8(t) }),
    };
  }
  const codeOf = (bytes: Uint8Array) =>
    readProjectFile(bytes).then(
      () => 'accepted',
      (e: unknown) => (e instanceof ProjectFileError ? e.code : String(e)),
    );

  it('never decodes a whole document as one string: annotations.json is read about 1 MiB at a time', async () => {
    const { doc, json, withAnnotations } = await big();
    expect(json.length).toBeGreaterThan(3 * 2 ** 20);
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    try {
      expect(await readProjectFile(withAnnotations(json))).toStrictEqual(doc);
      const longest = Math.max(...decode.mock.calls.map(([b]) => (b as Uint8Array | undefined)?.length ?? 0));
      expect(longest).toBeLessThan(2 ** 20 + 4096);
    } finally {
      decode.mockRestore();
    }
    // Any JSON layout of the array reads the same.
    const spaced = JSON.stringify(JSON.parse(json), null, 1);
    expect((await readProjectFile(withAnnotations(`\n ${spaced} \n`))).annotations).toStrictEqual(
      doc.annotations,
    );
  });

  it('refuses what the whole parse refused, wherever it sits: a comma before the end, more after it, a late forbidden key, a late deep nesting', async () => {
    const { json, withAnnotations } = await big();
    const lastItem = json.slice(0, -2);
    expect(await codeOf(withAnnotations(`${json.slice(0, -1)},]`))).toBe('bad-json');
    expect(await codeOf(withAnnotations(`${json} x`))).toBe('bad-json');
    expect(await codeOf(withAnnotations(`${json.slice(0, -1)}`))).toBe('bad-json');
    expect(await codeOf(withAnnotations(`${lastItem},"__proto__":{"polluted":true}}]`))).toBe('unsafe-key');
    const deep = `${'['.repeat(150)}${']'.repeat(150)}`;
    expect(await codeOf(withAnnotations(`${lastItem},"deep":${deep}}]`))).toBe('too-deep');
    // A string holding brackets, commas and escaped quotes does not confuse the cutting.
    const tricky = `${lastItem},"futureNote":${JSON.stringify('a "quoted" ], {,[ \\')}}]`;
    expect(await codeOf(withAnnotations(tricky))).toBe('accepted');
  });
});

describe('the pure-JavaScript codec', () => {
  it('computes the standard CRC-32 at every alignment', () => {
    expect(fflateCodec.crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(fflateCodec.crc32(new Uint8Array(0))).toBe(0);
    const text = strToU8('The quick brown fox jumps over the lazy dog');
    expect(fflateCodec.crc32(text)).toBe(0x414fa339);
    for (let n = 0; n <= 17; n++) {
      const part = text.subarray(0, n);
      let c = 0xffffffff;
      for (const b of part) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      }
      expect(fflateCodec.crc32(part)).toBe((c ^ 0xffffffff) >>> 0);
    }
  });

  it('inflates within a limit and says when the data would pass it', () => {
    const data = strToU8('gloss '.repeat(10_000));
    const packed = fflateCodec.deflateRaw(data);
    expect(fflateCodec.inflateRaw(packed, data.length)).toEqual(data);
    expect(fflateCodec.inflateRaw(packed, data.length - 1)).toBe('too-large');
    expect(() => fflateCodec.inflateRaw(packed.subarray(0, packed.length >> 1), data.length)).toThrow();
  });
});

describe('migrations', () => {
  const manifest = { type: 'gloss-project', version: 1 };

  it('runs each step in order up to the target version, on plain JSON', () => {
    const steps: Record<number, Migration> = {
      1: (raw) => ({ ...raw, documents: { ...raw.documents, log: ['1→2'] } }),
      2: (raw) => ({
        ...raw,
        documents: { ...raw.documents, log: [...(raw.documents['log'] as string[]), '2→3'] },
      }),
    };
    const out = migrate({ manifest: { ...manifest, keep: true }, documents: { a: 1 } }, steps, 3);
    expect(out).toEqual({
      manifest: { ...manifest, keep: true, version: 3 },
      documents: { a: 1, log: ['1→2', '2→3'] },
    });
    expect(() => migrate({ manifest, documents: {} }, { 1: steps[1]! }, 3)).toThrow(
      'No migration from project format version 2',
    );
    expect(() => migrate({ manifest: { ...manifest, version: 0 }, documents: {} }, steps, 3)).toThrow(
      /positive whole number/,
    );
  });

  it('refuses a newer version with a message naming both versions', () => {
    expect(() => migrate({ manifest: { ...manifest, version: PROJECT_VERSION + 1 }, documents: {} })).toThrow(
      `format version ${PROJECT_VERSION + 1}; this Gloss reads up to version ${PROJECT_VERSION}`,
    );
  });

  it('keeps unknown JSON documents as extra entries', async () => {
    const doc = await makeProject({ articles: 1, annotations: 1 });
    const entries = unzipSync(await writeProjectFile(doc));
    entries['comments.json'] = strToU8('[{"by":"a future Gloss"}]');
    const back = await readProjectFile(zipSync(entries));
    expect(new TextDecoder().decode(back.extraEntries?.get('comments.json'))).toBe(
      '[{"by":"a future Gloss"}]',
    );
    const again = unzipSync(await writeProjectFile(back));
    expect(again['comments.json']).toBeDefined();
  });
});
