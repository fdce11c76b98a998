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
