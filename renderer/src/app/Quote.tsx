const OPENING = /^["“‘«„‚‹「『]/u;
const CLOSING = /["”’»“‘›」』]$/u;

/**
 * The passage between quotation marks, shown once: a passage that already begins (or ends) with
 * its own quotation mark gets no second one on that side.
 */
export function quoted(text: string): string {
  const t = text.trim();
  return `${OPENING.test(t) ? '' : '“'}${t}${CLOSING.test(t) ? '' : '”'}`;
}

/** A quoted passage (instead of `<q>`, whose marks double those of a passage that has its own). */
export function Quote({ text, className = '' }: { text: string; className?: string }) {
  return <span className={`quote ${className}`.trim()}>{quoted(text)}</span>;
}
