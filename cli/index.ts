import type { CliCommand } from './command';
import { COMMANDS } from './commands/index';
import { describeFailure } from './errors';

const names = Object.keys(COMMANDS).sort();

async function load(name: string): Promise<CliCommand> {
  return (await COMMANDS[name]!()).command;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = await Promise.all(
      names.map(async (n) => {
        const cmd = await load(n);
        return `  ${cmd.usage}\n      ${cmd.summary}`;
      }),
    );
    process.stdout.write(
      `gloss: work with Gloss project files from the command line\n\nCommands:\n${lines.join('\n')}\n\nSee docs/cli.md.\n`,
    );
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`gloss: unknown command “${name}”. Commands: ${names.join(', ')} [usage]\n`);
    return 2;
  }
  try {
    return await (await load(name)).run(args);
  } catch (err) {
    return fail(name, err);
  }
}

/** Prints a failure as one line with its code (and, with GLOSS_DEBUG=1, the stack) and returns the exit code. */
function fail(name: string | undefined, err: unknown): number {
  const { line, exitCode } = describeFailure(err);
  process.stderr.write(`gloss${name ? ` ${name}` : ''}: ${line}\n`);
  if (process.env['GLOSS_DEBUG'] && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return exitCode;
}

// A failure outside a command's own promise (a stray callback) is reported the same way.
const command = process.argv[2];
process.on('uncaughtException', (err) => process.exit(fail(command, err)));
process.on('unhandledRejection', (err) => process.exit(fail(command, err)));

process.exitCode = await main(process.argv.slice(2));
