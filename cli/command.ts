/** One `gloss <name>` command; each lives in `cli/commands/<name>.ts` and exports `command`. */
export interface CliCommand {
  /** One line: `gloss list <file.gloss> [--json]`. */
  usage: string;
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/** A failure the user caused and can fix: printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
