// Checks `npm start` makes before anything else, as pure functions (tested in tests/unit/cli).

/** The oldest Node.js that runs Gloss's start (Electron 45's installer needs it; see README). */
export const MIN_NODE = '22.12.0';

const parts = (v) =>
  v
    .replace(/^v/, '')
    .split('.')
    .map((n) => Number.parseInt(n, 10) || 0);

/** Whether version `a` is older than `b` (`22.11.0` < `22.12.0`). */
export function olderThan(a, b) {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
}

/** The lines to show when this Node.js is too old, or null when it will do. */
export function nodeProblem(version, min = MIN_NODE) {
  if (!olderThan(version, min)) return null;
  return [
    `Gloss: this is Node.js ${version.replace(/^v/, '')}; Gloss needs Node.js ${min} or newer.`,
    '  Install a current Node.js (https://nodejs.org, or your version manager: `nvm install 22`),',
    '  then run `npm install` and `npm start` again.',
  ];
}

/**
 * One line saying why the Electron download failed, from the installer's error output (which
 * is a stack trace): the error's message and, where given, its cause's.
 */
export function downloadFailure(stderr) {
  const lines = String(stderr)
    .split('\n')
    .map((l) => l.trim());
  const message = lines.find((l) => /^[A-Za-z]*Error\b.*?:/.test(l))?.replace(/^[A-Za-z]*Error:\s*/, '');
  const cause = lines
    .find((l) => /^\[cause\]:/.test(l))
    ?.replace(/^\[cause\]:\s*/, '')
    .replace(/^[A-Za-z]*Error:\s*/, '')
    .replace(/\s*\{$/, '');
  const reason = [message, cause].filter(Boolean).join(': ');
  return reason || 'the download did not finish';
}
