import { CliError, type CliCommand } from '../command';
import { parseCommandLine, readProject } from '../fs';

const usage = 'gloss list <file.gloss> [--json]';

/** `gloss list`: the articles of a project, as a table or as JSON. */
export const command: CliCommand = {
  usage,
  summary: 'List the articles of a project (id, title, source, date, size); --json for a JSON array.',
  async run(args) {
    const { values, positionals } = parseCommandLine(args, { json: { type: 'boolean' } }, usage);
    const [path, ...rest] = positionals;
    if (!path || rest.length) throw new CliError(`give exactly one project file.\nusage: ${usage}`, 2);
    const doc = await readProject(path);
    const rows = doc.articles.map((a) => ({
      id: a.id,
      title: a.title,
      source: a.source,
      byline: a.byline,
      publishedAt: a.publishedAt,
      url: a.url,
      language: a.language,
      contentHash: a.contentHash,
      chars: a.text.length,
      removedChars: a.removed.reduce((n, r) => n + r.text.length, 0),
    }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    for (const r of rows) {
      process.stdout.write(
        `${r.id}  ${r.title || '(untitled)'}${r.source ? ` — ${r.source}` : ''}${r.publishedAt ? `, ${r.publishedAt}` : ''}  (${r.chars.toLocaleString('en')} chars)\n`,
      );
    }
    process.stdout.write(`${rows.length} article${rows.length === 1 ? '' : 's'}\n`);
    return 0;
  },
};
