import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkEntryName,
  DEFAULT_PROJECT_LIMITS,
  ProjectFileError,
  readProjectFile,
  nestingDepth,
  safeJsonParse,
  writeProjectFile,
  type ProjectFileErrorCode,
} from '../../../../core/project';
import { makeProject } from './make-project';

const bad = resolve(import.meta.dirname, '../../../fixtures/project/bad');

async function refusal(bytes: Uint8Array, limits = {}): Promise<ProjectFileError> {
  try {
    await readProjectFile(bytes, { limits });
  } catch (err) {
    if (err instanceof ProjectFileError) return err;
    throw err;
  }
  throw new Error('the file was accepted');
}

/** Each committed bad file (tests/fixtures/project/bad/, made by ../generate.ts) and what it must cause. */
const CASES: [file: string, code: ProjectFileErrorCode, message: RegExp][] = [
  ['truncated.gloss', 'truncated', /truncated: it starts like a zip but its end is missing/],
  ['not-a-zip.gloss', 'not-zip', /not a Gloss project file: it is not a zip archive/],
  ['empty.gloss', 'not-zip', /not a zip archive/],
  ['wrong-type.gloss', 'wrong-type', /its type is "excalidraw", not "gloss-project"/],
  [
    'newer-version.gloss',
    'newer-version',
    /newer Gloss \(Gloss 9\.0\.0\) in format version 99.*Update Gloss/,
  ],
  ['schema-deep.gloss', 'schema', /annotations\.json .*\[1\]\.selectors\[0\]\.start: Too small/],
  ['proto-key.gloss', 'unsafe-key', /annotations\.json contains the key “__proto__”/],
  ['constructor-key.gloss', 'unsafe-key', /tags\.json contains the key “(constructor|prototype)”/],
  ['escaped-proto-key.gloss', 'unsafe-key', /sets\.json contains the key “__proto__”/],
  ['zip-slip.gloss', 'unsafe-path', /“\.\.\/\.\.\/evil\.sh”, which climbs out of its folder/],
  ['absolute-path.gloss', 'unsafe-path', /“\/etc\/evil\.conf”, which is an absolute path/],
  ['backslash-path.gloss', 'unsafe-path', /contains a backslash/],
  [
    'control-chars-name.gloss',
    'unsafe-path',
    /^The project file holds an entry named “notes\\u0000\\u0007\\r\\n\\u001b\[2Jevil\.txt”, which contains control characters\.$/,
  ],
  ['missing-annotations.gloss', 'missing-entry', /no annotations\.json; it is incomplete/],
  ['bad-json.gloss', 'bad-json', /tags\.json is not valid JSON/],
  ['deep-nesting.gloss', 'too-deep', /manifest\.json nests arrays or objects more than 100 levels deep/],
  ['hash-mismatch.gloss', 'schema', /contentHash that does not match its text/],
  ['dangling-annotation.gloss', 'schema', /articleId names an article “no-such-article”/],
  ['zip-bomb-overlap.gloss', 'too-large', /more than 1024 MiB, the most Gloss reads.*zip bomb/],
  ['zip-bomb-lying-size.gloss', 'size-mismatch', /unpacks to a different size than it declares/],
];

describe('bad project files', () => {
  it.each(CASES)('%s is refused as %s with a clear message', async (file, code, message) => {
    const err = await refusal(readFileSync(resolve(bad, file)));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it('leaves Object.prototype alone after reading hostile keys', async () => {
    await refusal(readFileSync(resolve(bad, 'proto-key.gloss')));
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('stops a zip of 100,000 tiny entries at the entry limit', async () => {
    const files: Record<string, Uint8Array> = {};
    const empty = new Uint8Array(0);
    for (let i = 0; i < 100_000; i++) files[`e/${i}`] = empty;
    const bytes = zipSync(files, { level: 0 });
    const started = performance.now();
    const err = await refusal(bytes);
    expect(err.code).toBe('too-many-entries');
    expect(err.message).toContain(
      `more than ${DEFAULT_PROJECT_LIMITS.maxEntries.toLocaleString('en')} entries`,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('stops a real bomb (highly compressed zeros) at the configured total size', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const bytes = zipSync({ 'manifest.json': zeros }, { level: 9 });
    expect(bytes.length).toBeLessThan(64 * 1024);
    const err = await refusal(bytes, { maxTotalUncompressedBytes: 4 * 1024 * 1024 });
    expect(err.code).toBe('too-large');
    const json = await refusal(bytes, { maxJsonEntryBytes: 1024 * 1024 });
    expect(json.code).toBe('too-large');
  });

  it('refuses duplicate entries', async () => {
    const good = await writeProjectFile(await makeProject({ articles: 1, annotations: 1 }));
    // Rename tags.json to sets.json inside the zip (same length), so the name appears twice.
    const copy = new Uint8Array(good);
    const text = Buffer.from(copy).toString('latin1');
    for (let at = text.indexOf('tags.json'); at >= 0; at = text.indexOf('tags.json', at + 1)) {
      copy.set(Buffer.from('sets.json', 'latin1'), at);
    }
    expect((await refusal(copy)).code).toBe('duplicate-entry');
  });

  it('refuses an `original` that is not bytes, and articles.json that smuggles one', async () => {
    const doc = await makeProject({ articles: 1, annotations: 0 });
    (doc.articles[0] as unknown as Record<string, unknown>)['original'] = 'not bytes';
    await expect(writeProjectFile(doc)).rejects.toThrow(/\[0\]\.original must be the imported bytes/);
    const entries = unzipSync(await writeProjectFile(await makeProject({ articles: 1, annotations: 0 })));
    const articles = JSON.parse(strFromU8(entries['articles.json']!)) as Record<string, unknown>[];
    articles[0]!['original'] = { 0: 1 };
    entries['articles.json'] = strToU8(JSON.stringify(articles));
    const err = await refusal(zipSync(entries));
    expect(err.code).toBe('schema');
    expect(err.message).toMatch(/\[0\]\.original: the imported bytes belong in an originals\/ entry/);
  });
});

describe('entry names and JSON keys', () => {
  it.each([
    ['../x', /climbs out/],
    ['a/../../x', /climbs out/],
    ['/x', /absolute/],
    ['C:/x', /drive letter/],
    ['a\\b', /backslash/],
    ['a/./b', /“\.” segment/],
    ['a\u0000b', /control characters/],
    ['', /is empty/],
  ])('refuses the entry name %j', (name, why) => {
    expect(() => checkEntryName(name)).toThrow(why);
  });

  it('accepts ordinary names', () => {
    for (const name of ['manifest.json', 'originals/12', 'notes/a b.txt', 'ü/ß.json']) checkEntryName(name);
  });

  it('refuses forbidden keys at any depth, escaped or not, and keeps them as values', () => {
    expect(() => safeJsonParse('{"a":[{"b":{"__proto__":1}}]}', 'x.json')).toThrow(/“__proto__”/);
    expect(() => safeJsonParse('{"constructor" : 1}', 'x.json')).toThrow(/“constructor”/);
    expect(() => safeJsonParse('{"\\u0070rototype":1}', 'x.json')).toThrow(/“prototype”/);
    expect(safeJsonParse('{"note":"__proto__ constructor prototype"}', 'x.json')).toEqual({
      note: '__proto__ constructor prototype',
    });
    expect(safeJsonParse('["__proto__"]', 'x.json')).toEqual(['__proto__']);
  });

  it('counts nesting outside strings only, and refuses JSON past the depth limit before parsing it', () => {
    expect(nestingDepth('[{"a":[1,{"b":[]}]}]')).toBe(5);
    // Brackets and escaped quotes inside strings do not count.
    expect(nestingDepth('{"t":"[[[{{{ \\" [[[ \\\\"}')).toBe(1);
    expect(nestingDepth('["a\\\\", ["b"]]')).toBe(2);
    const at = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(safeJsonParse(at(100), 'x.json', 100)).toBeInstanceOf(Array);
    expect(() => safeJsonParse(at(101), 'x.json', 100)).toThrow(/more than 100 levels deep/);
    expect(() => safeJsonParse(at(50_000), 'x.json', DEFAULT_PROJECT_LIMITS.maxJsonDepth)).toThrow(
      expect.objectContaining({ code: 'too-deep' }),
    );
  });
});
