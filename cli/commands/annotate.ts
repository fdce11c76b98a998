import { randomUUID } from 'node:crypto';
import { describe } from '../../core/anchoring';
import { parseFigure } from '../../core/annotate/figures';
import {
  ANNOTATION_KINDS,
  AnnotationSchema,
  STANCES,
  type Annotation,
  type AnnotationKind,
  type Stance,
} from '../../core/model';
import { analystFrom } from '../analyst';
import { CliError, type CliCommand } from '../command';
import { parseCommandLine, readProject, saveProject } from '../fs';

const usage =
  'gloss annotate <file.gloss> --article <id> --quote "<exact text>" --kind claim|assessment|figure [--stance opinion|reporting] [--note N] [--credibility 1-6] [--author NAME] [--tag T]... [--attribution A] [--occurrence N] [--json]';

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliError(`${option} must be one of ${allowed.join(', ')}, not “${value}”.`, 2);
  }
  return value as T;
}

function wholeNumber(option: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new CliError(`${option} must be a whole number from ${min} to ${max}, not “${value}”.`, 2);
  }
  return n;
}

/** Every start of `quote` in `text`, overlapping ones included. */
function occurrences(text: string, quote: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) out.push(i);
  return out;
}

/**
 * `gloss annotate`: adds one annotation to a project file, on the passage of an article that
 * `--quote` gives verbatim (after Unicode NFC, as article text is stored). The file is saved
 * atomically; nothing is written if any argument is wrong.
 */
export const command: CliCommand = {
  usage,
  summary: 'Add an annotation to an article of a project, on the passage given by its exact text.',
  async run(args) {
    const { values, positionals } = parseCommandLine(
      args,
      {
        article: { type: 'string' },
        quote: { type: 'string' },
        kind: { type: 'string' },
        stance: { type: 'string' },
        note: { type: 'string' },
        credibility: { type: 'string' },
        author: { type: 'string' },
        tag: { type: 'string', multiple: true },
        attribution: { type: 'string' },
        occurrence: { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const [path, ...rest] = positionals;
    if (!path || rest.length) throw new CliError(`give exactly one project file.\nusage: ${usage}`, 2);
    for (const required of ['article', 'quote', 'kind'] as const) {
      if (!values[required]) throw new CliError(`--${required} is required.\nusage: ${usage}`, 2);
    }
    const kind: AnnotationKind = oneOf('--kind', values.kind!, ANNOTATION_KINDS);
    const stance: Stance | null = values.stance ? oneOf('--stance', values.stance, STANCES) : null;
    const credibility = values.credibility ? wholeNumber('--credibility', values.credibility, 1, 6) : null;
    const tags = values.tag ?? [];
    if (tags.some((t) => t.trim() === '')) throw new CliError('--tag must not be empty.', 2);

    const doc = await readProject(path);
    const article = doc.articles.find((a) => a.id === values.article);
    if (!article) {
      throw new CliError(`${path} has no article “${values.article}”. \`gloss list ${path}\` shows the ids.`);
    }
    const quote = values.quote!.normalize('NFC');
    const found = occurrences(article.text, quote);
    if (found.length === 0) {
      throw new CliError(
        `the quote does not occur in “${article.title || article.id}”; give the exact text.`,
      );
    }
    let start: number;
    if (values.occurrence !== undefined) {
      const n = wholeNumber('--occurrence', values.occurrence, 1, found.length);
      start = found[n - 1]!;
    } else if (found.length > 1) {
      throw new CliError(
        `the quote occurs ${found.length} times in “${article.title || article.id}”; quote more text or choose one with --occurrence 1…${found.length}.`,
      );
    } else start = found[0]!;
    const end = start + quote.length;

    const envelopeAnalyst = doc.envelope.analyst;
    const named = values.author ? analystFrom(values.author) : envelopeAnalyst;
    const author = named.id === envelopeAnalyst.id ? envelopeAnalyst : named;
    const now = new Date().toISOString();
    const annotation: Annotation = {
      id: randomUUID(),
      articleId: article.id,
      selectors: describe(article.text, start, end),
      kind,
      stance,
      note: values.note ?? '',
      tags,
      attribution: values.attribution ?? '',
      credibility,
      figure: kind === 'figure' ? parseFigure(quote) : null,
      author,
      createdAt: now,
      updatedAt: now,
      updatedBy: author,
      provenance: {},
      deletedAt: null,
    };
    const checked = AnnotationSchema.safeParse(annotation);
    if (!checked.success) throw new CliError(`not a valid annotation: ${checked.error.message}`);
    doc.annotations.push(annotation);
    doc.envelope = { ...doc.envelope, savedAt: now };
    await saveProject(path, doc);
    process.stdout.write(
      values.json
        ? `${JSON.stringify(annotation, null, 2)}\n`
        : `${annotation.id}  ${kind} on “${article.title || article.id}” [${start}, ${end}) by ${author.name || author.id}\n`,
    );
    return 0;
  },
};
