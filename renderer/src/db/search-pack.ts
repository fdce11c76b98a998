/**
 * A compact form for the search index's posting lists (FlexSearch's map: term → score buckets →
 * document numbers), stored as bytes instead of FlexSearch's JSON export: each list as its
 * length and the differences between neighbours as variable-length integers (7 bits a byte),
 * zig-zag coded so that an out-of-order list still packs. Numbers that FlexSearch writes as
 * "123456," (seven bytes) take one to three.
 */

/** Score buckets (FlexSearch's resolution slots) → document numbers; empty slots are holes. */
export type Buckets = (number[] | undefined)[];

class Writer {
  bytes = new Uint8Array(1 << 16);
  at = 0;

  uint(value: number): void {
    if (this.at + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.bytes[this.at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.at++] = v;
  }

  done(): Uint8Array {
    return this.bytes.slice(0, this.at);
  }
}

const zig = (n: number) => ((n << 1) ^ (n >> 31)) >>> 0;
const unzig = (n: number) => (n >>> 1) ^ -(n & 1);

/**
 * Packs a posting map: the terms (in the map's order) and one byte array holding, per term,
 * its number of non-empty buckets, then per bucket its slot, length and zig-zag deltas.
 */
export function packPostings(map: Map<string, Buckets>): { terms: string[]; data: Uint8Array } {
  const w = new Writer();
  const terms: string[] = [];
  for (const [term, buckets] of map) {
    terms.push(term);
    let filled = 0;
    for (const b of buckets) if (b?.length) filled++;
    w.uint(filled);
    buckets.forEach((ids, slot) => {
      if (!ids?.length) return;
      w.uint(slot);
      w.uint(ids.length);
      let prev = 0;
      for (const n of ids) {
        if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff)
          throw new Error(`The search index holds a document key that is not a small number: ${n}`);
        w.uint(zig(n - prev));
        prev = n;
      }
    });
  }
  return { terms, data: w.done() };
}

/**
 * The map {@link packPostings} packed, as [term, buckets] entries (what FlexSearch's import
 * takes). Throws on bytes that do not decode exactly.
 */
export function unpackPostings(terms: readonly string[], data: Uint8Array): [string, Buckets][] {
  let at = 0;
  const uint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (at >= data.length) throw new Error('The stored search index is cut short.');
      const byte = data[at++]!;
      v += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return v;
      shift += 7;
      if (shift > 28) throw new Error('The stored search index is malformed.');
    }
  };
  const entries: [string, Buckets][] = [];
  for (const term of terms) {
    const buckets: Buckets = [];
    for (let filled = uint(); filled > 0; filled--) {
      const slot = uint();
      const length = uint();
      if (slot > 64 || length > data.length) throw new Error('The stored search index is malformed.');
      const ids = new Array<number>(length);
      let prev = 0;
      for (let i = 0; i < length; i++) {
        prev += unzig(uint());
        ids[i] = prev;
      }
      buckets[slot] = ids;
    }
    entries.push([term, buckets]);
  }
  if (at !== data.length) throw new Error('The stored search index has bytes left over.');
  return entries;
}
