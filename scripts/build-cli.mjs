import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the command line into `out/cli/gloss.mjs` (the package's `bin`): one ES module for the
 * dispatcher and one chunk per command, so that a call loads only what its command needs and
 * no TypeScript loader runs at all. npm packages stay outside the bundle and are loaded from
 * node_modules as they are. `npm run build`, `npm test` and `npm install` (`prepare`) run it.
 */
/**
 * Packages loaded from node_modules rather than bundled: jsdom reads its own files at run time,
 * pdf.js and mammoth are large and only the import of a PDF or Word file needs them, and
 * PouchDB (`gloss sync` only) loads its storage back-ends (leveldown, memdown) itself. The
 * small pure packages (zod, fflate, papaparse…) are bundled: loading zod from its hundred files
 * took about 70 ms of each call's start-up.
 */
const EXTERNAL = ['jsdom', 'pdfjs-dist', 'pdfjs-dist/*', 'mammoth', 'pouchdb-*'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(root, 'out/cli');

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { gloss: 'cli/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: EXTERNAL,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'none',
  minify: true,
  logLevel: 'warning',
});
await chmod(resolve(outdir, 'gloss.mjs'), 0o755);
