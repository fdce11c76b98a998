import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliCommand } from './command';
import { CliError } from './command';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function available(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = available();
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = await Promise.all(
      names.map(async (n) => {
        const cmd = (
          (await import(pathToFileURL(join(commandsDir, `${n}.ts`)).href)) as { command: CliCommand }
        ).command;
        return `  ${cmd.usage}\n      ${cmd.summary}`;
      }),
    );
    process.stdout.write(
      `gloss: work with Gloss project files from the command line\n\nCommands:\n${lines.join('\n')}\n\nSee docs/cli.md.\n`,
    );
    return name ? 0 : 2;
  }
  if (!names.includes(name)) {
    process.stderr.write(`gloss: unknown command “${name}”. Commands: ${names.join(', ')}\n`);
    return 2;
  }
  const { command } = (await import(pathToFileURL(join(commandsDir, `${name}.ts`)).href)) as {
    command: CliCommand;
  };
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
