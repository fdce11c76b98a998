import Papa from 'papaparse';
import { toHypothesisJson } from '../../../../core/hypothesis';
import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  csvChunks,
  exportChunks,
  EXPORT_FORMAT_IDS,
  EXPORT_VERSION,
  htmlChunks,
  jsonChunks,
  markdownChunks,
  PIECE_CHARS,
  toCsv,
  toHtmlReport,
  toJson,
  toJsonDocument,
  toMarkdown,
  toW3C,
  toW3CJson,
  w3cChunks,
  type ExportInput,
} from '../../../../core/exporters';
import { dataset, live } from './fixture';

/** The dataset's live annotations copied `count` times over, each copy with its own id. */
function many(count: number): ExportInput {
  const input = dataset();
  const templates = live(input);
  const annotations = Array.from({ length: count }, (_, i) => {
    const t = templates[i % templates.length]!;
    const hex = i.toString(16).padStart(12, '0');
    return { ...t, id: `0b1e55ed-${hex.slice(0, 4)}-4000-8000-${hex}` };
  });
  return { ...input, annotations };
}

const sortedGrades = (input: ExportInput) => toJsonDocument({ ...input, articles: [] }).sourceGrades;

describe('jsonChunks', () => {
  it('writes exactly what JSON.stringify writes, pretty and compact', () => {
    for (const input of [dataset(), { ...dataset(), annotations: [], sourceGrades: [] }]) {
      const doc = toJsonDocument(input);
      expect([...jsonChunks(input)].join('')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
      expect([...jsonChunks(input, { pretty: false })].join('')).toBe(`${JSON.stringify(doc)}\n`);
    }
  });

  it('hands out pieces of about a million characters, with progress up to every record', () => {
    const input = many(20_000);
    const progress: [number, number][] = [];
    const chunks = [...jsonChunks(input, { onProgress: (done, total) => progress.push([done, total]) })];
    expect(chunks.length).toBeGreaterThan(5);
    // A piece closes as soon as it passes 2^20 characters: one record at most beyond it.
    for (const c of chunks) expect(c.length).toBeLessThan((1 << 20) + 10_000);
    expect(chunks.join('')).toBe(`${JSON.stringify(toJsonDocument(input), null, 2)}\n`);
    const total = input.articles.length + 20_000 + input.sourceGrades.length;
    expect(progress.at(-1)).toEqual([total, total]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
  });

  it('streams a document longer than the longest string V8 can hold (the old RangeError)', () => {
    // 560 articles sharing one text of a million characters: 560 million characters of JSON,
    // beyond V8's string limit (2^29 - 24), while the input itself stays small in memory.
    const input = dataset();
    const base = input.articles[0]!;
    const text = 'The ministry said shipments resumed. '.repeat(27_028);
    const articles = Array.from({ length: 560 }, (_, i) => ({ ...base, id: `big-${i}`, text }));
    const big: ExportInput = { ...input, articles, annotations: [] };
    expect(() => JSON.stringify(toJsonDocument(big))).toThrow(RangeError);
    let length = 0;
    let pieces = 0;
    let head = '';
    let tail = '';
    for (const chunk of jsonChunks(big, { pretty: false })) {
      if (!head) head = chunk.slice(0, 200);
      tail = chunk;
      length += chunk.length;
      pieces++;
    }
    expect(length).toBeGreaterThan(2 ** 29);
    expect(pieces).toBeGreaterThan(250);
    expect(head).toMatch(new RegExp(`^\\{"type":"gloss-export","version":${EXPORT_VERSION},`));
    expect(tail.endsWith(`],"annotations":[],"sourceGrades":${JSON.stringify(sortedGrades(big))}}\n`)).toBe(
      true,
    );
  }, 120_000);
});

describe('w3cChunks, markdownChunks, htmlChunks', () => {
  it('W3C JSON-LD: exactly what JSON.stringify writes of the collection, empty or not', () => {
    for (const input of [dataset(), { ...dataset(), annotations: [] }, many(3)]) {
      expect([...w3cChunks(input)].join('')).toBe(`${JSON.stringify(toW3C(input), null, 2)}\n`);
    }
  });

  it.each([
    ['w3c', w3cChunks, (input: ExportInput) => `${JSON.stringify(toW3C(input), null, 2)}\n`],
    ['md', markdownChunks, null],
    ['html', htmlChunks, null],
  ] as const)(
    '%s: a large export comes in pieces of about a million characters, with progress up to every passage',
    (_format, chunksOf, reference) => {
      const input = many(20_000);
      const progress: [number, number][] = [];
      const chunks = [...chunksOf(input, (done, total) => progress.push([done, total]))];
      expect(chunks.length).toBeGreaterThan(3);
      // A piece closes as soon as it passes the limit: one passage at most beyond it.
      for (const c of chunks) expect(c.length).toBeLessThan(PIECE_CHARS + 10_000);
      expect(progress.at(-1)).toEqual([20_000, 20_000]);
      for (let i = 1; i < progress.length; i++)
        expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
      const text = chunks.join('');
      if (reference) expect(text).toBe(reference(input));
      // Every passage is in the report, once.
      const marks =
        _format === 'md' ? text.match(/^### \d+\. /gm) : text.match(/<article class="annotation"/g);
      if (_format !== 'w3c') expect(marks).toHaveLength(20_000);
    },
  );

  it('reports: pieces are the report cut anywhere (a passage is never split across the join)', () => {
    const input = many(5_000);
    expect([...markdownChunks(input)].join('')).toBe(toMarkdown(input));
    expect([...htmlChunks(input)].join('')).toBe(toHtmlReport(input));
    expect(toMarkdown(input).startsWith('# Gloss report\n\n')).toBe(true);
    expect(toHtmlReport(input).endsWith('</main>\n</body>\n</html>\n')).toBe(true);
  });
});

describe('csvChunks', () => {
  it('joins to toCsv, a header piece then pieces of 500 rows, with progress', () => {
    const input = many(1_234);
    const progress: number[] = [];
    const chunks = [...csvChunks(input, { bom: true, onProgress: (done) => progress.push(done) })];
    expect(chunks.join('')).toBe(toCsv(input, { bom: true }));
    expect(chunks[0]).toBe(`\ufeff${CSV_COLUMNS.join(',')}\r\n`);
    expect(progress).toEqual([500, 1000, 1234]);
    const rows = Papa.parse<string[]>(chunks.slice(1).join(''), { skipEmptyLines: true });
    expect(rows.errors).toEqual([]);
    expect(rows.data).toHaveLength(1_234);
  });
});

describe('exportChunks', () => {
  it('gives every format the text of its exporter', () => {
    const input = dataset();
    const expected = {
      csv: toCsv(input),
      json: toJson(input),
      w3c: toW3CJson(input),
      md: toMarkdown(input),
      html: toHtmlReport(input),
      hypothesis: toHypothesisJson(input),
    };
    for (const format of EXPORT_FORMAT_IDS) {
      const seen: number[] = [];
      expect([...exportChunks(format, input, { onProgress: (d) => seen.push(d) })].join('')).toBe(
        expected[format],
      );
      expect(seen.length).toBeGreaterThan(0);
    }
  });

  it('streams W3C JSON-LD and the reports too: no piece holds the whole of a large export', () => {
    const input = many(20_000);
    for (const format of ['w3c', 'md', 'html'] as const) {
      const chunks = [...exportChunks(format, input)];
      expect(chunks.length).toBeGreaterThan(3);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(PIECE_CHARS + 10_000);
    }
  });
});
