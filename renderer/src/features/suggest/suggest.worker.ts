import { suggestWithSentences } from '../../../../core/suggest';
import type { SuggestReply, SuggestRequest } from './protocol';

/*
 * The suggestion worker: runs core/suggest (wink-nlp and its model, loaded once here) off the
 * main thread, so that reading an article never waits for it.
 */
self.addEventListener('message', (event: MessageEvent<SuggestRequest>) => {
  const { seq, key, text, publisher, language } = event.data;
  const started = performance.now();
  let reply: SuggestReply;
  try {
    const { suggestions, sentences } = suggestWithSentences(text, { publisher, language });
    reply = { seq, key, suggestions, sentences, ms: performance.now() - started };
  } catch (err) {
    reply = { seq, key, error: String(err) };
  }
  self.postMessage(reply);
});
