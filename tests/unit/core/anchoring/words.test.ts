import { describe, expect, it } from 'vitest';
import { snapToWords } from '../../../../core/anchoring';

/** Snaps the span between the brackets of a marked string: "Ru[bio sta]ted" → "Rubio stated". */
function snap(marked: string): string {
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  const text = marked.replace('[', '').replace(']', '');
  const r = snapToWords(text, start, end);
  return text.slice(r.start, r.end);
}

describe('snapToWords', () => {
  it.each([
    ['Marco Ru[bio sta]ted that', 'Rubio stated'],
    ['Marco [Rubio stated] that', 'Rubio stated'],
    ['Marco[ Rubio stated ]that', 'Rubio stated'],
    ['Marco[  \n Rubio st]ated that', 'Rubio stated'],
    ['consistent with I[SW]’s long-held', 'ISW’s'],
    ['over 80,000 kil[led-in-ac]tion (KIA)', 'killed-in-action'],
    ['over 8[0,0]00 killed', '80,000'],
    ['it is “it’s poss[ible.”]', 'possible.”'],
    ['[“it’s] possible', '“it’s'],
    ['die Bundes[regierung sa]gte', 'Bundesregierung sagte'],
    ['Kremlin 😀 sa[id 😀 ye]s', 'said 😀 yes'],
    ['Путин за[явил, что Росс]ия', 'заявил, что Россия'],
    ['[a]', 'a'],
  ])('%s → %s', (marked, expected) => {
    expect(snap(marked)).toBe(expected);
  });

  it('segments scripts without spaces by word', () => {
    const text = '日本語のテキストです';
    const r = snapToWords(text, 1, 2);
    expect(text.slice(r.start, r.end)).toBe('日本語');
  });

  it('returns an empty or all-whitespace range unchanged', () => {
    expect(snapToWords('one two', 3, 3)).toEqual({ start: 3, end: 3 });
    expect(snapToWords('one   two', 4, 5)).toEqual({ start: 4, end: 5 });
  });

  it('accepts the edges in either order and clamps them to the text', () => {
    expect(snapToWords('Putin said', 7, 2)).toEqual({ start: 0, end: 10 });
    expect(snapToWords('Putin said', -5, 99)).toEqual({ start: 0, end: 10 });
  });

  it('leaves edges that are already on word boundaries alone', () => {
    const text = 'Lavrov claimed on June 24';
    expect(snapToWords(text, 7, 14)).toEqual({ start: 7, end: 14 });
  });
});
