import { execFile } from 'node:child_process';
import { access, constants, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../../cli/commands/index';
import { CORPUS, GLOSS_BIN, ROOT, runCommand, runGloss } from './run-cli';

vi.setConfig({ testTimeout: 60_000 });

let dir = '';
let project = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-bundle-'));
  project = join(dir, 'p.gloss');
  const r = await runCommand('import', [
    join(CORPUS, 'text/isw-2025-06-25.txt'),
    join(CORPUS, 'text/putin-press-on-reuters.txt'),
    '--project',
    project,
    '--analyst',
    'Ana Analyst',
  ]);
  expect(r.code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the built command line (out/cli/gloss.mjs)', () => {
  it('registers every command module in cli/commands, and nothing else', async () => {
    const files = (await readdir(join(ROOT, 'cli/commands')))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    expect(Object.keys(COMMANDS).sort()).toEqual(files);
  });

  it('is the package bin: an executable ES module with a node shebang', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(join(ROOT, pkg.bin['gloss']!)).toBe(GLOSS_BIN);
    await access(GLOSS_BIN, constants.X_OK);
    expect((await readFile(GLOSS_BIN, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    // Run as a program (through its shebang), as `npx gloss` does.
    const { stdout } = await promisify(execFile)(GLOSS_BIN, ['list', project]);
    expect(stdout).toMatch(/\n2 articles\n$/);
  });

  it('gives the same output as the commands run from the sources', async () => {
    for (const args of [
      ['list', project, '--json'],
      ['validate', project, '--json'],
      ['export', project, '--format', 'csv'],
    ]) {
      const built = await runGloss(args);
      const source = await runCommand(args[0]!, args.slice(1));
      expect(built.code).toBe(0);
      expect(built.stderr).toBe('');
      expect(built.stdout).toBe(source.stdout);
    }
  });

  it('reports usage mistakes and unknown commands with exit code 2', async () => {
    const unknown = await runGloss(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command “frobnicate”. Commands: agree, annotate, export, import/);
    const help = await runGloss(['--help']);
    expect(help.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.stdout).toContain(`gloss ${name} `);
    const bad = await runGloss(['list']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^gloss list: give exactly one project file/);
  });
});
