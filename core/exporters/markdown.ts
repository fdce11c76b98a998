import type { ExportInput } from './input';
import { Pieces } from './pieces';
import type { ReportEntry } from './report';
import { reportModel } from './report';

/**
 * Escapes user text so that Markdown shows it literally: inline markup characters get a
 * backslash, and so do characters that would open a block (heading, list, quote, rule, table)
 * at the start of a line (`# `, `- `, `+ `, `1. `, a line of `=` or `-`). Entity-like `&name;` is defused too. Line breaks are kept.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/[\\`*_[\]<>|~]/g, '\\$&')
        .replace(/&(?=#?\w+;)/g, '\\&')
        .replace(/^(\s*)(#{1,6}|[+-])(?=\s|$)/, '$1\\$2')
        .replace(/^(\s*)([=-])(?=[\s=-]*$)/, '$1\\$2')
        .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2'),
    )
    .join('\n');
}

const SAFE_URL = /^https?:\/\/[^\s<>]+$/i;

function link(url: string): string {
  return SAFE_URL.test(url) ? `<${url}>` : escapeMarkdown(url);
}

/** A block of user text, one Markdown line per line, each prefixed (`> ` for a quote). */
function block(text: string, prefix = ''): string {
  return escapeMarkdown(text)
    .split('\n')
    .map((l) => `${prefix}${l}`.trimEnd() || prefix.trimEnd())
    .join('\n');
}

function entry(e: ReportEntry, n: number): string {
  const facts: string[] = [];
  // List items hold one line: a line break inside a field becomes a space.
  const oneLine = (s: string): string => escapeMarkdown(s.replace(/\s*\n\s*/g, ' '));
  if (e.attribution) facts.push(`- **Attributed to:** ${oneLine(e.attribution)}`);
  if (e.grade) facts.push(`- **Grade:** ${oneLine(e.grade)}`);
  if (e.figure) facts.push(`- **Figure:** ${oneLine(e.figure)}`);
  if (e.tags.length) facts.push(`- **Tags:** ${e.tags.map(oneLine).join(', ')}`);
  const parts = [`### ${n}. ${escapeMarkdown(e.classification)}`, block(e.quote, '> ')];
  if (facts.length) parts.push(facts.join('\n'));
  if (e.note) parts.push(`**Note:**\n\n${block(e.note)}`);
  return parts.join('\n\n');
}

/**
 * A Markdown report for pasting into a brief (CommonMark): a heading per article with its
 * source, reliability, byline, date and address, then each passage as a quote followed by its
 * classification, grades, tags and note. All user text is escaped with {@link escapeMarkdown}.
 */
export function toMarkdown(input: ExportInput): string {
  return [...markdownChunks(input)].join('');
}

/**
 * The text of {@link toMarkdown}, character for character, in pieces of about a million
 * characters (a passage at a time), so that a report of any size is never one string.
 * `onProgress` hears the passages written.
 */
export function* markdownChunks(
  input: ExportInput,
  onProgress?: (done: number, total: number) => void,
): Generator<string> {
  const model = reportModel(input);
  const total = model.sections.reduce((n, s) => n + s.entries.length, 0);
  const pieces = new Pieces();
  let done = 0;
  let first = true;
  // Blocks are separated by a blank line, and the report ends with a line break.
  const add = (text: string) => {
    const piece = pieces.push(first ? text : `\n\n${text}`);
    first = false;
    return piece;
  };
  add(`# ${model.title}`);
  add(escapeMarkdown(model.summary));
  for (const s of model.sections) {
    const heading = add(`## ${escapeMarkdown(s.title.replace(/\s*\n\s*/g, ' '))}`);
    if (heading) yield heading;
    const details = [...s.details.map(escapeMarkdown), ...(s.url ? [link(s.url)] : [])];
    if (details.length) {
      const piece = add(details.join(' · '));
      if (piece) yield piece;
    }
    for (const [i, e] of s.entries.entries()) {
      const piece = add(entry(e, i + 1));
      done++;
      if (piece) {
        yield piece;
        onProgress?.(done, total);
      }
    }
  }
  yield pieces.push('\n') ?? pieces.rest();
  onProgress?.(total, total);
}
