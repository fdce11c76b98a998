import { escapeControls } from '../core/text/escape-controls';

/** One `gloss <name>` command; each lives in `cli/commands/<name>.ts` and exports `command`. */
export interface CliCommand {
  /** One line: `gloss list <file.gloss> [--json]`. */
  usage: string;
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/**
 * A failure the user caused and can fix: printed as one line, `gloss <command>: <message>
 * [<code>]`, without a stack trace. The code defaults to `usage` for exit code 2 and `failed`
 * otherwise. Control characters in the message (from a path or a name in a file) are escaped;
 * its own line breaks (before `usage:`) stay, and the printer folds them into the one line.
 */
export class CliError extends Error {
  readonly code: string;
  constructor(
    message: string,
    readonly exitCode = 1,
    code?: string,
  ) {
    super(escapeControls(message, { keepLineBreaks: true }));
    this.code = code ?? (exitCode === 2 ? 'usage' : 'failed');
  }
}
