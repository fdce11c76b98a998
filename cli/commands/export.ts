import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  CSV_DELIMITERS,
  filterAnnotations,
  toCsv,
  toHtmlReport,
  toJson,
  toMarkdown,
  toW3CJson,
  type CsvDelimiter,
  type ExportInput,
} from '../../core/exporters';
import { SetFilterError, compileFilter, setTest, type RowTest } from '../../core/filter';
import { ANNOTATION_KINDS, STANCES, type AnnotationFilter } from '../../core/model';
import { GLOSS_APP, ProjectFileError, readProjectFile } from '../../core/project';
import { toQdpx } from '../../core/refi';
import { toHypothesisJson } from '../../core/hypothesis';
import { writeFileAtomic } from '../atomic-write';
import type { CliCommand } from '../command';
import { CliError } from '../command';

interface CsvChoice {
  bom: boolean;
  delimiter: CsvDelimiter;
}

const FORMATS: Record<string, (input: ExportInput, csv: CsvChoice) => string | Promise<Uint8Array>> = {
  csv: (input: ExportInput, csv: CsvChoice) => toCsv(input, csv),
  json: (input: ExportInput) => toJson(input),
  w3c: (input: ExportInput) => toW3CJson(input),
  md: (input: ExportInput) => toMarkdown(input),
  html: (input: ExportInput) => toHtmlReport(input),
  qdpx: (input: ExportInput) => toQdpx(input),
  hypothesis: (input: ExportInput) => toHypothesisJson(input),
};

const USAGE =
  'gloss export <file.gloss> --format csv|json|w3c|md|html|qdpx|hypothesis [--set NAME] [--kind K]… [--stance S]… [--tag T]… [--bom] [--delimiter comma|semicolon|tab] [--out FILE]';

/** `--delimiter` names (a bare `,`, `;` or a tab character are accepted too). */
const DELIMITER_NAMES: Record<string, CsvDelimiter> = { comma: ',', semicolon: ';', tab: '\t' };

function csvDelimiter(value: string | undefined): CsvDelimiter {
  if (value === undefined) return ',';
  const named = DELIMITER_NAMES[value.toLowerCase()];
  if (named) return named;
  if ((CSV_DELIMITERS as readonly string[]).includes(value)) return value as CsvDelimiter;
  throw new CliError(
    `unknown delimiter ${JSON.stringify(value)}; expected one of ${Object.keys(DELIMITER_NAMES).join(', ')}`,
    2,
  );
}

function oneOf<T extends string>(what: string, values: readonly string[], allowed: readonly T[]): T[] {
  const known = (v: string): v is T => (allowed as readonly string[]).includes(v);
  return values.map((v) => {
    if (!known(v)) throw new CliError(`unknown ${what} “${v}”; expected one of ${allowed.join(', ')}`, 2);
    return v;
  });
}

/**
 * `gloss export`: writes the annotations of a project file as CSV, JSON, W3C Web Annotation
 * JSON-LD, a Markdown or an HTML report, a REFI-QDA project (`.qdpx`) or Hypothesis JSON. `--set`
 * takes the annotations of a saved set (a dynamic set's filter evaluated by `core/filter`, as the
 * app's table evaluates it). `--kind`, `--stance` and `--tag` may repeat; a repeated option matches
 * any of its values, different options (and the set) must all match. Without `--out` the
 * export goes to standard output; with it, the file is replaced atomically.
 */
export const command: CliCommand = {
  usage: USAGE,
  summary: 'Export the annotations of a project (docs/export-formats.md).',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          format: { type: 'string', short: 'f' },
          kind: { type: 'string', multiple: true },
          stance: { type: 'string', multiple: true },
          tag: { type: 'string', multiple: true },
          set: { type: 'string' },
          out: { type: 'string', short: 'o' },
          bom: { type: 'boolean' },
          delimiter: { type: 'string', short: 'd' },
        },
      });
    } catch (err) {
      throw new CliError(`${(err as Error).message}\nusage: ${USAGE}`, 2);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new CliError(`expected one project file\nusage: ${USAGE}`, 2);
    const format = values.format;
    if (!format || !Object.hasOwn(FORMATS, format)) {
      throw new CliError(
        `${format ? `unknown format “${format}”` : 'missing --format'}; expected one of ${Object.keys(FORMATS).join(', ')}`,
        2,
      );
    }
    if (values.bom && format !== 'csv') throw new CliError('--bom applies to --format csv only', 2);
    if (values.delimiter !== undefined && format !== 'csv') {
      throw new CliError('--delimiter applies to --format csv only', 2);
    }
    const csv: CsvChoice = { bom: values.bom ?? false, delimiter: csvDelimiter(values.delimiter) };
    const filter: AnnotationFilter = {
      kinds: oneOf('kind', values.kind ?? [], ANNOTATION_KINDS),
      stances: oneOf('stance', values.stance ?? [], STANCES),
      tags: values.tag ?? [],
    };

    const path = positionals[0]!;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (err) {
      throw new CliError(
        `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    let project;
    try {
      project = await readProjectFile(bytes);
    } catch (err) {
      if (err instanceof ProjectFileError) throw new CliError(`${path}: ${err.message}`);
      throw err;
    }
    let test: RowTest = compileFilter(filter);
    if (values.set !== undefined) {
      const set = project.sets.find((s) => s.name === values.set);
      if (!set) {
        const names = project.sets.map((s) => `“${s.name}”`).join(', ');
        throw new CliError(
          `${path} has no set named “${values.set}”; ${names ? `its sets: ${names}` : 'it has no sets'}.`,
        );
      }
      let inSet: RowTest;
      try {
        inSet = setTest(set);
      } catch (err) {
        if (err instanceof SetFilterError) throw new CliError(`${path}: ${err.message}`);
        throw err;
      }
      const options = test;
      test = (row) => inSet(row) && options(row);
    }
    const input = filterAnnotations(
      {
        articles: project.articles,
        annotations: project.annotations,
        sourceGrades: project.sourceGrades,
        app: { ...GLOSS_APP },
        exportedAt: new Date().toISOString(),
      },
      test,
    );
    const made = await FORMATS[format]!(input, csv);
    const file = typeof made === 'string' ? new TextEncoder().encode(made) : made;
    if (values.out) {
      await writeFileAtomic(values.out, file);
    } else {
      if (typeof made !== 'string' && process.stdout.isTTY) {
        throw new CliError('a .qdpx file is a zip archive: name the file with --out FILE.qdpx', 2);
      }
      process.stdout.write(typeof made === 'string' ? made : file);
    }
    return 0;
  },
};
