import { sha256Hex } from '../hash';
import type { Article } from '../model';
import { decodeText } from './decode';
import { ImportError } from './errors';
import { canonicalText, lineBlocks } from './text';

export { ImportError } from './errors';
export type { ImportErrorCode } from './errors';
export { MAX_IMPORT_BYTES } from './limits';

/** A file handed to an importer: its name and its bytes, nothing else. */
export interface ImportInput {
  name: string;
  bytes: Uint8Array;
}

export interface ImportContext {
  /** ISO time stamped as `importedAt`. */
  now: string;
  /** Makes a new article id. */
  newId: () => string;
}

const TEXT_EXTENSIONS = /\.(txt|text|md|markdown)$/i;

/** The first line that reads like a title: short, with letters, not a lone date or label. */
function guessTitle(text: string): string {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.length >= 8 && t.length <= 200 && /\p{L}/u.test(t)) return t;
  }
  return '';
}

/**
 * Turns one file into an Article, or throws an {@link ImportError} that says why it cannot.
 * Pure: it neither stores nor reads anything but its input.
 */
export async function importFile(input: ImportInput, ctx: ImportContext): Promise<Article> {
  const { name, bytes } = input;
  if (!TEXT_EXTENSIONS.test(name) && /\.[a-z0-9]{1,5}$/i.test(name)) {
    throw new ImportError(
      'unsupported',
      `“${name}” is not a format Gloss imports yet. Import a plain-text (.txt) or Markdown (.md) file.`,
      name,
    );
  }
  const decoded = decodeText(bytes, name);
  const text = canonicalText(decoded.text);
  if (text === '') throw new ImportError('empty', `“${name}” is empty: there is no text to import.`, name);
  return {
    id: ctx.newId(),
    contentHash: await sha256Hex(text),
    title: guessTitle(text) || name.replace(/\.[^.]+$/, ''),
    source: '',
    byline: '',
    publishedAt: null,
    url: '',
    language: '',
    importedAt: ctx.now,
    format: /\.(md|markdown)$/i.test(name) ? 'markdown' : 'text',
    fileName: name,
    text,
    blocks: lineBlocks(text),
    removed: [],
    ...(decoded.warnings.length ? { warnings: decoded.warnings } : {}),
  };
}
