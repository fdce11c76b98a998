// `npm start`: builds Gloss and opens it in Electron. `npm run dev` does the same with live reload.
// When the Electron binary is missing it fetches it (where the internet allows) or says exactly
// what to do, instead of failing deep inside Electron's own loader.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary, electronPackageDir } from './electron-binary.mjs';
import { downloadFailure, nodeProblem } from './start-checks.mjs';

function fail(lines) {
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  process.exit(1);
}

// First of all: a Node.js too old fails later in confusing ways (the Electron installer, the build).
const tooOld = nodeProblem(process.version);
if (tooOld) fail(tooOld);

const dev = process.argv.includes('--dev');
const root = join(electronPackageDir, '..', '..');

if (!existsSync(electronPackageDir)) {
  fail([
    'Gloss: the dependencies are not installed.',
    '  Run `npm install` in this folder, then `npm start` again.',
  ]);
}

let binary = electronBinary();
let failure = null;
if (!binary && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
  process.stdout.write(
    'Gloss: the Electron binary is not installed yet; downloading it (about 100 MB, once)…\n',
  );
  // The installer's own errors are stack traces: keep them out of sight and say why in one line.
  const result = spawnSync(process.execPath, [join(electronPackageDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status === 0) binary = electronBinary();
  else failure = downloadFailure(result.stderr ?? result.error?.message ?? '');
}
if (!binary) {
  fail([
    failure
      ? `Gloss: Electron could not be downloaded (${failure}), so the desktop app cannot start.`
      : 'Gloss: the Electron binary is missing, so the desktop app cannot start.',
    '',
    'To fix it, do one of these:',
    '  • With an internet connection: run `npx install-electron`, then `npm start`.',
    '    (If ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set in your environment, unset it first.)',
    '  • Offline, with an Electron 45 build from elsewhere: unzip it and run',
    '    `ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-folder npm start`.',
  ]);
}

const viteBin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
if (dev) {
  const child = spawn(process.execPath, [viteBin, 'dev'], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const build = spawnSync(process.execPath, [viteBin, 'build'], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) fail(['Gloss: the build failed (see above).']);
  const child = spawn(binary, [join(root, 'out', 'main', 'index.js')], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
}
