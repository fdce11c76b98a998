import { escapeControls } from '../text/escape-controls';

/** What kind of non-article file a name or content reveals. */
const BY_EXTENSION: readonly [RegExp, string][] = [
  [/\.(?:m?js|cjs|jsx|tsx?|mts|cts)$/i, 'a script'],
  [/\.(?:css|less|scss|sass)$/i, 'a style sheet'],
  [/\.(?:js|css)\.map$|\.map$/i, 'a source map'],
  [/\.(?:png|jpe?g|jfif|gif|webp|avif|bmp|ico|cur|tiff?|svgz?|heic|heif)$/i, 'an image'],
  [/\.(?:woff2?|ttf|otf|eot|ttc)$/i, 'a font'],
  [/\.(?:mp3|m4a|aac|ogg|oga|wav|flac|opus|mp4|m4v|webm|mov|avi|mkv)$/i, 'audio or video'],
];

/** Magic numbers of images, fonts and media, checked when the name says nothing. */
function contentKind(bytes: Uint8Array): string | null {
  const b = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, to: number) => {
    let s = '';
    for (let i = from; i < Math.min(to, bytes.length); i++) s += String.fromCharCode(bytes[i]!);
    return s;
  };
  if (b(0) === 0x89 && ascii(1, 4) === 'PNG') return 'an image';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'an image';
  if (ascii(0, 4) === 'GIF8') return 'an image';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'an image';
  if (ascii(4, 12) === 'ftypavif' || ascii(4, 12) === 'ftypheic') return 'an image';
  if (ascii(0, 2) === 'BM' && bytes.length > 26 && b(14) >= 12 && b(15) === 0) return 'an image';
  if (ascii(0, 4) === 'wOFF' || ascii(0, 4) === 'wOF2' || ascii(0, 4) === 'OTTO') return 'a font';
  if (b(0) === 0 && b(1) === 1 && b(2) === 0 && b(3) === 0 && b(4) === 0) return 'a font';
  if (ascii(0, 3) === 'ID3' || ascii(4, 8) === 'ftyp' || ascii(0, 4) === 'OggS') return 'audio or video';
  if (b(0) === 0x1a && b(1) === 0x45 && b(2) === 0xdf && b(3) === 0xa3) return 'audio or video';
  return null;
}

/** Names that claim a document: a file so named that is not one is broken, not skipped. */
const DOCUMENT_NAME = /\.(?:txt|text|md|markdown|html?|xhtml|pdf|docx?|json)$/i;

/**
 * Why a file is not an article, or `null` when it may be one: scripts, style sheets, source
 * maps, images, fonts, audio and video, known by their name or, for a file whose name claims no
 * document, by their first bytes (a `.txt` that holds a photo is a broken file and is refused as
 * binary instead). The reason names the file (control characters escaped).
 */
export function notArticleReason(name: string, bytes?: Uint8Array): string | null {
  const base = name.replace(/^.*[\\/]/, '');
  const kind =
    BY_EXTENSION.find(([pattern]) => pattern.test(base))?.[1] ??
    (bytes && !DOCUMENT_NAME.test(base) ? contentKind(bytes) : null);
  if (!kind) return null;
  return `“${escapeControls(base)}” is ${kind}, not an article; skipped.`;
}

/**
 * Whether `folder` is the companion folder a browser writes beside a saved page (“Save Page As…,
 * Web Page, complete”): `Page_files` (Chrome, Firefox, Edge) or `Page-Dateien` (German), next to
 * `Page.html` or `Page.htm`. Its scripts, style sheets, images and embedded frames belong to the
 * page, not to the library. `siblings` are the names in the same folder.
 */
export function isSavedPageFolder(folder: string, siblings: readonly string[]): boolean {
  const m = /^(.+?)(?:_files|-Dateien|_archivos|_fichiers|_file)$/i.exec(folder);
  if (!m) return false;
  const page = m[1]!.toLowerCase();
  return siblings.some((s) => {
    const lower = s.toLowerCase();
    return (
      lower === `${page}.html` ||
      lower === `${page}.htm` ||
      lower === `${page}.xhtml` ||
      lower === `${page}.shtml`
    );
  });
}

/** The reason reported once for a saved page's companion folder that is not imported. */
export function savedPageFolderReason(folder: string, fileCount?: number): string {
  const what = fileCount === undefined ? '' : ` (${fileCount} file${fileCount === 1 ? '' : 's'})`;
  return `“${escapeControls(folder)}”${what} holds the scripts, style sheets and images of a saved web page, not articles; skipped (the page itself is imported).`;
}
