import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DeflateCodec, DeflateStream } from '../core/project';

/**
 * Node's zlib as the project-file codec: compresses several times faster than the pure
 * JavaScript default (see tests/bench/suites/project.ts). Level 1, as the default codec.
 */
/** The empty final block (fixed Huffman codes, end of block) that closes a raw DEFLATE stream. */
const FINAL_EMPTY_BLOCK = Uint8Array.of(0x03, 0x00);

/**
 * A raw DEFLATE stream made of pieces compressed one by one: each piece is a stream of its own
 * ended by a sync flush (byte-aligned, not final), and the empty final block closes the whole,
 * which inflates as one stream. zlib's synchronous calls have no stream of their own.
 */
function deflateRawStream(): DeflateStream {
  return {
    push(data, final) {
      const made: Uint8Array[] = [];
      if (data.length) made.push(deflateRawSync(data, { level: 1, finishFlush: constants.Z_SYNC_FLUSH }));
      if (final) made.push(FINAL_EMPTY_BLOCK);
      return made;
    },
  };
}

export const zlibCodec: DeflateCodec = Object.freeze({
  deflateRaw: (data: Uint8Array) => deflateRawSync(data, { level: 1 }),
  deflateRawStream,
  inflateRaw(data: Uint8Array, maxBytes: number): Uint8Array | 'too-large' {
    try {
      // zlib refuses a zero limit; one byte more than allowed is still caught below.
      return inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return 'too-large';
      throw err;
    }
  },
  crc32: (data: Uint8Array, previous = 0) => crc32(data, previous),
});
