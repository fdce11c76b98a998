import { buildContext } from './context';
import { readsEnglish } from './language';
import { figureSuggestions } from './figures';
import { analyse } from './nlp';
import { quotationSuggestions } from './quotations';
import { statementSuggestions } from './statements';
import { SUGGESTION_TYPES, type SentenceSpan, type Suggestion, type SuggestOptions } from './types';

export * from './types';
export { annotationFields } from './fields';
export { readsEnglish } from './language';

const ORDER = new Map(SUGGESTION_TYPES.map((t, i) => [t, i]));

/**
 * Proposes what to annotate in an article's text: figures (value and unit), quotations (with
 * their speaker), attributed statements (with their source), assessment language and opinion
 * cues. Pure and synchronous: the reader runs it in a worker, the CLI directly.
 *
 * @param text - The article's canonical text.
 * @returns The suggestions in text order (by start, then type), offsets in UTF-16 code units.
 */
export function suggest(text: string, options: SuggestOptions = {}): Suggestion[] {
  return suggestWithSentences(text, options).suggestions;
}

/** The suggestions and the sentences of a text, from one reading (the reader needs both). */
export function suggestWithSentences(
  text: string,
  options: SuggestOptions = {},
): { suggestions: Suggestion[]; sentences: SentenceSpan[] } {
  if (!text.trim()) return { suggestions: [], sentences: [] };
  const ctx = buildContext(analyse(text), options.publisher);
  if (!readsEnglish(text, options.language)) {
    return { suggestions: [], sentences: ctx.sentences.map((s) => ({ start: s.start, end: s.end })) };
  }
  const suggestions = [
    ...figureSuggestions(ctx),
    ...quotationSuggestions(ctx),
    ...statementSuggestions(ctx),
  ].sort((a, b) => a.start - b.start || ORDER.get(a.type)! - ORDER.get(b.type)! || a.end - b.end);
  return { suggestions, sentences: ctx.sentences.map((s) => ({ start: s.start, end: s.end })) };
}
