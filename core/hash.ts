/** Each byte's two hex digits. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const encoder = new TextEncoder();

/**
 * SHA-256 of a string's UTF-8 bytes, as lowercase hex. Uses WebCrypto, which the renderer,
 * workers and Node ≥ 20 all provide, so `core/` needs no Node-only API.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += HEX[byte]!;
  return hex;
}
