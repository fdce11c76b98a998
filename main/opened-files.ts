/**
 * The `.gloss` project files among command-line arguments: how Windows and Linux file
 * associations (and a second launch while Gloss runs) hand files over. Switches (`--flag`,
 * `--flag=value`) and other arguments — the executable, the app's own entry script, Chromium's
 * switches — are ignored.
 */
export function projectPathsIn(argv: readonly string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && /\.gloss$/i.test(a));
}
