import type { CliCommand } from './command';
import { CliError } from './command';
import { COMMANDS } from './commands/index';

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
    process.stderr.write(`gloss: unknown command “${name}”. Commands: ${names.join(', ')}\n`);
    return 2;
  }
  const command = await load(name);
  try {
    return await command.run(args);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`gloss ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
