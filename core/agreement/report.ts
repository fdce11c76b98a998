import { anchorMany } from '../anchoring';
import {
  judgementStamp,
  type Analyst,
  type Annotation,
  type AnnotationKind,
  type Article,
  type JudgementField,
  type Stance,
} from '../model';
import type { ProjectDocument } from '../project';
import { matchSpans } from './spans';
import { cohenKappa, krippendorffAlpha } from './statistics';

/** Default of {@link AgreementOptions.minJaccard}. */
export const DEFAULT_MIN_JACCARD = 0.5;

/** Tuning of {@link agreement}. */
export interface AgreementOptions {
  /** The lowest Jaccard overlap at which two spans count as the same passage. Default 0.5. */
  minJaccard?: number;
  /** Whose annotations in file A to compare (default: A's envelope analyst). */
  analystA?: string;
  /** Whose annotations in file B to compare (default: B's envelope analyst). */
  analystB?: string;
}

/** One annotation as the report shows it: where it is and how it was classified. */
export interface SpanSummary {
  annotationId: string;
  start: number;
  end: number;
  quote: string;
  kind: AnnotationKind;
  stance: Stance | null;
  credibility: number | null;
  note: string;
}

/** A place where the two analysts differ, shown side by side. */
export interface Disagreement {
  articleId: string;
  articleTitle: string;
  /** `only-a`/`only-b`: a passage only one marked; `classification`: a matched passage classified differently. */
  type: 'only-a' | 'only-b' | 'classification';
  /** For `classification`: which fields differ. */
  fields: ('kind' | 'stance' | 'credibility')[];
  a: SpanSummary | null;
  b: SpanSummary | null;
  /** Jaccard overlap of the two spans (classification only). */
  overlap?: number;
}

/** Agreement of two analysts on the articles both annotated. */
export interface AgreementReport {
  analystA: Analyst;
  analystB: Analyst;
  /** Articles (same text) that both analysts annotated. */
  articles: number;
  minJaccard: number;
  spans: {
    a: number;
    b: number;
    matched: number;
    /** Matched ÷ B's spans (A taken as the reference). */
    precision: number | null;
    /** Matched ÷ A's spans. */
    recall: number | null;
    /** 2 · matched ÷ (A's + B's spans); symmetric. */
    f1: number | null;
    /** Annotations whose selectors no longer anchor in the text (left out). */
    unanchored: number;
  };
  /** Cohen's kappa of `kind` over matched spans. */
  kind: { n: number; observed: number | null; kappa: number | null };
  /** Cohen's kappa of `stance` over matched spans where both gave one. */
  stance: { n: number; observed: number | null; kappa: number | null };
  /** Krippendorff's alpha (ordinal, 1–5; 6 "cannot be judged" counts as missing) over matched spans. */
  credibility: { n: number; alpha: number | null; metric: 'ordinal' };
  disagreements: Disagreement[];
}

interface Located {
  annotation: Annotation;
  start: number;
  end: number;
}

function summary(l: Located, text: string): SpanSummary {
  const a = l.annotation;
  return {
    annotationId: a.id,
    start: l.start,
    end: l.end,
    quote: text.slice(l.start, l.end),
    kind: a.kind,
    stance: a.stance,
    credibility: a.credibility,
    note: a.note,
  };
}

function pickAuthor(
  doc: ProjectDocument,
  id: string | undefined,
): { analyst: Analyst; annotations: Annotation[] } {
  const wanted = id ?? doc.envelope.analyst.id;
  const live = doc.annotations.filter((a) => a.deletedAt === null);
  const mine = live.filter((a) => a.author.id === wanted);
  const analyst =
    mine[0]?.author ??
    (wanted === doc.envelope.analyst.id ? doc.envelope.analyst : { id: wanted, name: wanted });
  return { analyst, annotations: mine };
}

function groupByHash(
  doc: ProjectDocument,
  annotations: Annotation[],
): Map<string, { article: Article; annotations: Annotation[] }> {
  const articles = new Map(doc.articles.map((a) => [a.id, a]));
  const out = new Map<string, { article: Article; annotations: Annotation[] }>();
  for (const a of annotations) {
    const article = articles.get(a.articleId);
    if (!article) continue;
    const group = out.get(article.contentHash) ?? { article, annotations: [] };
    group.annotations.push(a);
    out.set(article.contentHash, group);
  }
  return out;
}

const ratio = (x: number, y: number): number | null => (y === 0 ? null : x / y);
const credibilityValue = (c: number | null): number | null => (c === null || c === 6 ? null : c);

/**
 * Measures how far two analysts agree on the articles both annotated (same text, matched by
 * `contentHash`): span matching by overlap (greedy one-to-one, Jaccard ≥ `minJaccard`), with
 * precision, recall and F1; Cohen's kappa for kind and stance on matched spans; Krippendorff's
 * ordinal alpha for credibility; and every disagreement side by side. Deleted annotations are
 * left out. Pure and deterministic.
 */
export function agreement(
  a: ProjectDocument,
  b: ProjectDocument,
  opts: AgreementOptions = {},
): AgreementReport {
  const minJaccard = opts.minJaccard ?? DEFAULT_MIN_JACCARD;
  const A = pickAuthor(a, opts.analystA);
  const B = pickAuthor(b, opts.analystB);
  const groupsA = groupByHash(a, A.annotations);
  const groupsB = groupByHash(b, B.annotations);
  const kindPairs: [string, string][] = [];
  const stancePairs: [string, string][] = [];
  const credUnits: (number | null)[][] = [];
  const disagreements: Disagreement[] = [];
  let spansA = 0;
  let spansB = 0;
  let matched = 0;
  let unanchored = 0;
  let articles = 0;

  for (const [hash, ga] of groupsA) {
    const gb = groupsB.get(hash);
    if (!gb) continue;
    articles++;
    const text = ga.article.text;
    const locate = (list: Annotation[]): Located[] => {
      const found = anchorMany(text, list);
      const out: Located[] = [];
      for (const [i, r] of found.entries()) {
        if (r.status === 'orphan') unanchored++;
        else out.push({ annotation: list[i]!, start: r.start, end: r.end });
      }
      return out.sort(
        (x, y) => x.start - y.start || x.end - y.end || (x.annotation.id < y.annotation.id ? -1 : 1),
      );
    };
    const la = locate(ga.annotations);
    const lb = locate(gb.annotations);
    spansA += la.length;
    spansB += lb.length;
    const pairs = matchSpans(la, lb, minJaccard);
    matched += pairs.length;
    const pairedA = new Set<number>();
    const pairedB = new Set<number>();
    const articleRows: Disagreement[] = [];
    const base = { articleId: ga.article.id, articleTitle: ga.article.title };
    for (const [i, j, overlap] of pairs) {
      pairedA.add(i);
      pairedB.add(j);
      const x = la[i]!.annotation;
      const y = lb[j]!.annotation;
      // A judgement counts only when the analyst compared made it (see docs/project-format.md).
      const bothOwn = (field: JudgementField) =>
        judgementStamp(x, field).by.id === A.analyst.id && judgementStamp(y, field).by.id === B.analyst.id;
      const kind = bothOwn('kind');
      const stance = bothOwn('stance');
      const credibility = bothOwn('credibility');
      if (kind) kindPairs.push([x.kind, y.kind]);
      if (stance && x.stance !== null && y.stance !== null) stancePairs.push([x.stance, y.stance]);
      if (credibility) credUnits.push([credibilityValue(x.credibility), credibilityValue(y.credibility)]);
      const fields: Disagreement['fields'] = [];
      if (kind && x.kind !== y.kind) fields.push('kind');
      if (stance && x.stance !== y.stance) fields.push('stance');
      if (credibility && x.credibility !== y.credibility) fields.push('credibility');
      if (fields.length) {
        articleRows.push({
          ...base,
          type: 'classification',
          fields,
          a: summary(la[i]!, text),
          b: summary(lb[j]!, text),
          overlap,
        });
      }
    }
    la.forEach((l, i) => {
      if (!pairedA.has(i))
        articleRows.push({ ...base, type: 'only-a', fields: [], a: summary(l, text), b: null });
    });
    lb.forEach((l, j) => {
      if (!pairedB.has(j))
        articleRows.push({ ...base, type: 'only-b', fields: [], a: null, b: summary(l, text) });
    });
    const at = (d: Disagreement): number => (d.a ?? d.b)!.start;
    disagreements.push(...articleRows.sort((x, y) => at(x) - at(y)));
  }

  const observed = (pairs: [string, string][]): number | null =>
    ratio(pairs.filter(([x, y]) => x === y).length, pairs.length);
  return {
    analystA: A.analyst,
    analystB: B.analyst,
    articles,
    minJaccard,
    spans: {
      a: spansA,
      b: spansB,
      matched,
      precision: ratio(matched, spansB),
      recall: ratio(matched, spansA),
      f1: ratio(2 * matched, spansA + spansB),
      unanchored,
    },
    kind: { n: kindPairs.length, observed: observed(kindPairs), kappa: cohenKappa(kindPairs) },
    stance: { n: stancePairs.length, observed: observed(stancePairs), kappa: cohenKappa(stancePairs) },
    credibility: {
      n: credUnits.filter((u) => u[0] !== null && u[1] !== null).length,
      alpha: krippendorffAlpha(credUnits, 'ordinal'),
      metric: 'ordinal',
    },
    disagreements,
  };
}
