// Finds the Electron binary without requiring the `electron` package (which would try to
// download it). Shared by `npm start` and the Playwright config.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', 'electron');

/** The path of the Electron executable, or null when it is not installed. */
export function electronBinary() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    if (override && existsSync(join(override, 'electron'))) return join(override, 'electron');
    return null;
  }
  const rel = readFileSync(pathFile, 'utf8').trim();
  const full = override ? join(override, rel) : join(pkgDir, 'dist', rel);
  return existsSync(full) ? full : null;
}

export const electronPackageDir = pkgDir;
