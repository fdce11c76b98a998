import { describe, expect, it } from 'vitest';
import {
  agreement,
  cohenKappa,
  krippendorffAlpha,
  matchSpans,
  spanJaccard,
} from '../../../../core/agreement';
import { emptyProject } from '../../../../core/project';
import { ALICE, BOB, makeAnnotation, makeArticle } from '../project/make-project';

describe('cohenKappa', () => {
  it('matches the textbook example (po 0.7, pe 0.5 → κ 0.4)', () => {
    const pairs: [string, string][] = [
      ...Array.from({ length: 20 }, () => ['yes', 'yes'] as [string, string]),
      ...Array.from({ length: 5 }, () => ['yes', 'no'] as [string, string]),
      ...Array.from({ length: 10 }, () => ['no', 'yes'] as [string, string]),
      ...Array.from({ length: 15 }, () => ['no', 'no'] as [string, string]),
    ];
    expect(cohenKappa(pairs)).toBeCloseTo(0.4, 10);
  });

  it('is 1 for perfect agreement, negative below chance, undefined without variation', () => {
    expect(
      cohenKappa([
        ['a', 'a'],
        ['b', 'b'],
        ['a', 'a'],
      ]),
    ).toBe(1);
    expect(
      cohenKappa([
        ['a', 'b'],
        ['b', 'a'],
      ]),
    ).toBe(-1);
    expect(
      cohenKappa([
        ['a', 'a'],
        ['a', 'a'],
      ]),
    ).toBeNull();
    expect(cohenKappa([])).toBeNull();
  });
});

describe('krippendorffAlpha', () => {
  // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4-coder, 12-unit
  // example with missing values; published results: nominal .743, ordinal .815, interval .849.
  const N = null;
  const coders = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
  ];
  const units = coders[0]!.map((_, u) => coders.map((c) => c[u]!));

  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
  ] as const)('reproduces the published %s alpha', (metric, expected) => {
    expect(krippendorffAlpha(units, metric)).toBeCloseTo(expected, 3);
  });

  it('is 1 for perfect agreement and undefined without pairable values or variation', () => {
    expect(
      krippendorffAlpha(
        [
          [1, 1],
          [3, 3],
          [5, 5],
        ],
        'ordinal',
      ),
    ).toBe(1);
    expect(
      krippendorffAlpha(
        [
          [1, null],
          [null, 2],
        ],
        'ordinal',
      ),
    ).toBeNull();
    expect(
      krippendorffAlpha(
        [
          [2, 2],
          [2, 2],
        ],
        'ordinal',
      ),
    ).toBeNull();
  });
});

describe('spans', () => {
  it('measures overlap as Jaccard and pairs spans one to one, best first', () => {
    expect(spanJaccard({ start: 0, end: 10 }, { start: 5, end: 15 })).toBeCloseTo(5 / 15);
    expect(spanJaccard({ start: 0, end: 10 }, { start: 10, end: 15 })).toBe(0);
    const a = [
      { start: 0, end: 10 },
      { start: 20, end: 30 },
    ];
    const b = [
      { start: 1, end: 10 },
      { start: 0, end: 12 },
      { start: 40, end: 50 },
    ];
    expect(matchSpans(a, b, 0.5)).toEqual([[0, 0, 0.9]]);
  });
});

describe('agreement report', () => {
  const TEXT =
    'The ministry said exports rose by 12 percent. Officials denied a fuel shortage. Analysts expect the corridor to stay open. Insurers raised premiums sharply. The port handled 3 million tonnes.';

  async function twoAnalysts() {
    const article = await makeArticle('art', TEXT);
    const onlyAlice = await makeArticle('only-alice', 'Text that only Alice annotated.');
    const at = (q: string) => [TEXT.indexOf(q), TEXT.indexOf(q) + q.length] as const;
    const a = emptyProject('a', ALICE, '2025-07-02');
    const b = emptyProject('b', BOB, '2025-07-02');
    a.articles.push(article, onlyAlice);
    // Bob imported the same text under another id: matched by contentHash.
    b.articles.push({ ...article, id: 'bob-art' });
    const bobArticle = b.articles[0]!;
    let n = 0;
    const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    const q1 = at('exports rose by 12 percent');
    const q2 = at('Officials denied a fuel shortage');
    const q3 = at('Analysts expect the corridor to stay open');
    const q4 = at('Insurers raised premiums sharply');
    const q5 = at('The port handled 3 million tonnes');
    a.annotations.push(
      makeAnnotation(id(), article, q1[0], q1[1], ALICE, {
        kind: 'figure',
        stance: 'reporting',
        credibility: 2,
      }),
      makeAnnotation(id(), article, q2[0], q2[1], ALICE, {
        kind: 'claim',
        stance: 'reporting',
        credibility: 3,
      }),
      makeAnnotation(id(), article, q3[0], q3[1], ALICE, {
        kind: 'assessment',
        stance: 'opinion',
        credibility: 3,
      }),
      makeAnnotation(id(), article, q4[0], q4[1], ALICE, {
        kind: 'claim',
        stance: 'reporting',
        credibility: 2,
      }),
      makeAnnotation(id(), onlyAlice, 0, 4, ALICE),
      makeAnnotation(id(), article, q5[0], q5[1], ALICE, { deletedAt: '2025-07-01T11:00:00Z' }),
    );
    b.annotations.push(
      // Same passage, a word shorter: still matched (Jaccard ≥ 0.5).
      makeAnnotation(id(), bobArticle, q1[0], q1[1] - 8, BOB, {
        kind: 'figure',
        stance: 'reporting',
        credibility: 2,
      }),
      makeAnnotation(id(), bobArticle, q2[0], q2[1], BOB, {
        kind: 'claim',
        stance: 'reporting',
        credibility: 4,
      }),
      makeAnnotation(id(), bobArticle, q3[0], q3[1], BOB, {
        kind: 'claim',
        stance: 'opinion',
        credibility: 3,
      }),
      makeAnnotation(id(), bobArticle, q5[0], q5[1], BOB, {
        kind: 'figure',
        stance: 'reporting',
        credibility: 1,
      }),
    );
    return { a, b };
  }

  it('matches spans on articles both annotated and computes F1, kappa and alpha', async () => {
    const { a, b } = await twoAnalysts();
    const r = agreement(a, b);
    expect(r.analystA).toEqual(ALICE);
    expect(r.analystB).toEqual(BOB);
    expect(r.articles).toBe(1);
    expect(r.spans).toMatchObject({ a: 4, b: 4, matched: 3, unanchored: 0 });
    expect(r.spans.f1).toBeCloseTo(0.75);
    expect(r.spans.precision).toBeCloseTo(0.75);
    expect(r.kind.n).toBe(3);
    expect(r.kind.observed).toBeCloseTo(2 / 3);
    expect(r.kind.kappa).toBeCloseTo(
      cohenKappa([
        ['figure', 'figure'],
        ['claim', 'claim'],
        ['assessment', 'claim'],
      ])!,
    );
    expect(r.stance).toMatchObject({ n: 3, observed: 1, kappa: 1 });
    expect(r.credibility.n).toBe(3);
    expect(r.credibility.alpha).toBeCloseTo(
      krippendorffAlpha(
        [
          [2, 2],
          [3, 4],
          [3, 3],
        ],
        'ordinal',
      )!,
    );
  });

  it('lists every disagreement side by side, in text order', async () => {
    const { a, b } = await twoAnalysts();
    const rows = agreement(a, b).disagreements.map((d) => [
      d.type,
      d.fields.join(','),
      d.a?.quote ?? null,
      d.b?.quote ?? null,
    ]);
    expect(rows).toEqual([
      [
        'classification',
        'credibility',
        'Officials denied a fuel shortage',
        'Officials denied a fuel shortage',
      ],
      [
        'classification',
        'kind',
        'Analysts expect the corridor to stay open',
        'Analysts expect the corridor to stay open',
      ],
      ['only-a', '', 'Insurers raised premiums sharply', null],
      ['only-b', '', null, 'The port handled 3 million tonnes'],
    ]);
  });

  it('is symmetric in F1 and kappa when the files are swapped', async () => {
    const { a, b } = await twoAnalysts();
    const ab = agreement(a, b);
    const ba = agreement(b, a);
    expect(ba.spans.f1).toBeCloseTo(ab.spans.f1!);
    expect(ba.kind.kappa).toBeCloseTo(ab.kind.kappa!);
    expect(ba.credibility.alpha).toBeCloseTo(ab.credibility.alpha!);
  });
});
