import type { Block, RemovedRange } from '../model';
import { dropKept, headerAndCreditReasons, removeBoilerplate } from './boilerplate';
import { extractTextMetadata, isCaption, type TextMetadata } from './metadata';
import { assemble, footnoteRanges, type Segment } from './text';

/** An article's text with its structure, before the file-level fields are added. */
export interface Structured {
  text: string;
  blocks: Block[];
  removed: RemovedRange[];
  footnotes: { start: number; end: number }[];
  meta: Omit<TextMetadata, 'roles'>;
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** A short line without closing punctuation that introduces a longer one: a subheading. */
function looksLikeHeading(line: string, next: string | undefined): boolean {
  const t = line.trim();
  return (
    next !== undefined &&
    t.length <= 100 &&
    wordCount(t) <= 12 &&
    /^[\p{Lu}\p{N}"“‘]/u.test(t) &&
    !/[.,;”"]$/.test(t) &&
    next.trim().length > t.length
  );
}

/** How much structure to infer from the shape of the lines. */
export interface StructureOptions {
  /**
   * For formats without markup (plain text, PDF): headings and captions are inferred from line
   * shape. Formats with markup (HTML, Word) keep the block types their markup gives.
   */
  inferBlocks: boolean;
  /** Whether the title line found in the head becomes a heading block (not for web pages, whose title is in `<head>`). */
  headTitle: boolean;
}

/**
 * The shared back half of every importer: removes boilerplate, reads the head of the article
 * for metadata, types the blocks and joins the segments into canonical text.
 */
export function structureSegments(segments: readonly Segment[], options: StructureOptions): Structured {
  const { inferBlocks, headTitle } = options;
  const normalised = segments
    .map((s) => ({ ...s, text: s.text.normalize('NFC').replace(/[ \t\u00a0]+$/gm, '') }))
    .filter((s) => s.text.trim() !== '');
  const cleaned = removeBoilerplate(normalised);
  const { roles: headRoles, ...meta } = extractTextMetadata(cleaned.kept.map((s) => s.text));
  // The header (title, source, byline, date) is shown above the text: its lines in the text
  // only repeat it, and go as boilerplate with their reason, like trailing image credits.
  const reasons = headerAndCreditReasons(
    cleaned.kept.map((s) => s.text),
    headRoles,
    { isCredit: isCaption },
  );
  const dropped = dropKept(cleaned.kept, cleaned.removed, reasons);
  // Never the whole text: a note of a few lines may look like nothing but a header.
  const keepAll = dropped.kept.length === 0;
  const { kept, removed } = keepAll ? cleaned : dropped;
  const roles = cleaned.kept.flatMap((_, i) => (!keepAll && reasons(i) ? [] : [headRoles[i] ?? null]));
  const typed = kept.map((seg, i): Segment => {
    if (seg.type !== 'paragraph') return seg;
    const role = roles[i];
    if (role === 'title' && headTitle) return { ...seg, type: 'heading' };
    if (!inferBlocks) return seg;
    if (role === 'caption' || (role === null && isCaption(seg.text))) return { ...seg, type: 'caption' };
    if (role === null && looksLikeHeading(seg.text, kept[i + 1]?.text)) return { ...seg, type: 'heading' };
    return seg;
  });
  const assembled = assemble(typed, removed);
  return { ...assembled, footnotes: footnoteRanges(assembled.text), meta };
}
