/** The largest file Gloss imports (bytes). Larger files are refused before they are decoded. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
