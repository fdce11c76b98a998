import { ProjectFileError, readProjectFile } from '../../core/project';
import { escapeControls } from '../../core/text/escape-controls';
import { CliError, type CliCommand } from '../command';
import { parseCommandLine, readProjectBytes } from '../fs';
import { zlibCodec } from '../zlib-codec';

const usage = 'gloss validate <file.gloss> [--json]';

const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** `gloss validate`: checks a project file completely (zip, JSON, schema, hashes) and says what is wrong. */
export const command: CliCommand = {
  usage,
  summary: 'Check a project file; exit code 0 if it is valid, 1 with the reason if not.',
  async run(args) {
    const { values, positionals } = parseCommandLine(args, { json: { type: 'boolean' } }, usage);
    const [path, ...rest] = positionals;
    if (!path || rest.length) throw new CliError(`give exactly one project file.\nusage: ${usage}`, 2);
    // The same reading as every other command (size limit included): validate and merge accept
    // exactly the same files.
    let bytes: Uint8Array;
    try {
      bytes = await readProjectBytes(path);
    } catch (err) {
      // A file that cannot be read at all is invalid too: with --json, say so in JSON.
      if (!values.json || !(err instanceof CliError)) throw err;
      process.stdout.write(
        `${JSON.stringify({ valid: false, file: path, code: err.code, message: err.message }, null, 2)}\n`,
      );
      return 1;
    }
    try {
      const doc = await readProjectFile(bytes, { codec: zlibCodec });
      const live = doc.annotations.filter((a) => a.deletedAt === null).length;
      const result = {
        valid: true,
        file: path,
        version: doc.envelope.version,
        name: doc.envelope.name,
        analyst: doc.envelope.analyst,
        savedAt: doc.envelope.savedAt,
        articles: doc.articles.length,
        annotations: doc.annotations.length,
        deletedAnnotations: doc.annotations.length - live,
      };
      process.stdout.write(
        values.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : `${escapeControls(path)}: valid Gloss project (format version ${result.version}): ${plural(result.articles, 'article')}, ${plural(live, 'annotation')} (+${result.deletedAnnotations} deleted), saved ${escapeControls(result.savedAt)} by ${escapeControls(result.analyst.name || result.analyst.id)}.\n`,
      );
      return 0;
    } catch (err) {
      if (!(err instanceof ProjectFileError)) throw err;
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ valid: false, file: path, code: err.code, message: err.message }, null, 2)}\n`,
        );
      } else {
        // The message quotes names from the file: one line, its control characters escaped.
        process.stderr.write(
          `${escapeControls(path)}: invalid [${err.code}]: ${escapeControls(err.message)}\n`,
        );
      }
      return 1;
    }
  },
};
