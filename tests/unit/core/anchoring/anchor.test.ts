import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchor, anchorMany, describe as describeRange } from '../../../../core/anchoring';
import type { Selector } from '../../../../core/model';

const text = readFileSync(
  resolve(import.meta.dirname, '../../../fixtures/anchoring/isw-2025-06-25.txt'),
  'utf8',
);

const QUOTE = 'Rubio stated that Russia has suffered over 80,000 killed-in-action (KIA) since January 2025';
const at = text.indexOf(QUOTE);
const selectors = describeRange(text, at, at + QUOTE.length);

/** The text with `insert` put at `offset`. */
const insertAt = (t: string, offset: number, insert: string): string =>
  t.slice(0, offset) + insert + t.slice(offset);

describe('anchor', () => {
  it('is exact while the text is unchanged', () => {
    expect(at).toBeGreaterThan(0);
    expect(anchor(text, selectors)).toEqual({ status: 'exact', start: at, end: at + QUOTE.length, score: 1 });
  });

  it('follows the quote when text is inserted before it (moved)', () => {
    const added = 'An editor added this sentence at the top. ';
    const edited = insertAt(text, 200, added);
    const found = anchor(edited, selectors);
    expect(found.status).toBe('moved');
    expect(found.start).toBe(at + added.length);
    expect(edited.slice(found.start, found.end)).toBe(QUOTE);
    expect(found.score).toBeGreaterThan(0.99);
  });

  it('stays exact when text is inserted after the quote', () => {
    const edited = insertAt(text, at + QUOTE.length + 200, ' Something new.');
    expect(anchor(edited, selectors)).toMatchObject({ status: 'exact', start: at, end: at + QUOTE.length });
  });

  it('stays exact when the insertion touches only the context', () => {
    const edited = insertAt(text, at - 5, 'XYZ');
    const found = anchor(edited, selectors);
    expect(found.status).toBe('moved');
    expect(edited.slice(found.start, found.end)).toBe(QUOTE);
  });

  it('finds the quote fuzzily after a word is inserted inside it', () => {
    const inside = at + 'Rubio stated'.length;
    const edited = insertAt(text, inside, ' on Wednesday');
    const found = anchor(edited, selectors);
    expect(found.status).toBe('fuzzy');
    expect(found.start).toBe(at);
    expect(found.end).toBe(at + QUOTE.length + ' on Wednesday'.length);
    expect(found.score).toBeGreaterThan(0.8);
    expect(found.score).toBeLessThan(1);
  });

  it('finds the quote fuzzily after a word inside it is replaced', () => {
    const edited = text.replace(QUOTE, QUOTE.replace('stated', 'said'));
    const found = anchor(edited, selectors);
    expect(found.status).toBe('fuzzy');
    expect(edited.slice(found.start, found.end)).toBe(QUOTE.replace('stated', 'said'));
  });

  it('ignores doubled spaces inside the quote (moved, whole range)', () => {
    const spaced = QUOTE.replace(/ /g, '  ');
    const edited = text.replace(QUOTE, spaced);
    const found = anchor(edited, selectors);
    expect(found).toMatchObject({ status: 'moved', start: at });
    expect(edited.slice(found.start, found.end)).toBe(spaced);
  });

  it('ignores a changed line wrap inside the quote', () => {
    const wrapped = QUOTE.replace('over 80,000', 'over\n80,000').replace(
      'since January',
      'since\r\n  January',
    );
    const edited = text.replace(QUOTE, wrapped);
    const found = anchor(edited, selectors);
    expect(found.status).toBe('moved');
    expect(edited.slice(found.start, found.end)).toBe(wrapped);
  });

  it('finds a quote whose own whitespace was changed by re-flowing the whole text', () => {
    const reflowed = text.replace(/ /g, '\n');
    const found = anchor(reflowed, selectors);
    expect(found.status).toBe('moved');
    expect(reflowed.slice(found.start, found.end)).toBe(QUOTE.replace(/ /g, '\n'));
  });

  it('orphans an annotation whose paragraph was deleted', () => {
    const paragraphStart = text.lastIndexOf('\n', at) + 1;
    const paragraphEnd = text.indexOf('\n', at);
    const edited = text.slice(0, paragraphStart) + text.slice(paragraphEnd + 1);
    expect(edited.includes('Rubio stated')).toBe(false);
    expect(anchor(edited, selectors)).toEqual({ status: 'orphan', start: at, end: at });
  });

  it('orphans rather than accepting a different sentence of the same shape', () => {
    const t = 'Lavrov said on Monday that the talks had failed completely and would not resume.';
    const [pos, quote] = describeRange(t, 0, t.length);
    const other = 'Peskov noted on Friday that the deal was dead already and could not be revived.';
    expect(anchor(other, [pos, quote]).status).toBe('orphan');
  });

  it('can be told not to try fuzzy matching', () => {
    const edited = text.replace(QUOTE, QUOTE.replace('stated', 'said'));
    expect(anchor(edited, selectors, { fuzzy: false }).status).toBe('orphan');
  });

  it('honours a tighter error budget', () => {
    const edited = text.replace(QUOTE, QUOTE.replace('Rubio stated that', 'The Secretary argued'));
    expect(anchor(edited, selectors).status).toBe('fuzzy');
    expect(anchor(edited, selectors, { maxErrorRatio: 0.05 }).status).toBe('orphan');
  });

  it('picks the repeated quote whose context matches, not merely the nearest', () => {
    const a =
      'Peskov told reporters in Moscow on Monday evening: the negotiations have reached a dead end for now.';
    const b = 'Zelensky told reporters in Kyiv: the negotiations have reached a dead end for now.';
    const original = `${a}\n\n${b}`;
    const quote = 'the negotiations have reached a dead end';
    const second = original.lastIndexOf(quote);
    const sel = describeRange(original, second, second + quote.length);
    // Swap the paragraphs and add one: Peskov's copy now sits nearest to the old position.
    const swapped = `${b}\n\nA new line.\n\n${a}`;
    const peskov = swapped.lastIndexOf(quote);
    expect(Math.abs(peskov - second)).toBeLessThan(Math.abs(swapped.indexOf(quote) - second));
    const found = anchor(swapped, sel);
    expect(found.status).toBe('moved');
    expect(found.start).toBe(swapped.indexOf(quote));
    expect(swapped.slice(0, found.start)).toContain('Zelensky');
  });

  it('disambiguates a quote that occurs twice in the ISW article', () => {
    const quote =
      'US President Donald Trump stated that Russia may have territorial ambitions beyond Ukraine';
    const first = text.indexOf(quote);
    const second = text.indexOf(quote, first + 1);
    expect(second).toBeGreaterThan(first);
    const sel = describeRange(text, second, second + quote.length);
    const edited = insertAt(text, 0, 'Updated. ');
    expect(anchor(edited, sel)).toMatchObject({ status: 'moved', start: second + 'Updated. '.length });
    const selFirst = describeRange(text, first, first + quote.length);
    expect(anchor(edited, selFirst)).toMatchObject({ status: 'moved', start: first + 'Updated. '.length });
  });

  it('prefers the nearest copy when the contexts are identical', () => {
    const unit = 'Kyiv reported new strikes overnight. ';
    const t = unit.repeat(6);
    const quote = 'new strikes';
    const third = 2 * unit.length + t.slice(2 * unit.length).indexOf(quote);
    const sel = describeRange(t, third, third + quote.length);
    const edited = insertAt(t, 0, 'x');
    expect(anchor(edited, sel)).toMatchObject({ status: 'moved', start: third + 1 });
  });

  it('uses UTF-16 offsets with emoji and astral characters before the quote', () => {
    const t = 'Reactions 😀🇺🇦 poured in. Putin said the war would go on. 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 after.';
    const quote = 'Putin said the war would go on.';
    const start = t.indexOf(quote);
    const sel = describeRange(t, start, start + quote.length);
    expect(sel[0].start).toBe(start);
    expect([...t.slice(0, start)].length).toBe(start - 3); // three astral characters before it
    const edited = t.replace('😀', '😀😀🎉');
    const found = anchor(edited, sel);
    expect(found).toMatchObject({ status: 'moved', start: start + 4 });
    expect(edited.slice(found.start, found.end)).toBe(quote);
  });

  it('finds a quote fuzzily next to changed astral characters', () => {
    const t = '🇷🇺 The Kremlin claimed that 2,000 drones were intercepted 🛡️ overnight.';
    const quote = 'The Kremlin claimed that 2,000 drones were intercepted';
    const start = t.indexOf(quote);
    const sel = describeRange(t, start, start + quote.length);
    const edited = `🇺🇦🇺🇦 ${t.replace('2,000', '2,100').replace('🛡️', '✈️')}`;
    const found = anchor(edited, sel);
    expect(found.status).toBe('fuzzy');
    expect(edited.slice(found.start, found.end)).toBe(quote.replace('2,000', '2,100'));
  });

  it('treats a verbatim quote without a position selector as exact', () => {
    const quoteOnly: Selector[] = [selectors[1]];
    expect(anchor(text, quoteOnly)).toMatchObject({ status: 'exact', start: at, end: at + QUOTE.length });
  });

  it('orphans selectors without a quote, since a bare position cannot be checked', () => {
    expect(anchor(text, [selectors[0]])).toEqual({ status: 'orphan', start: at, end: at });
  });

  it('rejects a stale position whose text no longer matches, even if it is in range', () => {
    const edited = text.slice(0, at) + 'X' + text.slice(at + 1);
    const found = anchor(edited, selectors);
    expect(found.status).toBe('fuzzy');
    expect(found.start).toBe(at);
  });

  it('clamps the remembered position of an orphan to the new text', () => {
    expect(anchor('short text', selectors)).toEqual({ status: 'orphan', start: 10, end: 10 });
  });
});

describe('anchorMany', () => {
  it('gives the same answers as anchor, in order', () => {
    const quotes = [QUOTE, 'Votkinsk Plant', 'ISW', 'root causes', '“it’s possible.”'];
    const annotations = quotes.map((q) => {
      const s = text.indexOf(q);
      return { selectors: describeRange(text, s, s + q.length) };
    });
    annotations.push({ selectors: describeRange(text, 0, 13) });
    const edited = insertAt(text, 100, 'New lead paragraph.\n\n').replace(
      'Votkinsk Plant has',
      'Votkinsk  Plant has',
    );
    const many = anchorMany(edited, annotations);
    expect(many).toEqual(annotations.map((a) => anchor(edited, a.selectors)));
    expect(many.map((r) => r.status)).toEqual(['moved', 'moved', 'moved', 'moved', 'moved', 'exact']);
    expect(many[0]!.start).toBe(at + 'New lead paragraph.\n\n'.length);
  });

  it('returns nothing for no annotations', () => {
    expect(anchorMany(text, [])).toEqual([]);
  });
});
