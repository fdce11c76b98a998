import type { SentenceSpan, Suggestion } from '../../../../core/suggest';
import type { SuggestReply, SuggestRequest } from './protocol';

export interface ArticleSuggestions {
  suggestions: Suggestion[];
  sentences: SentenceSpan[];
  /** Time the pass took in the worker. */
  ms: number;
}

const KEEP = 30;

/**
 * The page's side of the suggestion worker. Results are kept per article text (its content
 * hash), so that opening an article again, or one whose pass ran on import, answers at once.
 */
class SuggestClient {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly cache = new Map<string, Promise<ArticleSuggestions>>();
  private readonly waiting = new Map<
    number,
    { resolve(r: ArticleSuggestions): void; reject(e: Error): void }
  >();

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./suggest.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<SuggestReply>) => {
      const reply = event.data;
      const wait = this.waiting.get(reply.seq);
      this.waiting.delete(reply.seq);
      if (!wait) return;
      if ('error' in reply) wait.reject(new Error(reply.error));
      else wait.resolve({ suggestions: reply.suggestions, sentences: reply.sentences, ms: reply.ms });
    });
    this.worker = worker;
    return worker;
  }

  /** The suggestions of an article's text; `fresh` runs the pass again (Suggest again). */
  get(
    article: { contentHash: string; text: string; source: string; language: string },
    fresh = false,
  ): Promise<ArticleSuggestions> {
    // The language decides whether the rules apply: a corrected language asks again.
    const key = `${article.contentHash}:${article.language}`;
    const cached = this.cache.get(key);
    if (cached && !fresh) return cached;
    const seq = ++this.seq;
    const request: SuggestRequest = {
      seq,
      key,
      text: article.text,
      publisher: article.source,
      language: article.language,
    };
    const result = new Promise<ArticleSuggestions>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.start().postMessage(request);
    });
    this.cache.set(key, result);
    result.catch(() => this.cache.delete(key));
    while (this.cache.size > KEEP) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }
}

export const suggestClient = new SuggestClient();
