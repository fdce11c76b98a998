import type { SentenceSpan, Suggestion } from '../../../../core/suggest';

/** A request to the suggestion worker: the text of one article (and who published it). */
export interface SuggestRequest {
  seq: number;
  key: string;
  text: string;
  publisher: string;
  language: string;
}

/** Its answer: every suggestion and the text's sentences, or why the pass failed. */
export type SuggestReply =
  | { seq: number; key: string; suggestions: Suggestion[]; sentences: SentenceSpan[]; ms: number }
  | { seq: number; key: string; error: string };
