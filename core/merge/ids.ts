/** 53-bit string hash (cyrb53), seeded; fast and well spread, not cryptographic. */
function cyrb53(str: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A uuid (version 8, RFC 9562 "custom") derived from `key`: the same key always gives the same
 * id, so a merge that copies a record makes the same copy every time it runs.
 */
export function derivedUuid(key: string): string {
  const hex = [cyrb53(key, 1), cyrb53(key, 2), cyrb53(key, 3)]
    .map((n) => n.toString(16).padStart(14, '0'))
    .join('')
    .slice(0, 32)
    .split('');
  hex[12] = '8';
  hex[16] = '89ab'[parseInt(hex[16] ?? '0', 16) & 3] ?? '8';
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
