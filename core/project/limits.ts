/**
 * Limits a `.gloss` file must stay within before Gloss decompresses it. They are checked against
 * the zip's central directory first and then against the bytes actually inflated, so a file whose
 * headers lie is stopped as soon as it produces more than it declared.
 * Documented in docs/project-format.md.
 */
export interface ProjectLimits {
  /** Most entries (files) a project zip may hold. */
  maxEntries: number;
  /** Most bytes all entries may inflate to together. */
  maxTotalUncompressedBytes: number;
  /**
   * Most bytes one JSON document may inflate to. The documents (arrays) are read in pieces of
   * about 1 MiB, so they need not fit one JavaScript string; a JSON entry that is not an array
   * (the manifest) is parsed whole and refused over {@link MAX_WHOLE_JSON_BYTES}.
   */
  maxJsonEntryBytes: number;
  /**
   * Deepest nesting of arrays and objects in one JSON document. The format itself needs fewer
   * than ten levels; a value nested thousands deep would pass parsing and then overflow the
   * stack of whatever walks it (validation, merge, saving).
   */
  maxJsonDepth: number;
}

/** Most bytes of a JSON entry parsed as one string (V8 caps a string at about 512 million characters). */
export const MAX_WHOLE_JSON_BYTES = 400 * 1024 * 1024;

/** The limits `readProjectFile` applies unless told otherwise. */
export const DEFAULT_PROJECT_LIMITS: Readonly<ProjectLimits> = Object.freeze({
  maxEntries: 50_000,
  maxTotalUncompressedBytes: 1024 * 1024 * 1024,
  maxJsonEntryBytes: 1024 * 1024 * 1024,
  maxJsonDepth: 100,
});

/**
 * The largest project file Gloss reads at all, in bytes: its entries' unpacked limit plus room
 * for the zip's own headers (a project stores what deflate cannot shrink, so the file is never
 * much larger than what it unpacks to). Checked on the file's size before it is read; the entry
 * limits above are then checked on its directory. Not the 20 MB limit of an imported article:
 * a team's project with originals passes that quickly.
 */
export const MAX_PROJECT_FILE_BYTES = DEFAULT_PROJECT_LIMITS.maxTotalUncompressedBytes + 64 * 1024 * 1024;
