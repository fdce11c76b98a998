import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { ImportError, importFile, MAX_IMPORT_BYTES } from '../../../../core/importers';
import { bytesOf, ctx, expectWellFormed, fixture, FIXTURES } from './helpers';

/** The error an import rejects with (failing the test if it resolves). */
async function refusal(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return err as ImportError;
  }
  throw new Error('expected the import to be refused');
}

const pwned = () => (globalThis as { __glossPwned?: unknown }).__glossPwned;

describe('importFile refuses what it cannot import, with a clear message', () => {
  it('binary data (NUL bytes)', async () => {
    const err = await refusal(fixture('binary.dat'));
    expect(err.code).toBe('binary');
    expect(err.message).toMatch(/“binary\.dat” is not a text file \(it contains binary data\)/);
  });

  it('an empty file and a file of whitespace', async () => {
    for (const name of ['empty.txt', 'blank.txt']) {
      const err = await refusal(fixture(name));
      expect(err.code).toBe('empty');
      expect(err.message).toContain(`“${name}” is empty`);
    }
  });

  it(`a 50 MB file, over the ${MAX_IMPORT_BYTES / 1024 / 1024} MB limit, before reading it`, async () => {
    const bytes = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    const err = await refusal(importFile({ name: 'huge.txt', bytes }, ctx));
    expect(err.code).toBe('too-large');
    expect(err.message).toBe('“huge.txt” is 50.0 MB; Gloss imports files up to 20.0 MB.');
    const pdf = new Uint8Array(MAX_IMPORT_BYTES + 1);
    pdf.set(new TextEncoder().encode('%PDF-1.7\n'));
    expect((await refusal(importFile({ name: 'big.pdf', bytes: pdf }, ctx))).code).toBe('too-large');
  });

  it('accepts a file of exactly the limit', async () => {
    const bytes = new Uint8Array(MAX_IMPORT_BYTES).fill(0x20);
    bytes.set(new TextEncoder().encode('Title of a padded file\n\nBody.'));
    const a = await importFile({ name: 'limit.txt', bytes }, ctx);
    expect(a.text).toBe('Title of a padded file\n\nBody.');
  });

  it('a legacy Word .doc, a zip that is not a Word document', async () => {
    const doc = await refusal(fixture('legacy.doc'));
    expect(doc.code).toBe('unsupported');
    expect(doc.message).toMatch(/old-style Word .*Save it as \.docx/);
    const zip = await refusal(fixture('archive.zip'));
    expect(zip.code).toBe('unsupported');
    expect(zip.message).toMatch(/zip archive, not a Word document/);
  });

  it('a corrupt PDF', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage');
    const err = await refusal(importFile({ name: 'broken.pdf', bytes }, ctx));
    expect(err.code).toBe('unsupported');
    expect(err.message).toMatch(/“broken\.pdf” could not be read as a PDF/);
  });
});

describe('importFile decodes every text encoding it meets', () => {
  const expected = 'Energy infrastructure hit overnight';

  it.each(['utf8-bom.txt', 'utf16le-bom.txt', 'utf16be-bom.txt', 'utf16le-nobom.txt'])('%s', async (name) => {
    const a = await fixture(name);
    expectWellFormed(a);
    expect(a.title).toBe(expected);
    expect(a.text).toContain('Kyiv — “Energy” infrastructure');
    expect(a.text).not.toContain('\ufeff');
    expect(a.text).not.toContain('\u0000');
    expect(a.warnings).toBeUndefined();
  });

  it('windows-1252: the right characters, and a visible warning', async () => {
    const a = await fixture('windows-1252.txt');
    expect(a.text).toBe('Café “quoted” – naïve résumé costs 5€.\n\nA second paragraph follows.');
    expect(a.warnings).toEqual([
      '“windows-1252.txt” is not valid UTF-8; it was read as Windows-1252. Check accented letters and quotes.',
    ]);
  });

  it('invalid UTF-8 falls back to windows-1252 with the warning (nothing is silently dropped)', async () => {
    const a = await fixture('invalid-utf8.txt');
    expect(a.text).toContain('Then a broken byte: Ã( and more text.');
    expect(a.warnings?.[0]).toMatch(/not valid UTF-8; it was read as Windows-1252/);
  });

  it('CRLF and decomposed accents become \\n and NFC', async () => {
    const raw = 'Cafe\u0301 headline here\r\n\r\nThe body line.\r\n';
    const a = await importFile({ name: 'crlf.txt', bytes: new TextEncoder().encode(raw) }, ctx);
    expect(a.text).toBe('Café headline here\n\nThe body line.');
  });
});

describe('hostile HTML: nothing executes, and no markup or script reaches the text', () => {
  it('drops <script>, on* handlers, <iframe>, <object>, forms and javascript: links', async () => {
    delete (globalThis as { __glossPwned?: unknown }).__glossPwned;
    const a = await fixture('hostile.html');
    expectWellFormed(a);
    expect(pwned()).toBeUndefined();
    expect(a.title).toBe('Hostile page test');
    expect(a.text).toContain('Negotiators from both delegations returned to the table on Monday');
    expect(a.text).toContain('Read the statement issued by the mediators.');
    expect(a.text).toContain('A third paragraph reports that observers');
    for (const bad of [
      'glossPwned',
      'javascript',
      'onerror',
      'onload',
      'onclick',
      'WRITTEN-BY-SCRIPT',
      'IFRAME-TEXT',
      'SVG-TEXT',
      'OBJECT-FALLBACK',
      'FORM-INPUT',
      'FORM-BUTTON',
      'NOSCRIPT-TEXT',
      'PWNED',
      '<',
    ]) {
      expect(a.text).not.toContain(bad);
    }
  });

  it('parses the page with scripts disabled: a scripted document keeps its script inert', () => {
    const html = new TextDecoder().decode(bytesOf(`${FIXTURES}/hostile.html`));
    const doc = ctx.parseHtml!(html);
    expect(doc.defaultView).toBeTruthy();
    expect(doc.title).toBe('Hostile page test');
    // document.write did not run: the script's source is there as inert text, its output is not
    const paragraphs = [...doc.querySelectorAll('p')].map((p) => p.textContent);
    expect(paragraphs).not.toContain('WRITTEN-BY-SCRIPT');
    expect(paragraphs.length).toBe(3);
    expect(pwned()).toBeUndefined();
    // jsdom with scripts enabled would have run them: proves the check above can fail
    const live = new JSDOM('<script>document.title = "ran"</script>', { runScripts: 'dangerously' });
    expect(live.window.document.title).toBe('ran');
  });

  it('a javascript: link in a Word document is reduced to its text', async () => {
    const a = await fixture('report-source.docx');
    expect(a.text).toContain('Click here for the port data.');
    expect(a.text).not.toMatch(/javascript|alert/);
  });

  it('falls back to the global DOMParser when no parser is injected, and says so when there is none', async () => {
    const bytes = bytesOf(`${FIXTURES}/report-source.html`);
    const err = await refusal(importFile({ name: 'page.html', bytes }, { now: ctx.now, newId: ctx.newId }));
    expect(err.code).toBe('unsupported');
    expect(err.message).toMatch(/cannot read HTML/);
    const { window } = new JSDOM('');
    const g = globalThis as { DOMParser?: unknown };
    g.DOMParser = window.DOMParser;
    try {
      const a = await importFile(
        { name: 'page.html', bytes },
        { now: ctx.now, newId: ctx.newId, window: window as never },
      );
      expect(a.title).toBe('Grain Corridor Report');
      expect(a.text).toMatch(/^Shipments through the Black Sea grain corridor/);
    } finally {
      delete g.DOMParser;
    }
  });
});
