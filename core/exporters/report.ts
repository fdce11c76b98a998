import type { Credibility, Reliability } from '../model';
import { CREDIBILITY_LABELS, RELIABILITY_LABELS } from '../model';
import type { ExportInput } from './input';
import { groupRecords } from './records';

/** One passage as a report shows it: plain strings, not yet escaped for any format. */
export interface ReportEntry {
  annotationId: string;
  quote: string;
  /** `Claim · reporting`. */
  classification: string;
  attribution: string;
  /** Admiralty code and words, e.g. `B2 — usually reliable source; probably true`, or ''. */
  grade: string;
  figure: string;
  tags: string[];
  note: string;
}

/** The report's section for one article. */
export interface ReportSection {
  articleId: string;
  title: string;
  language: string;
  /** Source and its reliability grade, byline, publication date, as one line. */
  details: string[];
  url: string;
  entries: ReportEntry[];
}

export interface ReportModel {
  title: string;
  /** `Exported … by Gloss 0.1.0 · 12 annotations from 2 articles`. */
  summary: string;
  sections: ReportSection[];
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function gradeText(reliability: Reliability | null, credibility: Credibility | null): string {
  if (reliability === null && credibility === null) return '';
  const code = `${reliability ?? ''}${credibility ?? ''}`;
  const words = [
    reliability ? `${RELIABILITY_LABELS[reliability].toLowerCase()} source` : '',
    credibility ? CREDIBILITY_LABELS[credibility as keyof typeof CREDIBILITY_LABELS].toLowerCase() : '',
  ].filter(Boolean);
  return `${code} — ${words.join('; ')}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What the Markdown and HTML reports show, grouped by article in export order: for each passage
 * the quote, the classification, the attribution, the Admiralty grade (source reliability and
 * passage credibility), the figure, the tags and the note.
 */
export function reportModel(input: ExportInput): ReportModel {
  const groups = groupRecords(input);
  const count = groups.reduce((n, g) => n + g.records.length, 0);
  const sections = groups.map((g): ReportSection => {
    const a = g.article;
    const source = a?.source
      ? g.sourceGrade
        ? `${a.source} (source reliability ${g.sourceGrade.reliability}: ${RELIABILITY_LABELS[g.sourceGrade.reliability].toLowerCase()})`
        : a.source
      : '';
    return {
      articleId: g.articleId,
      title: a?.title || `Article ${g.articleId}`,
      language: a?.language ?? '',
      details: [source, a?.byline ?? '', a?.publishedAt ?? ''].filter(Boolean),
      url: a?.url ?? '',
      entries: g.records.map((r) => ({
        annotationId: r.annotation.id,
        quote: r.quote.exact,
        classification: [capitalise(r.annotation.kind), r.annotation.stance ?? '']
          .filter(Boolean)
          .join(' · '),
        // A suggestion nobody confirmed says so in the report too.
        attribution:
          r.annotation.attribution && r.annotation.attributionSource === 'suggested'
            ? `${r.annotation.attribution} (suggested, not confirmed)`
            : r.annotation.attribution,
        grade: gradeText(r.sourceReliability, r.annotation.credibility),
        figure: r.annotation.figure ? `${r.annotation.figure.value} ${r.annotation.figure.unit}`.trim() : '',
        tags: r.annotation.tags,
        note: r.annotation.note,
      })),
    };
  });
  return {
    title: 'Gloss report',
    summary: `Exported ${input.exportedAt} by ${input.app.name} ${input.app.version} · ${plural(count, 'annotation')} from ${plural(sections.length, 'article')}`,
    sections,
  };
}
