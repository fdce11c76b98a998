import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { command } from '../../../cli/commands/export';
import { CliError } from '../../../cli/command';
import { CSV_COLUMNS, parseJsonExport, type ExportInput } from '../../../core/exporters';
import { emptyProject, writeProjectFile } from '../../../core/project';

const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
let dir = '';
let project = '';
let data: ExportInput;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-export-'));
  data = JSON.parse(await readFile(join(root, 'tests/fixtures/export/dataset.json'), 'utf8')) as ExportInput;
  const doc = emptyProject(
    'Export test',
    { id: 'analyst-ana', name: 'Ana Analyst' },
    '2026-11-23T12:00:00.000Z',
  );
  doc.articles = data.articles;
  doc.annotations = data.annotations;
  doc.sourceGrades = data.sourceGrades;
  project = join(dir, 'brief.gloss');
  await writeFile(project, await writeProjectFile(doc));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the command in-process and returns what it wrote to stdout. */
async function exportText(args: string[]): Promise<string> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    expect(await command.run(args)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

const live = () => data.annotations.filter((a) => a.deletedAt === null);

describe('gloss export', () => {
  it('writes CSV to stdout through the gloss dispatcher (end to end)', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'cli/index.ts', 'export', project, '--format', 'csv'],
      { cwd: root },
    );
    const rows = Papa.parse<Record<string, string>>(stdout, { header: true, skipEmptyLines: true });
    expect(rows.errors).toEqual([]);
    expect(rows.data.map((r) => r['annotation_id']).sort()).toEqual(
      live()
        .map((a) => a.id)
        .sort(),
    );
  }, 30_000);

  it('filters by kind, stance and tag', async () => {
    const figures = Papa.parse<Record<string, string>>(
      await exportText([project, '--format', 'csv', '--kind', 'figure']),
      {
        header: true,
        skipEmptyLines: true,
      },
    ).data;
    expect(figures.map((r) => r['kind'])).toEqual(
      Array(live().filter((a) => a.kind === 'figure').length).fill('figure'),
    );
    const doc = parseJsonExport(
      await exportText([project, '--format', 'json', '--stance', 'opinion', '--tag', 'nato', '--tag', 'aid']),
    );
    expect(doc.annotations.map((a) => a.attribution)).toEqual(['Institute for the Study of War']);
    expect(doc.articles.map((a) => a.id)).toEqual(['isw-2025-06-25']);
  });

  it('writes every format, and the JSON export restores the project’s annotations', async () => {
    const json = parseJsonExport(await exportText([project, '--format', 'json']));
    const byId = (l: { id: string }[]) => [...l].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(json.annotations)).toEqual(byId(live()));
    expect(JSON.parse(await exportText([project, '--format', 'w3c']))['type']).toBe('AnnotationCollection');
    expect(await exportText([project, '--format', 'md'])).toMatch(/^# Gloss report\n/);
    expect(await exportText([project, '--format', 'html'])).toMatch(/^<!doctype html>/);
  });

  it('writes --out atomically, leaving no temporary file, and --bom starts with a BOM', async () => {
    const out = join(dir, 'out.csv');
    await writeFile(out, 'old contents');
    expect(await exportText([project, '--format', 'csv', '--bom', '--out', out])).toBe('');
    const bytes = await readFile(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('外交部发言人表示');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['semicolon', ';'],
    ['tab', '\t'],
    ['comma', ','],
    [';', ';'],
  ])(
    '--delimiter %j separates the fields with %j and quotes fields holding any separator',
    async (name, sep) => {
      const text = await exportText([project, '--format', 'csv', '--delimiter', name]);
      const [header] = text.split('\r\n');
      expect(header!.split(sep)).toHaveLength(CSV_COLUMNS.length);
      const parsed = Papa.parse<Record<string, string>>(text, {
        header: true,
        delimiter: sep,
        skipEmptyLines: true,
      });
      expect(parsed.errors).toEqual([]);
      expect(parsed.data).toHaveLength(live().length);
      const multi = live().find((a) => a.tags.length > 1)!;
      expect(parsed.data.find((r) => r['annotation_id'] === multi.id)!['tags']).toBe(multi.tags.join('; '));
      expect(text).toContain(`"${multi.tags.join('; ')}"`);
    },
  );

  it('--format qdpx writes a REFI-QDA project whose project.qde the QDA-XML schema accepts', async () => {
    const out = join(dir, 'brief.qdpx');
    expect(await exportText([project, '--format', 'qdpx', '--out', out])).toBe('');
    const files = unzipSync(new Uint8Array(await readFile(out)));
    expect(Object.keys(files).filter((f) => f.startsWith('Sources/'))).toHaveLength(3);
    await writeFile(join(dir, 'project.qde'), files['project.qde']!);
    const { stderr } = await run('/usr/bin/xmllint', [
      '--noout',
      '--schema',
      join(root, 'tests/fixtures/refi-qda/Project.xsd'),
      join(dir, 'project.qde'),
    ]);
    expect(stderr).toMatch(/validates/);
    expect(strFromU8(files['project.qde']!).match(/<PlainTextSelection /g)).toHaveLength(live().length);
  });

  it.each([
    [['--format', 'csv'], /expected one project file/],
    [['PROJECT', '--format', 'xlsx'], /unknown format “xlsx”/],
    [['PROJECT'], /missing --format/],
    [['PROJECT', '--format', 'csv', '--kind', 'rumour'], /unknown kind “rumour”/],
    [['PROJECT', '--format', 'json', '--bom'], /--bom applies to --format csv only/],
    [['PROJECT', '--format', 'json', '--delimiter', 'tab'], /--delimiter applies to --format csv only/],
    [['PROJECT', '--format', 'csv', '--delimiter', 'pipe'], /unknown delimiter "pipe"/],
    [['PROJECT', '--format', 'csv', '--colour'], /Unknown option '--colour'/],
  ])('refuses %j with a usage error', async (args, message) => {
    const attempt = command.run(args.map((a) => (a === 'PROJECT' ? project : a)));
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toBeInstanceOf(CliError);
    await expect(attempt).rejects.toMatchObject({ exitCode: 2 });
  });

  it('reports a file that is not a project', async () => {
    const bogus = join(dir, 'not-a-project.gloss');
    await writeFile(bogus, 'plain text');
    await expect(command.run([bogus, '--format', 'csv'])).rejects.toThrow(CliError);
    await expect(command.run([join(dir, 'missing.gloss'), '--format', 'csv'])).rejects.toThrow(
      /cannot read .*ENOENT/,
    );
  });
});
