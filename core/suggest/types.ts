/** What a suggestion proposes the passage is. */
export const SUGGESTION_TYPES = ['figure', 'quotation', 'attribution', 'assessment', 'opinion'] as const;
export type SuggestionType = (typeof SUGGESTION_TYPES)[number];

export interface SuggestionFields {
  /** Figures: the number stated ("$13 million" → 13000000). */
  value?: number;
  /** Figures: a currency code, `%`, a measure (`km²`) or what is counted ("killed-in-action"). */
  unit?: string;
  /** Quotations and attributed statements: who says it ('' when no speaker is found). */
  speaker?: string;
  /** Assessments and opinions: the word that gave it away ("likely", "correctly"). */
  cue?: string;
}

/** A span the suggestion pass proposes to annotate, with the fields it would fill in. */
export interface Suggestion {
  type: SuggestionType;
  /** UTF-16 offsets into the article's text. */
  start: number;
  end: number;
  quote: string;
  fields: SuggestionFields;
}

export interface SuggestOptions {
  /**
   * Who wrote the article (its source, e.g. "Institute for the Study of War"): statements the
   * publisher makes in its own name ("ISW assesses") are assessments, not attributed statements.
   */
  publisher?: string;
  /**
   * The article's language (BCP 47, as the importer found it). The rules read English: a text in
   * another language gets its sentences (the caret moves by them) but no suggestions.
   */
  language?: string;
}

/** A sentence of the text, as the suggestion pass reads it (UTF-16 offsets). */
export interface SentenceSpan {
  start: number;
  end: number;
}
