const SHORT: Record<string, string> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

/**
 * C0 and C1 control characters and DEL, the Unicode line and paragraph separators, and the
 * bidirectional embedding, override and isolate marks: characters that can ring a terminal's
 * bell, end a line, rewrite what was printed before (CR, escape sequences) or reorder it.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- likewise
const CONTROLS_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeOne = (c: string): string => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `text` with every control character written as its JSON escape (`\n`, `\t`, `\u0000`,
 * `\u001b`…), as `JSON.stringify` would, so that a message holding a hostile file or entry name
 * prints on one line and never drives the terminal or the screen. C1 controls, DEL and the
 * bidirectional marks, which JSON leaves alone, are escaped too. With `keepLineBreaks`, `\n` is
 * left as it is (for a message of several lines whose parts are already escaped).
 */
export function escapeControls(text: string, options: { keepLineBreaks?: boolean } = {}): string {
  return text.replace(options.keepLineBreaks ? CONTROLS_BUT_LF : CONTROLS, escapeOne);
}
