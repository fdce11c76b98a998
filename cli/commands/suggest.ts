import { suggest } from '../../core/suggest';
import { CliError, type CliCommand } from '../command';
import { parseCommandLine, readProject } from '../fs';

const usage = 'gloss suggest <file.gloss> [--article ID] [--json]';

/** `gloss suggest`: the suggestion pass of the reader, over the articles of a project file. */
export const command: CliCommand = {
  usage,
  summary:
    'Suggest figures, quotations, attributed statements, assessments and opinion cues (offsets in UTF-16 code units); --json for a JSON array.',
  async run(args) {
    const { values, positionals } = parseCommandLine(
      args,
      { json: { type: 'boolean' }, article: { type: 'string' } },
      usage,
    );
    const [path, ...rest] = positionals;
    if (!path || rest.length) throw new CliError(`give exactly one project file.\nusage: ${usage}`, 2);
    const doc = await readProject(path);
    const articles = values.article ? doc.articles.filter((a) => a.id === values.article) : doc.articles;
    if (values.article && articles.length === 0) {
      throw new CliError(`no article with id “${values.article}” in ${path} (see gloss list ${path}).`);
    }
    const rows = articles.flatMap((a) =>
      suggest(a.text, { publisher: a.source, language: a.language }).map((s) => ({ articleId: a.id, ...s })),
    );
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    for (const r of rows) {
      const fields = Object.entries(r.fields)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ');
      const quote = r.quote.length > 80 ? `${r.quote.slice(0, 77)}…` : r.quote;
      process.stdout.write(
        `${r.articleId}  ${r.type.padEnd(11)} ${r.start}–${r.end}  ${fields}  “${quote}”\n`,
      );
    }
    process.stdout.write(`${rows.length} suggestion${rows.length === 1 ? '' : 's'}\n`);
    return 0;
  },
};
