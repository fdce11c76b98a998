/**
 * The largest file Gloss imports, in bytes (20 MB). Larger files are refused before they are
 * decoded or parsed.
 *
 * Why 20 MB: a long news article or think-tank report is well under 1 MB as text and a few MB
 * as a PDF with images; a saved web page with inlined assets rarely passes 10 MB. Parsing is
 * done in memory (the text, the DOM or the PDF all at once), so a generous but firm ceiling
 * keeps a mistaken drop (a video, a disk image, a data dump) from freezing the window.
 */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * The most files one batch of articles may bring in — a pick of files or folders, or a drop on
 * the window — and the most bytes they may hold together (about 13 files at the 20 MB limit),
 * so that no batch (a mistaken folder, a crafted one) exhausts memory. What passes a bound is
 * reported by name ({@link batchFilesReason}, {@link batchBytesReason}), never silently dropped.
 */
export const MAX_BATCH_FILES = 5000;
export const MAX_BATCH_BYTES = 256 * 1024 * 1024;

/** Why `name` and the files after it were not read: the batch holds {@link MAX_BATCH_FILES} already. */
export function batchFilesReason(name: string, maxFiles = MAX_BATCH_FILES): string {
  return `Gloss reads at most ${maxFiles.toLocaleString('en')} files at a time: “${name}” and the files after it were not read.`;
}

/** Why `name` was not read: with it, the files of the batch would pass `maxBytes` together. */
export function batchBytesReason(name: string, verb = 'picked', maxBytes = MAX_BATCH_BYTES): string {
  return `“${name}” was not read: the files ${verb} together pass ${(maxBytes / 1048576).toFixed(0)} MB. Import the rest in another batch.`;
}

/**
 * Bounds a Word document (a zip) must stay within before mammoth inflates it, checked on the
 * zip's central directory and then on the bytes actually inflated (`core/project/zip.ts`, the
 * reader that guards project files). A real `.docx` holds a few dozen parts and unpacks to a few
 * times its size; a “zip bomb” declares gigabytes, tens of thousands of entries, or sizes that lie.
 */
export const DOCX_LIMITS = Object.freeze({
  /** Most parts (zip entries): a long report with hundreds of images stays far below. */
  maxEntries: 1_000,
  /** Most bytes all parts may unpack to together. */
  maxTotalUncompressedBytes: 100 * 1024 * 1024,
  /** Most bytes one XML part may unpack to (the same: mammoth reads each part whole). */
  maxJsonEntryBytes: 100 * 1024 * 1024,
  /** Unused for Word documents (no JSON); kept so the limits fit the zip reader's shape. */
  maxJsonDepth: 100,
  /** Most times the parts may outweigh the file once they unpack to more than {@link DOCX_RATIO_FLOOR}. */
  maxRatio: 100,
});

/** Below this many unpacked bytes the ratio is not checked (a small, repetitive file compresses well). */
export const DOCX_RATIO_FLOOR = 1024 * 1024;
