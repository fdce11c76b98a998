import type { CliCommand } from '../command';

/**
 * Every `gloss` command, loaded on demand: a call pays only for the modules its own command
 * needs (`gloss list` never loads jsdom or pdf.js). The bundler turns each import into a chunk
 * of its own (scripts/build-cli.mjs).
 */
export const COMMANDS: Readonly<Record<string, () => Promise<{ command: CliCommand }>>> = {
  agree: () => import('./agree'),
  annotate: () => import('./annotate'),
  export: () => import('./export'),
  import: () => import('./import'),
  list: () => import('./list'),
  merge: () => import('./merge'),
  suggest: () => import('./suggest'),
  sync: () => import('./sync'),
  validate: () => import('./validate'),
};
