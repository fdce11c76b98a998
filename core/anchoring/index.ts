/**
 * Anchoring: describing a passage of an article by selectors, and finding it again after the
 * text changed (see ARCHITECTURE.md, "Anchoring"). Pure string work, usable in the renderer, the
 * CLI and a worker. All offsets are UTF-16 code units into the article text.
 */
export { CONTEXT_LENGTH, describe, type RangeSelectors } from './describe';
export {
  anchor,
  anchorMany,
  DEFAULT_MAX_ERROR_RATIO,
  DEFAULT_MIN_FUZZY_SCORE,
  MATCH_WEIGHTS,
  type AnchorOptions,
  type AnchorResult,
  type AnchorStatus,
} from './anchor';
export { snapToWords } from './words';
