import { Deflate, deflateSync, Inflate } from 'fflate';

/**
 * The raw DEFLATE (RFC 1951) and CRC-32 a project file needs. The default, {@link fflateCodec},
 * is pure JavaScript and runs anywhere; Node's zlib is several times faster at compressing, so
 * the command line injects it (cli/zlib-codec.ts), as ARCHITECTURE.md allows for Node-only APIs.
 * Every codec writes the same zip layout; only the compressed bytes may differ.
 */
export interface DeflateCodec {
  /** Compresses `data` as raw DEFLATE. */
  deflateRaw(data: Uint8Array): Uint8Array;
  /**
   * Inflates raw DEFLATE data, producing at most `maxBytes` (plus one bounded step) before it
   * gives up with `'too-large'`. Throws when the data is damaged or cut off.
   */
  inflateRaw(data: Uint8Array, maxBytes: number): Uint8Array | 'too-large';
  /**
   * A raw DEFLATE stream over data given in pieces (one zip entry written without ever holding
   * the entry whole): `push` each piece, the last one with `final`, and get the compressed
   * pieces made so far.
   */
  deflateRawStream(): DeflateStream;
  /** CRC-32 (ISO 3309, as zip uses) of `data`, continuing `previous` (the CRC of what came before). */
  crc32(data: Uint8Array, previous?: number): number;
}

/** See {@link DeflateCodec.deflateRawStream}. */
export interface DeflateStream {
  push(data: Uint8Array, final: boolean): Uint8Array[];
}

/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most ~1032×, so one step
 * produces at most ~64 MiB before the size check sees it, whatever the entry claims.
 */
const INFLATE_STEP = 64 * 1024;

/** CRC-32 lookup tables for slicing-by-8: eight bytes per step, several times the speed of one. */
const CRC_TABLES = (() => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = t[prev & 0xff]! ^ (prev >>> 8);
    }
  }
  return t;
})();

function crc32(data: Uint8Array, previous = 0): number {
  const t = CRC_TABLES;
  let c = ~previous;
  let i = 0;
  for (const end = data.length - 7; i < end; i += 8) {
    const lo = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    c =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + data[i + 4]!]! ^
      t[512 + data[i + 5]!]! ^
      t[256 + data[i + 6]!]! ^
      t[data[i + 7]!]!;
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function inflateRaw(data: Uint8Array, maxBytes: number): Uint8Array | 'too-large' {
  // The caller has weighed `maxBytes` against the limits, so it can be allocated up front.
  const out = new Uint8Array(maxBytes);
  let written = 0;
  let finished = false;
  let overflow = false;
  const inflater = new Inflate((chunk, final) => {
    if (overflow || written + chunk.length > maxBytes) {
      overflow = true;
      return;
    }
    out.set(chunk, written);
    written += chunk.length;
    if (final) finished = true;
  });
  for (let i = 0; i < data.length && !overflow; i += INFLATE_STEP) {
    inflater.push(data.subarray(i, Math.min(i + INFLATE_STEP, data.length)), i + INFLATE_STEP >= data.length);
  }
  if (data.length === 0) inflater.push(new Uint8Array(0), true);
  if (overflow) return 'too-large';
  if (!finished) throw new Error('the compressed data ends too early');
  return written === maxBytes ? out : out.subarray(0, written);
}

/**
 * The pure-JavaScript codec (fflate). Deflate level 1: on JSON it compresses within a fifth of
 * level 6 at nearly twice the speed.
 */
function deflateRawStream(): DeflateStream {
  let out: Uint8Array[] = [];
  const deflater = new Deflate({ level: 1 }, (chunk) => void out.push(chunk));
  return {
    push(data, final) {
      deflater.push(data, final);
      const made = out;
      out = [];
      return made;
    },
  };
}

export const fflateCodec: DeflateCodec = Object.freeze({
  deflateRaw: (data: Uint8Array) => deflateSync(data, { level: 1 }),
  deflateRawStream,
  inflateRaw,
  crc32,
});
