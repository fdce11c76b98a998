import type { ExportInput } from './input';
import { Pieces } from './pieces';
import type { ReportEntry, ReportSection } from './report';
import { reportModel } from './report';

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SAFE_URL = /^https?:\/\/[^\s<>"']+$/i;

// Inline so the file stands alone; the CSP below forbids scripts and every fetch.
const STYLE = `
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",sans-serif;color:#1f2328;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.25rem}
h2{font-size:1.3rem;margin-top:2.5rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
h3{font-size:1rem;margin:1.5rem 0 .5rem}
.meta{color:#59636e;font-size:.9rem;margin:.25rem 0}
blockquote{margin:0;padding:.5rem .75rem;border-inline-start:4px solid #8c959f;background:#f6f8fa;white-space:pre-wrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .75rem;margin:.5rem 0;font-size:.95rem}
dt{font-weight:600}
dd{margin:0}
.note{white-space:pre-wrap;margin:.5rem 0}
.tag{display:inline-block;border:1px solid #d0d7de;border-radius:1rem;padding:0 .5rem;margin:0 .25rem .25rem 0;font-size:.85rem}
a{color:#0969da}
@media print{body{margin:0;max-width:none}a{color:inherit}}
`.trim();

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

function fact(term: string, value: string): string {
  return value ? `<dt>${term}</dt><dd dir="auto">${escapeHtml(value)}</dd>` : '';
}

function entry(e: ReportEntry, n: number): string {
  const tags = e.tags.length
    ? `<dt>Tags</dt><dd>${e.tags.map((t) => `<span class="tag" dir="auto">${escapeHtml(t)}</span>`).join('')}</dd>`
    : '';
  const facts =
    fact('Attributed to', e.attribution) + fact('Grade', e.grade) + fact('Figure', e.figure) + tags;
  return [
    `<article class="annotation" id="annotation-${escapeHtml(e.annotationId)}">`,
    `<h3>${n}. ${escapeHtml(e.classification)}</h3>`,
    `<blockquote class="quote" dir="auto">${escapeHtml(e.quote)}</blockquote>`,
    facts ? `<dl>${facts}</dl>` : '',
    e.note ? `<div class="note" dir="auto"><strong>Note:</strong> ${escapeHtml(e.note)}</div>` : '',
    `</article>`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The lines that open a section (its heading and details), before its passages. */
function sectionHead(s: ReportSection): string[] {
  const lang = s.language ? ` lang="${escapeHtml(s.language)}"` : '';
  const details = s.details.map(escapeHtml);
  if (s.url) {
    details.push(
      SAFE_URL.test(s.url)
        ? `<a href="${escapeHtml(s.url)}" rel="noopener noreferrer">${escapeHtml(s.url)}</a>`
        : escapeHtml(s.url),
    );
  }
  return [
    `<section class="article"${lang}>`,
    `<h2 dir="auto">${escapeHtml(s.title)}</h2>`,
    details.length ? `<p class="meta" dir="auto">${details.join(' · ')}</p>` : '',
  ].filter(Boolean);
}

/**
 * A self-contained HTML report, grouped by article, with the same content as the Markdown
 * report: one file with inline CSS, no scripts, no external resources (a Content-Security-Policy
 * forbids them), every piece of user text escaped, and `dir="auto"` so that Arabic or Hebrew
 * passages read right to left.
 */
export function toHtmlReport(input: ExportInput): string {
  return [...htmlChunks(input)].join('');
}

/**
 * The text of {@link toHtmlReport}, character for character, in pieces of about a million
 * characters (a passage at a time), so that a report of any size is never one string.
 * `onProgress` hears the passages written.
 */
export function* htmlChunks(
  input: ExportInput,
  onProgress?: (done: number, total: number) => void,
): Generator<string> {
  const model = reportModel(input);
  const total = model.sections.reduce((n, s) => n + s.entries.length, 0);
  const pieces = new Pieces();
  let done = 0;
  // One line per element, each ended by a line break.
  const lines = (...ls: string[]) => pieces.push(ls.map((l) => `${l}\n`).join(''));
  lines(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeHtml(`${input.app.name} ${input.app.version}`)}">`,
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(model.title)}</h1><p class="meta">${escapeHtml(model.summary)}</p></header>`,
    '<main>',
  );
  for (const s of model.sections) {
    const head = lines(...sectionHead(s));
    if (head) yield head;
    for (const [i, e] of s.entries.entries()) {
      const piece = lines(entry(e, i + 1));
      done++;
      if (piece) {
        yield piece;
        onProgress?.(done, total);
      }
    }
    const end = lines('</section>');
    if (end) yield end;
  }
  yield lines('</main>', '</body>', '</html>') ?? pieces.rest();
  onProgress?.(total, total);
}
