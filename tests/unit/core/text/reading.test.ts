import { describe, expect, it } from 'vitest';
import {
  clauseAt,
  extendByWord,
  nextWordStart,
  previousWordStart,
  shrinkByWord,
  spanAt,
  stepSpan,
} from '../../../../core/text/reading';

const TEXT = 'Rubio stated that Russia, despite losses, will fight on. Putin agreed.\nNew paragraph here.';
const SENTENCES = [
  { start: 0, end: 56 },
  { start: 57, end: 70 },
  { start: 71, end: 90 },
];
const at = (s: string): number => TEXT.indexOf(s);

describe('reading: caret moves', () => {
  it('moves by word, over punctuation and line breaks', () => {
    expect(nextWordStart(TEXT, 0)).toBe(at('stated'));
    expect(nextWordStart(TEXT, at('Russia'))).toBe(at('despite'));
    expect(nextWordStart(TEXT, at('agreed'))).toBe(at('New'));
    expect(previousWordStart(TEXT, at('despite'))).toBe(at('Russia'));
    expect(previousWordStart(TEXT, at('Russia') + 3)).toBe(at('Russia'));
    expect(previousWordStart(TEXT, 0)).toBe(0);
    expect(nextWordStart(TEXT, at('here'))).toBe(TEXT.length);
  });

  it('moves by sentence and stops at the ends', () => {
    expect(stepSpan(SENTENCES, 3, 1)).toBe(57);
    expect(stepSpan(SENTENCES, 57, 1)).toBe(71);
    expect(stepSpan(SENTENCES, 71, 1)).toBeNull();
    expect(stepSpan(SENTENCES, 60, -1)).toBe(57);
    expect(stepSpan(SENTENCES, 57, -1)).toBe(0);
    expect(stepSpan(SENTENCES, 0, -1)).toBeNull();
  });
});

describe('reading: selections', () => {
  it('selects the sentence at the caret, and its clause', () => {
    expect(spanAt(SENTENCES, at('despite'))).toEqual(SENTENCES[0]);
    const sentence = SENTENCES[0]!;
    const clause = clauseAt(TEXT, sentence, at('losses'));
    expect(TEXT.slice(clause.start, clause.end)).toBe('despite losses');
    const first = clauseAt(TEXT, sentence, 2);
    expect(TEXT.slice(first.start, first.end)).toBe('Rubio stated that Russia');
  });

  it('extends by a word from the caret or the selection, and shrinks back to one word', () => {
    const one = extendByWord(TEXT, null, at('Putin'));
    expect(TEXT.slice(one.start, one.end)).toBe('Putin');
    const two = extendByWord(TEXT, one, one.end);
    expect(TEXT.slice(two.start, two.end)).toBe('Putin agreed');
    const back = shrinkByWord(TEXT, two);
    expect(TEXT.slice(back.start, back.end)).toBe('Putin');
    expect(shrinkByWord(TEXT, back)).toEqual(back);
  });
});
