import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';
import { JSDOM } from 'jsdom';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CSV_DELIMITERS, toCsv } from '../../../../core/exporters';
import { dataset } from './fixture';

/**
 * The CSV export opened by a real spreadsheet: LibreOffice Calc, headless (Debian's
 * libreoffice-calc-nogui, installed by .ci/run), converts each export to .ods with the import
 * settings a careless analyst could pick: comma, semicolon and tab as separators all at once
 * (the import dialog's default ticks) and formula evaluation on. Every row must come out with
 * exactly the documented columns, each cell holding the exported text, and no cell a formula.
 */
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gloss-csv-lo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OFFICE_NS = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0';
const TABLE_NS = 'urn:oasis:names:tc:opendocument:xmlns:table:1.0';
const TEXT_NS = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0';

/** The text of a `text:p` as shown: `text:s` spaces, tabs and line breaks restored. */
function paragraphText(node: Node): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) out += child.nodeValue ?? '';
    else if (child.nodeType === 1) {
      const el = child as Element;
      if (el.namespaceURI === TEXT_NS && el.localName === 's') {
        out += ' '.repeat(Number(el.getAttributeNS(TEXT_NS, 'c') ?? '1'));
      } else if (el.namespaceURI === TEXT_NS && el.localName === 'tab') out += '\t';
      else if (el.namespaceURI === TEXT_NS && el.localName === 'line-break') out += '\n';
      else out += paragraphText(el);
    }
  }
  return out;
}

interface SheetCell {
  text: string;
  formula: string | null;
  type: string | null;
  value: string | null;
}

/** The rows of the first sheet of an .ods file, trailing empty cells dropped. */
function readOds(path: string): SheetCell[][] {
  const content = strFromU8(unzipSync(readFileSync(path))['content.xml']!);
  const doc = new JSDOM(content, { contentType: 'application/xml' }).window.document;
  const table = doc.getElementsByTagNameNS(TABLE_NS, 'table')[0]!;
  const rows: SheetCell[][] = [];
  for (const row of Array.from(table.getElementsByTagNameNS(TABLE_NS, 'table-row'))) {
    const cells: SheetCell[] = [];
    for (const cell of Array.from(row.children)) {
      if (cell.namespaceURI !== TABLE_NS) continue;
      const repeat = Number(cell.getAttributeNS(TABLE_NS, 'number-columns-repeated') ?? '1');
      const paragraphs = Array.from(cell.getElementsByTagNameNS(TEXT_NS, 'p'));
      const value: SheetCell = {
        text: paragraphs.map(paragraphText).join('\n'),
        formula: cell.getAttributeNS(TABLE_NS, 'formula'),
        type: cell.getAttributeNS(OFFICE_NS, 'value-type'),
        value: cell.getAttributeNS(OFFICE_NS, 'value'),
      };
      for (let i = 0; i < Math.min(repeat, 1000); i++) cells.push(value);
    }
    while (cells.length > 0 && cells.at(-1)!.type === null && cells.at(-1)!.text === '') cells.pop();
    rows.push(cells);
  }
  while (rows.length > 0 && rows.at(-1)!.length === 0) rows.pop();
  return rows;
}

// Filter options: separators , ; tab; text delimiter "; UTF-8 (76); from line 1; standard
// column types; English (1033); quoted fields not forced to text; special numbers detected;
// …; token 13, evaluate formulas: true.
const FILTER = 'Text - txt - csv (StarCalc):44/59/9,34,76,1,,1033,false,true,false,false,false,0,true';

/** Opens `csv` in LibreOffice Calc with {@link FILTER} (headless) and reads the sheet back. */
async function openInCalc(csv: string, name: string): Promise<SheetCell[][]> {
  expect(SOFFICE, 'LibreOffice is missing: apt-get install libreoffice-calc-nogui').toBeDefined();
  const csvPath = join(dir, `${name}.csv`);
  writeFileSync(csvPath, csv);
  await run(
    SOFFICE!,
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, `profile-${name}`)).href}`,
      '--headless',
      `--infilter=${FILTER}`,
      '--convert-to',
      'ods',
      '--outdir',
      dir,
      csvPath,
    ],
    { timeout: 120_000 },
  );
  return readOds(join(dir, `${name}.ods`));
}

describe('LibreOffice Calc with these settings (the control: what an undefused cell does)', () => {
  it('evaluates a cell that starts with =, shows an apostrophe, and keeps a U+200B-led cell as text', async () => {
    const [row] = await openInCalc(
      '=1+1,\'=1+1,\u200b=1+1,\u200b=HYPERLINK("http://x.example")\r\n',
      'control',
    );
    const [raw, apostrophe, defused, link] = row!;
    // Formula evaluation is really on: the bare cell became a live formula with its result.
    expect(raw!.formula).toMatch(/=1\+1$/);
    expect(raw!.value).toBe('2');
    // The older defusing: LibreOffice shows the apostrophe as part of the text.
    expect(apostrophe!.formula).toBeNull();
    expect(apostrophe!.text).toBe("'=1+1");
    // Gloss's: text, the formula as written after an invisible zero-width space.
    expect(defused!.formula).toBeNull();
    expect(defused!.type).toBe('string');
    expect(defused!.text).toBe('\u200b=1+1');
    expect(link!.formula).toBeNull();
    expect(link!.text).toBe('\u200b=HYPERLINK("http://x.example")');
  }, 180_000);
});

describe('the CSV export in LibreOffice Calc (comma, semicolon and tab; formulas evaluated)', () => {
  const input = dataset();
  const names = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

  it.each(CSV_DELIMITERS.map((d) => [names[d], d] as const))(
    '%s: every row has the documented columns, the exported text, and no formula',
    async (name, delimiter) => {
      const csv = toCsv(input, { delimiter });
      const sheet = await openInCalc(csv, name);
      const expected = Papa.parse<string[]>(csv, { delimiter, skipEmptyLines: true }).data;
      expect(sheet).toHaveLength(expected.length);
      expect(sheet[0]!.map((c) => c.text)).toEqual([...CSV_COLUMNS]);
      for (let r = 0; r < sheet.length; r++) {
        const row = sheet[r]!;
        expect(row.length, `row ${r}`).toBeLessThanOrEqual(CSV_COLUMNS.length);
        for (let c = 0; c < CSV_COLUMNS.length; c++) {
          const cell = row[c] ?? { text: '', formula: null, type: null, value: null };
          expect(cell.formula, `row ${r} ${CSV_COLUMNS[c]}`).toBeNull();
          const want = expected[r]![c]!.replace(/\r\n?/g, '\n');
          if (cell.type === 'float') {
            // A number, also where the passage itself is one ("80,000"): read as its value.
            expect(Number(cell.value), `row ${r} ${CSV_COLUMNS[c]}`).toBe(Number(want.replace(/,/g, '')));
          } else if (cell.type === 'string' || want === '') {
            expect(cell.text, `row ${r} ${CSV_COLUMNS[c]}`).toBe(want);
          }
        }
      }
      // The injection corpus arrived as text, with its invisible mark, not as results.
      const texts = sheet.flat().map((c) => c.text);
      expect(texts).toContain('\u200b=1+1');
      expect(texts).toContain('\u200b\tTab-led note');
    },
    180_000,
  );
});
