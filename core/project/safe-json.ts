import { ProjectFileError } from './errors';

/** Keys that could reach an object's prototype once the data is spread or merged. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// Only a key can do harm, and a key is a quoted string followed by a colon; a key can also be
// spelt with \u escapes, so any such escape sends the text down the careful path too. Article
// text that merely mentions a "constructor" therefore keeps the fast path.
const SUSPICIOUS = /"(?:__proto__|constructor|prototype)"\s*:|\\u/;

/**
 * How deeply `text` nests arrays and objects, counted up to `stop + 1` (then it stops looking).
 * Text inside strings is skipped with `indexOf`, so article text costs little; invalid JSON is
 * left to the parser to report.
 */
export function nestingDepth(text: string, stop = Infinity): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: find its closing quote, one not escaped by an odd run of backslashes.
      for (;;) {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return deepest;
        let slashes = 0;
        while (text.charCodeAt(close - 1 - slashes) === 0x5c) slashes++;
        i = close;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > stop) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * Parses JSON and refuses any object key named `__proto__`, `constructor` or `prototype`, at any
 * depth. Text that cannot contain such a key (the common case) takes the fast native path; the
 * rest is parsed with a reviver that sees every key after unescaping. JSON nested deeper than
 * `maxDepth` is refused before it is parsed (`too-deep`).
 */
export function safeJsonParse(text: string, entryName: string, maxDepth = Infinity): unknown {
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw new ProjectFileError(
      'too-deep',
      `${entryName} nests arrays or objects more than ${maxDepth} levels deep; no Gloss file does that, so it is refused.`,
    );
  }
  try {
    if (!SUSPICIOUS.test(text)) return JSON.parse(text) as unknown;
    return JSON.parse(text, function (this: unknown, key: string, value: unknown) {
      if (FORBIDDEN_KEYS.has(key) && !Array.isArray(this)) throw new ForbiddenKey(key);
      return value;
    }) as unknown;
  } catch (err) {
    if (err instanceof ForbiddenKey) {
      throw new ProjectFileError(
        'unsafe-key',
        `${entryName} contains the key “${err.key}”, which Gloss refuses because it could tamper with the program's objects.`,
      );
    }
    throw new ProjectFileError(
      'bad-json',
      `${entryName} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
}

class ForbiddenKey extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}
