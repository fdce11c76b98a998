import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { inflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zlibCodec } from '../../../cli/zlib-codec';
import { ProjectFileError, readProjectFile, writeProjectFile } from '../../../core/project';
import { makeProject } from '../core/project/make-project';
import { ROOT } from './run-cli';

const BAD = join(ROOT, 'tests/fixtures/project/bad');

async function code(bytes: Uint8Array): Promise<string> {
  try {
    await readProjectFile(bytes, { codec: zlibCodec });
    return 'accepted';
  } catch (err) {
    if (err instanceof ProjectFileError) return err.code;
    throw err;
  }
}

describe('the zlib codec of the command line', () => {
  it('writes files the pure-JavaScript reader reads, and reads the files it writes', async () => {
    const doc = await makeProject({ articles: 4, annotations: 30 });
    doc.articles[0]!.original = new Uint8Array([1, 2, 3]);
    expect(await readProjectFile(await writeProjectFile(doc, { codec: zlibCodec }))).toStrictEqual(doc);
    expect(await readProjectFile(await writeProjectFile(doc), { codec: zlibCodec })).toStrictEqual(doc);
  });

  it('streams an entry in pieces (each its own deflate, sync-flushed, then one final block) that any reader inflates whole', async () => {
    const stream = zlibCodec.deflateRawStream();
    const pieces = ['gloss '.repeat(40_000), '', 'and the rest'].map((t) => new TextEncoder().encode(t));
    const out = pieces.flatMap((p, i) => stream.push(p, i === pieces.length - 1));
    const joined = Buffer.concat(out);
    expect(inflateRawSync(joined).toString()).toBe(pieces.map((p) => new TextDecoder().decode(p)).join(''));
    expect(new TextDecoder().decode(inflateSync(joined))).toBe(inflateRawSync(joined).toString());
    expect(
      zlibCodec.crc32(new TextEncoder().encode('6789'), zlibCodec.crc32(new TextEncoder().encode('12345'))),
    ).toBe(0xcbf43926);
    // A large project written through it reads back with the pure-JavaScript reader.
    const doc = await makeProject({ articles: 2, annotations: 6_000, seed: 5 });
    expect(await readProjectFile(await writeProjectFile(doc, { codec: zlibCodec }))).toStrictEqual(doc);
  });

  it('stops the same bombs as the default codec', async () => {
    expect(await code(readFileSync(join(BAD, 'zip-bomb-lying-size.gloss')))).toBe('size-mismatch');
    expect(await code(readFileSync(join(BAD, 'zip-bomb-overlap.gloss')))).toBe('too-large');
  });

  it('finds a flipped byte through the checksum or the inflater', async () => {
    const bytes = await writeProjectFile(await makeProject({ articles: 1, annotations: 3 }), {
      codec: zlibCodec,
    });
    const damaged = new Uint8Array(bytes);
    // The middle byte of the first entry's data (after its local header and name).
    const view = new DataView(damaged.buffer);
    const data = 30 + view.getUint16(26, true) + view.getUint16(28, true);
    const at = data + Math.floor(view.getUint32(18, true) / 2);
    damaged[at] = damaged[at]! ^ 0xff;
    expect(['corrupt', 'size-mismatch']).toContain(await code(damaged));
  });
});
