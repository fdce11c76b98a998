import winkNLP, { type ItemEntity, type ItemSentence } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/*
 * The one place that runs wink-nlp (sentence boundaries, tokens, parts of speech, entities) over
 * an article. Its offsets are turned into UTF-16 offsets into the article's text, the unit every
 * other part of Gloss uses.
 */

/** A token of the text: its offsets, its text and wink's part of speech (Universal POS tags). */
export interface NlpToken {
  start: number;
  end: number;
  text: string;
  lower: string;
  pos: string;
}

export interface NlpSpan {
  start: number;
  end: number;
  /** Index of the first token and one past the last. */
  first: number;
  last: number;
}

export interface NlpEntity extends NlpSpan {
  /** wink's entity type: DATE, DURATION, TIME, CARDINAL, ORDINAL, MONEY, PERCENT, … */
  type: string;
}

export interface Analysis {
  text: string;
  tokens: NlpToken[];
  sentences: NlpSpan[];
  entities: NlpEntity[];
}

type Nlp = ReturnType<typeof winkNLP>;
const LONG_RUN = /\S{64,}/gu;
let nlp: Nlp | undefined;

/** wink and its model, loaded once (about 50 ms). */
function load(): Nlp {
  nlp ??= winkNLP(model, ['sbd', 'pos', 'ner']);
  return nlp;
}

/**
 * Splits `text` into sentences, tokens and entities with wink-nlp.
 *
 * wink reads the text losslessly (every token keeps its spelling and the spaces before it), so
 * each token is found again in `text` from where the previous one ended; a token wink rewrote
 * (it never should) is skipped rather than misplaced.
 */
export function analyse(text: string): Analysis {
  const w = load();
  const its = w.its;
  // wink's tokenizer slows down sharply on very long runs without spaces (a 100,000-character
  // "word" takes seconds); no word, figure or name is that long, so such runs are read as spaces
  // of the same length: every offset stays where it was.
  const readable = text.replace(LONG_RUN, (run) => ' '.repeat(run.length));
  const doc = w.readDoc(readable);
  const values = doc.tokens().out(its.value) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const tokens: NlpToken[] = [];
  /** wink's token index → ours (-1 when skipped). */
  const map: number[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const start = readable.indexOf(value, at);
    if (start === -1 || /\S/u.test(readable.slice(at, start))) {
      map.push(-1);
      continue;
    }
    map.push(tokens.length);
    tokens.push({ start, end: start + value.length, text: value, lower: value.toLowerCase(), pos: tags[i]! });
    at = start + value.length;
  }
  const span = (first: number, last: number): NlpSpan | undefined => {
    let a = first;
    while (a <= last && map[a] === -1) a++;
    let b = last;
    while (b >= a && map[b] === -1) b--;
    if (a > b) return undefined;
    const f = map[a]!;
    const l = map[b]!;
    return { start: tokens[f]!.start, end: tokens[l]!.end, first: f, last: l + 1 };
  };
  const sentences: NlpSpan[] = [];
  doc.sentences().each((s: ItemSentence) => {
    const [first, last] = s.out(its.span) as unknown as [number, number];
    const r = span(first, last);
    if (r) sentences.push(r);
  });
  const entities: NlpEntity[] = [];
  doc.entities().each((e: ItemEntity) => {
    const [first, last] = e.out(its.span) as unknown as [number, number];
    const r = span(first, last);
    if (r) entities.push({ ...r, type: e.out(its.type) as string });
  });
  return { text, tokens, sentences, entities };
}
