import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../core/hash';

describe('sha256Hex', () => {
  it('gives the standard digests (FIPS 180-2 vectors), in lowercase hex', async () => {
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes the UTF-8 bytes of any text, as Node’s own SHA-256 does', async () => {
    for (const text of ['é', 'Россия', '\u{1F600} and a byte 0x0f: \u000f', 'x'.repeat(100_000)])
      expect(await sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
