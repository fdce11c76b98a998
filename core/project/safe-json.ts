import { ProjectFileError } from './errors';

/** Keys that could reach an object's prototype once the data is spread or merged. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// Only a key can do harm, and a key is a quoted string followed by a colon; a key can also be
// spelt with \u escapes, so any such escape sends the text down the careful path too. Article
// text that merely mentions a "constructor" therefore keeps the fast path.
const SUSPICIOUS = /"(?:__proto__|constructor|prototype)"\s*:|\\u/;

/**
 * Parses JSON and refuses any object key named `__proto__`, `constructor` or `prototype`, at any
 * depth. Text that cannot contain such a key (the common case) takes the fast native path; the
 * rest is parsed with a reviver that sees every key after unescaping.
 */
export function safeJsonParse(text: string, entryName: string): unknown {
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
