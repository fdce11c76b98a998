import { describe, expect, it } from 'vitest';
import { importFile, REMOVAL_REASONS } from '../../../../core/importers';
import { dropKept } from '../../../../core/importers/boilerplate';
import { ctx, expectWellFormed } from './helpers';

const importText = (text: string) =>
  importFile({ name: 'a.txt', bytes: new TextEncoder().encode(text) }, ctx);

const BODY = [
  'The ministry said on Tuesday that grain exports through the corridor rose for a third month, with 4.2 million tonnes shipped in May.',
  'Insurers cut war-risk premiums after two weeks without an attack on merchant ships, the ministry added in its statement.',
].join('\n\n');

describe('lines that repeat the header or dress the page', () => {
  it('removes a masthead, the date, title and byline at the top, and image credits at the end, each with its reason', async () => {
    const a = await importText(
      [
        'Wednesday',
        'June 25, 2025',
        'Grain corridor shipments rise for a third month',
        'By Maria Kovac',
        BODY,
        'Photo: Reuters/Serhii Nuzhnenko',
        '(AP Photo/Efrem Lukatsky)',
      ].join('\n\n'),
    );
    expectWellFormed(a);
    expect(a.title).toBe('Grain corridor shipments rise for a third month');
    expect(a.byline).toBe('Maria Kovac');
    expect(a.publishedAt).toBe('2025-06-25');
    expect(a.text).toBe(BODY);
    expect(a.removed.map((r) => [r.at, r.reason, r.text])).toEqual([
      [0, REMOVAL_REASONS.masthead, 'Wednesday'],
      [
        0,
        REMOVAL_REASONS.header,
        'June 25, 2025\n\nGrain corridor shipments rise for a third month\n\nBy Maria Kovac',
      ],
      [BODY.length, REMOVAL_REASONS.credit, 'Photo: Reuters/Serhii Nuzhnenko\n\n(AP Photo/Efrem Lukatsky)'],
    ]);
  });

  it('keeps a first line that is only a title (no header block beside it), and a text of nothing but credits', async () => {
    const a = await importText(`A short note on grain\n\n${BODY}`);
    expect(a.text.startsWith('A short note on grain')).toBe(true);
    expect(a.removed).toEqual([]);
    const credits = await importText('Photo: Reuters\n\n(AP Photo/Efrem Lukatsky)');
    expect(credits.text).toContain('Photo: Reuters');
  });
});

describe('dropKept', () => {
  const seg = (text: string) => ({ text, type: 'paragraph' as const, sep: '\n\n' as const });
  it('keeps the places of runs removed before, among the segments still kept', () => {
    const kept = ['head', 'one', 'two', 'credit'].map(seg);
    const removed = [
      { before: 2, segments: [seg('Share this')], reason: 'share' },
      { before: 4, segments: [seg('Related: x')], reason: 'more' },
    ];
    const out = dropKept(kept, removed, (i) => (i === 0 ? 'header' : i === 3 ? 'credit' : null));
    expect(out.kept.map((s) => s.text)).toEqual(['one', 'two']);
    expect(out.removed.map((r) => [r.before, r.reason])).toEqual([
      [0, 'header'],
      [1, 'share'],
      [2, 'credit'],
      [2, 'more'],
    ]);
  });
});
