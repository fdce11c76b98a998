import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importFile } from '../../../core/importers';
import { nodeImportContext } from '../../../cli/node-import-context';
import { ROOT, runCommand } from './run-cli';

// pdf.js and jsdom on every fixture: slow on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const IMPORT_FIXTURES = join(ROOT, 'tests', 'fixtures', 'import');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-import-fixtures-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * What the app makes of a file: the renderer hands the importer a plain Uint8Array (bytes off the
 * bridge or a File), never a Node Buffer.
 */
async function appImport(name: string): Promise<string | null> {
  const bytes = new Uint8Array(await readFile(join(IMPORT_FIXTURES, name)));
  try {
    return (await importFile({ name, bytes }, nodeImportContext())).contentHash;
  } catch {
    return null;
  }
}

describe('gloss import on every import fixture', () => {
  it('imports every file the app imports, PDFs and Word files included, with the same text', async () => {
    const names = (await readdir(IMPORT_FIXTURES)).sort();
    const expected = new Map<string, string>();
    for (const name of names) {
      const hash = await appImport(name);
      if (hash) expected.set(name, hash);
    }
    // The fixtures hold both PDFs and the Word file: the test would prove nothing without them.
    expect([...expected.keys()]).toEqual(
      expect.arrayContaining(['long-report.pdf', 'memo-source.pdf', 'report-source.docx']),
    );

    // One file per run, so that a duplicate text (e.g. the .txt twin of a PDF) never hides one.
    for (const name of names) {
      const src = join(dir, name);
      await copyFile(join(IMPORT_FIXTURES, name), src);
      const project = join(dir, `${name}.gloss`);
      const result = await runCommand('import', [src, '--project', project, '--json']);
      const report = JSON.parse(result.stdout) as {
        files: { file: string; status: string; error?: string }[];
      };
      const outcome = report.files[0];
      if (expected.has(name)) {
        expect(outcome, `${name}: ${outcome?.error ?? ''}`).toMatchObject({ status: 'imported' });
        const list = await runCommand('list', [project, '--json']);
        expect((JSON.parse(list.stdout) as { contentHash: string }[])[0]?.contentHash).toBe(
          expected.get(name),
        );
      } else {
        // A file the app refuses is refused by the command line too, with a reason.
        expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/\S/) });
        // The hostile Word documents (zip bombs, a zip slip) say why in one line, as the app does.
        if (name.startsWith('docx-'))
          expect(outcome?.error).toMatch(/^“docx-.*” was not imported: it [^\n]*$/);
        expect(result.code).toBe(1);
      }
    }
  });
});
