import { once } from 'node:events';
import { parseArgs } from 'node:util';
import {
  EXPORT_FORMAT_IDS,
  exportChunks,
  filterAnnotations,
  type ExportFormatId,
} from '../../core/exporters';
import { ANNOTATION_KINDS, STANCES, type AnnotationFilter } from '../../core/model';
import { GLOSS_APP } from '../../core/project';
import { writeChunksAtomic } from '../atomic-write';
import type { CliCommand } from '../command';
import { CliError } from '../command';
import { readProject } from '../fs';

const USAGE =
  'gloss export <file.gloss> --format csv|json|w3c|md|html [--kind K]… [--stance S]… [--tag T]… [--bom] [--out FILE]';

function oneOf<T extends string>(what: string, values: readonly string[], allowed: readonly T[]): T[] {
  const known = (v: string): v is T => (allowed as readonly string[]).includes(v);
  return values.map((v) => {
    if (!known(v)) throw new CliError(`unknown ${what} “${v}”; expected one of ${allowed.join(', ')}`, 2);
    return v;
  });
}

/**
 * `gloss export`: writes the annotations of a project file as CSV, JSON, W3C Web Annotation
 * JSON-LD, a Markdown or an HTML report. `--kind`, `--stance` and `--tag` may repeat; a repeated
 * option matches any of its values, different options must all match. Without `--out` the
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
          out: { type: 'string', short: 'o' },
          bom: { type: 'boolean' },
        },
      });
    } catch (err) {
      throw new CliError(`${(err as Error).message}\nusage: ${USAGE}`, 2);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new CliError(`expected one project file\nusage: ${USAGE}`, 2);
    const format = values.format;
    if (!format || !(EXPORT_FORMAT_IDS as readonly string[]).includes(format)) {
      throw new CliError(
        `${format ? `unknown format “${format}”` : 'missing --format'}; expected one of ${EXPORT_FORMAT_IDS.join(', ')}`,
        2,
      );
    }
    if (values.bom && format !== 'csv') throw new CliError('--bom applies to --format csv only', 2);
    const filter: AnnotationFilter = {
      kinds: oneOf('kind', values.kind ?? [], ANNOTATION_KINDS),
      stances: oneOf('stance', values.stance ?? [], STANCES),
      tags: values.tag ?? [],
    };

    const project = await readProject(positionals[0]!);
    const input = filterAnnotations(
      {
        articles: project.articles,
        annotations: project.annotations,
        sourceGrades: project.sourceGrades,
        app: { ...GLOSS_APP },
        exportedAt: new Date().toISOString(),
      },
      filter,
    );
    // Written piece by piece: a large export is never one string (nor one buffer).
    const chunks = exportChunks(format as ExportFormatId, input, { bom: values.bom ?? false });
    if (values.out) {
      await writeChunksAtomic(values.out, chunks);
    } else {
      for (const chunk of chunks) {
        if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      }
    }
    return 0;
  },
};
