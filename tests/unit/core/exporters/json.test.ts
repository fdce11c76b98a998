import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  EXPORT_VERSION,
  ExportFormatError,
  exportJsonSchema,
  parseJsonExport,
  toJson,
  toJsonDocument,
  type ExportInput,
} from '../../../../core/exporters';
import { dataset, live, root } from './fixture';

const byId = <T extends { id: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('toJson', () => {
  const input = dataset();
  const text = toJson(input);
  const doc = JSON.parse(text) as Record<string, unknown>;

  it('wraps the data in the gloss-export envelope', () => {
    expect(Object.keys(doc)).toEqual([
      'type',
      'version',
      'app',
      'exportedAt',
      'articles',
      'annotations',
      'sourceGrades',
    ]);
    expect(doc['type']).toBe('gloss-export');
    expect(doc['version']).toBe(EXPORT_VERSION);
    expect(doc['app']).toEqual({ name: 'Gloss', version: '0.1.0' });
    expect(doc['exportedAt']).toBe('2026-11-23T12:00:00.000Z');
  });

  it('holds every article and grade, and every live annotation unchanged (read back by JSON.parse)', () => {
    expect(byId(doc['articles'] as ExportInput['articles'])).toEqual(byId(input.articles));
    expect(byId(doc['annotations'] as ExportInput['annotations'])).toEqual(byId(live(input)));
    expect(doc['sourceGrades']).toEqual(
      [...input.sourceGrades].sort((a, b) => (a.source < b.source ? -1 : 1)),
    );
  });

  it('is the same text whatever order the input comes in', () => {
    const shuffled: ExportInput = {
      ...input,
      articles: [...input.articles].reverse(),
      annotations: [...input.annotations].reverse(),
      sourceGrades: [...input.sourceGrades].reverse(),
    };
    expect(toJson(shuffled)).toBe(text);
  });

  it('keeps Arabic, Chinese and emoji text as characters', () => {
    expect(text).toContain('外交部发言人表示，谈判将于下周在日内瓦恢复。');
    expect(text).toContain('تصريح رسمي، لم يُؤكَّد بعد.');
    expect(text).toContain('🚩🚀👍🏽 and 👨‍👩‍👧');
  });

  it('leaves the imported bytes out', () => {
    const withBytes: ExportInput = {
      ...input,
      articles: input.articles.map((a) => ({ ...a, original: new Uint8Array([1, 2, 3]) })),
    };
    const back = parseJsonExport(toJson(withBytes));
    expect(back.articles.every((a) => !('original' in a))).toBe(true);
  });

  it('writes one line when asked', () => {
    const compact = toJson(input, { pretty: false });
    expect(compact.trimEnd()).not.toContain('\n');
    expect(JSON.parse(compact)).toEqual(doc);
  });
});

describe('parseJsonExport', () => {
  const input = dataset();

  it('restores exactly what was exported (round trip)', () => {
    const back = parseJsonExport(toJson(input));
    expect(back).toEqual(toJsonDocument(input));
    expect(byId(back.annotations)).toEqual(byId(live(input)));
    expect(byId(back.articles)).toEqual(byId(input.articles));
    expect(parseJsonExport(toJson(back))).toEqual(back);
  });

  it('keeps fields it does not know', () => {
    const doc = JSON.parse(toJson(input)) as Record<string, unknown> & {
      annotations: Record<string, unknown>[];
    };
    doc['futureEnvelopeField'] = { x: 1 };
    doc.annotations[0]!['futureField'] = 'kept';
    const back = parseJsonExport(JSON.stringify(doc)) as unknown as Record<string, unknown> & {
      annotations: Record<string, unknown>[];
    };
    expect(back['futureEnvelopeField']).toEqual({ x: 1 });
    expect(back.annotations[0]!['futureField']).toBe('kept');
  });

  it('ignores a byte-order mark', () => {
    expect(parseJsonExport(`\ufeff${toJson(input)}`).annotations).toHaveLength(live(input).length);
  });

  const valid = (): Record<string, unknown> & {
    annotations: Record<string, unknown>[];
    articles: Record<string, unknown>[];
  } => JSON.parse(toJson(input));

  it.each<[string, () => string, RegExp]>([
    ['text that is not JSON', () => '{"type": "gloss-export",', /not JSON/],
    ['a JSON array', () => '[]', /expected a JSON object/],
    ['another type', () => JSON.stringify({ ...valid(), type: 'excalidraw' }), /type is "excalidraw"/],
    ['a missing version', () => JSON.stringify({ ...valid(), version: undefined }), /no valid version/],
    [
      'a newer version',
      () => JSON.stringify({ ...valid(), version: EXPORT_VERSION + 1 }),
      /newer Gloss \(format version 3\).*up to 2/,
    ],
    [
      'a bad kind',
      () => {
        const d = valid();
        d.annotations[2]!['kind'] = 'rumour';
        return JSON.stringify(d);
      },
      /annotations\[2\]\.kind: /,
    ],
    [
      'a credibility out of range',
      () => {
        const d = valid();
        d.annotations[0]!['credibility'] = 9;
        return JSON.stringify(d);
      },
      /annotations\[0\]\.credibility: /,
    ],
    [
      'a block outside the text',
      () => {
        const d = valid();
        d.articles[0]!['blocks'] = [{ type: 'paragraph', start: 0, end: 1e9 }];
        return JSON.stringify(d);
      },
      /articles\[0\]\.blocks\[0\]: block 0 \[0, 1000000000\) lies outside/,
    ],
    [
      'an annotation whose article is missing',
      () => {
        const d = valid();
        d.annotations[1]!['articleId'] = 'gone';
        return JSON.stringify(d);
      },
      /annotations\[1\]\.articleId: article “gone” is not in the file/,
    ],
  ])('refuses %s with a clear message', (_name, make, message) => {
    const attempt = () => parseJsonExport(make());
    expect(attempt).toThrow(ExportFormatError);
    expect(attempt).toThrow(message);
  });
});

describe('docs/gloss-export.schema.json', () => {
  const committed = JSON.parse(
    readFileSync(resolve(root, 'docs/gloss-export.schema.json'), 'utf8'),
  ) as Record<string, unknown>;

  it('is the schema generated from the code (regenerate it when the format changes)', () => {
    expect(committed).toEqual(exportJsonSchema());
    expect(committed['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts a real export and rejects a broken one', () => {
    // z.fromJSONSchema builds a validator from the committed JSON text, not from our zod schema.
    const validator = z.fromJSONSchema(committed as Parameters<typeof z.fromJSONSchema>[0]);
    const doc = JSON.parse(toJson(dataset())) as Record<string, unknown> & {
      annotations: Record<string, unknown>[];
    };
    expect(validator.safeParse(doc).error?.issues).toBeUndefined();
    doc.annotations[0]!['stance'] = 'rumour';
    delete doc.annotations[1]!['selectors'];
    const issues = validator.safeParse(doc).error?.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(expect.arrayContaining(['annotations.0.stance', 'annotations.1.selectors']));
  });
});

describe('a version-1 export (Gloss 0.1, before provenance)', () => {
  // tests/fixtures/export/v1-export.json: the golden JSON export of the fixture dataset as
  // Gloss 0.1 wrote it (export format 1), kept to prove old exports still read.
  const text = readFileSync(resolve(root, 'tests/fixtures/export/v1-export.json'), 'utf8');

  it('reads with each annotation last changed by its author and grades set by no one recorded', () => {
    expect((JSON.parse(text) as { version: number }).version).toBe(1);
    const doc = parseJsonExport(text);
    expect(doc.version).toBe(EXPORT_VERSION);
    expect(doc.annotations.length).toBeGreaterThan(0);
    for (const a of doc.annotations) {
      expect(a.updatedBy).toEqual(a.author);
      expect(a.provenance).toEqual({});
    }
    expect(doc.sourceGrades.map((g) => g.updatedBy)).toEqual(
      doc.sourceGrades.map(() => ({ id: 'unrecorded', name: 'Not recorded' })),
    );
  });
});
