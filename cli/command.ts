/** One `gloss <name>` command; each lives in `cli/commands/<name>.ts` and exports `command`. */
export interface CliCommand {
  /** One line: `gloss list <file.gloss> [--json]`. */
  usage: string;
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

import { escapeControls } from '../core/text/escape-controls';

/**
 * A failure the user caused and can fix: printed without a stack trace. Control characters in
 * the message (from a path or a name in a file) are escaped; its own line breaks (before
 * `usage:`) stay.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(escapeControls(message, { keepLineBreaks: true }));
  }
}
