import { describe, expect, it } from 'vitest';
import { parseFigure } from '../../../../core/annotate/figures';
import { FigureSchema } from '../../../../core/model';

type Row = [passage: string, value: number, unit: string];

const CURRENCIES: Row[] = [
  ['$13 million', 13_000_000, 'USD'],
  ['$800 million', 800_000_000, 'USD'],
  ['roughly $800 million in additional assistance for Ukraine', 800_000_000, 'USD'],
  ['1.2 billion euros', 1_200_000_000, 'EUR'],
  ['€5bn', 5_000_000_000, 'EUR'],
  ['€5 bn', 5_000_000_000, 'EUR'],
  ['£3.5m', 3_500_000, 'GBP'],
  ['£3.5 m of aid', 3_500_000, 'GBP'],
  ['$40k', 40_000, 'USD'],
  ['US$2.5bn', 2_500_000_000, 'USD'],
  ['USD 7 million', 7_000_000, 'USD'],
  ['7 million USD', 7_000_000, 'USD'],
  ['500 million Danish kroner (about $78 million)', 500_000_000, 'DKK'],
  ['₽1.5 trillion', 1_500_000_000_000, 'RUB'],
  ['10 billion rubles', 10_000_000_000, 'RUB'],
  ['₴200 million', 200_000_000, 'UAH'],
  ['two billion dollars', 2_000_000_000, 'USD'],
  ['two and a half billion dollars', 2_500_000_000, 'USD'],
  ['$1,250,000', 1_250_000, 'USD'],
  ['-$5 million', -5_000_000, 'USD'],
  ['a loss of 2.3 mln euros', 2_300_000, 'EUR'],
  ['€0.5bn', 500_000_000, 'EUR'],
  ['3 trillion yen', 3_000_000_000_000, 'JPY'],
];

const PERCENTAGES: Row[] = [
  ['five percent', 5, '%'],
  ['5%', 5, '%'],
  ['12.5 per cent', 12.5, '%'],
  ['-3.5%', -3.5, '%'],
  ['minus 4.2 percent', -4.2, '%'],
  ['a 0.25 percentage point rise', 0.25, 'pp'],
  ['twenty-five percent of the budget', 25, '%'],
  ['inflation of 9.2% in 2025', 9.2, '%'],
];

const MEASURES: Row[] = [
  ['having gained 1,415 square kilometers in the past three months', 1415, 'km²'],
  ['1,415 square kilometres', 1415, 'km²'],
  ['1,415 sq km', 1415, 'km²'],
  ['1,415 km²', 1415, 'km²'],
  ['1,415 km2', 1415, 'km²'],
  ['a range of 500 kilometers', 500, 'km'],
  ['300 miles', 300, 'mi'],
  ['40,000 tonnes of grain', 40_000, 't'],
  ['2.5 million barrels per day', 2_500_000, 'bbl/d'],
];

const COUNTS: Row[] = [
  ['80,000', 80_000, ''],
  ['over 80,000 killed-in-action', 80_000, ''],
  ['Russia has suffered over 80,000 killed-in-action (KIA) since January 2025', 80_000, ''],
  ['half a million', 500_000, ''],
  ['a million people', 1_000_000, ''],
  ['twenty-five thousand', 25_000, ''],
  ['three hundred and fifty thousand troops', 350_000, ''],
  ['ninety-nine', 99, ''],
  ['nineteen drones', 19, ''],
  ['a hundred tanks', 100, ''],
  ['1.5 million shells', 1_500_000, ''],
  ['-12', -12, ''],
  ['a temperature of −7', -7, ''],
  ['0.75', 0.75, ''],
  ['has hired 2,500 workers, built new facilities', 2500, ''],
  ['five new RAVEN air defense systems', 5, ''],
  ['350 Advanced Short-Range Air-to-Air Missiles', 350, ''],
];

const SALIENCE: Row[] = [
  ['Since 2022, 1,000 drones', 1000, ''],
  ['On June 25, 2025, Rubio said 80,000 soldiers died', 80_000, ''],
  ['In 2024 the budget was $13 million', 13_000_000, 'USD'],
  ['Three sources said Russia gained 1,415 square kilometers', 1415, 'km²'],
  ['F-16 jets worth $2 billion', 2_000_000_000, 'USD'],
  ['[7] Rubio stated that 80,000 died', 80_000, ''],
  ['the 25th brigade lost 300 men', 300, ''],
  ['one source said that 40 percent of troops', 40, '%'],
  ['25 June: 400 strikes', 400, ''],
  ['the G7 pledged $50 billion', 50_000_000_000, 'USD'],
  ['ten people and $5 million', 5_000_000, 'USD'],
];

const NONE: string[] = [
  '',
  'Putin stated that Russia will achieve its goals.',
  'one source said',
  'on June 25, 2025',
  'in February 2022',
  'F-16 and Su-34 aircraft',
  '[12]',
  'the 3rd Army Corps',
  'COVID-19',
];

describe('parseFigure', () => {
  describe.each([
    ['currencies', CURRENCIES],
    ['percentages', PERCENTAGES],
    ['measurements', MEASURES],
    ['counts (no unit)', COUNTS],
    ['the most salient figure', SALIENCE],
  ] as const)('%s', (_name, rows) => {
    it.each(rows)('%s → %d %s', (passage, value, unit) => {
      const figure = parseFigure(passage);
      expect(figure).toEqual({ value, unit });
      expect(FigureSchema.safeParse(figure).success).toBe(true);
    });
  });

  it.each(NONE)('finds no figure in %j', (passage) => {
    expect(parseFigure(passage)).toBeNull();
  });

  it('gives exact values, without binary noise from scaling', () => {
    expect(parseFigure('1.1 billion')!.value).toBe(1_100_000_000);
    expect(parseFigure('$0.3 million')!.value).toBe(300_000);
    expect(parseFigure('4.35bn euros')!.value).toBe(4_350_000_000);
  });
});

describe('parseFigure: fractions in words', () => {
  it.each([
    ['nearly one-fifth of Ukraine', 0.2],
    ['two-thirds of the budget', 0.666666666667],
    ['three-quarters', 0.75],
  ])('%s → %s', (passage, value) => {
    expect(parseFigure(passage)).toEqual({ value, unit: '' });
  });

  it('does not read "one" alone or "a fifth of" as a fraction figure', () => {
    expect(parseFigure('one source said')).toBeNull();
    expect(parseFigure('the fifth column')).toBeNull();
  });
});
