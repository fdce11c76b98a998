import {
  CREDIBILITY_LABELS,
  judgementStamp,
  type Annotation,
  type JudgementField,
} from '../../../../core/model';
import { Quote } from '../../app/Quote';
import { formatDateTime } from '../../app/dates';

/** The passage an annotation marks, from its quote selector. */
export function quoteOf(a: Annotation): string {
  for (const s of a.selectors) if (s.type === 'TextQuoteSelector') return s.exact;
  return '';
}

const KIND_LABEL: Record<Annotation['kind'], string> = {
  claim: 'Claim',
  assessment: 'Assessment',
  figure: 'Figure',
};

/** An analyst as people read them: the name, or the id when there is no name. */
export const nameOf = (a: { id: string; name: string }): string => a.name || a.id;

/**
 * The fields of an annotation a merge can disagree on, as short labelled values; a judgement
 * someone other than its author made last says whose it is ("4 — Doubtful (Bea Colleague)").
 */
export function annotationFields(a: Annotation): [string, string][] {
  const judged = (field: JudgementField, value: string): string => {
    const by = judgementStamp(a, field).by;
    return by.id === a.author.id ? value : `${value} (${nameOf(by)})`;
  };
  return [
    ['Kind', judged('kind', KIND_LABEL[a.kind])],
    ['Stance', judged('stance', a.stance ?? '—')],
    [
      'Credibility',
      judged(
        'credibility',
        a.credibility === null ? '—' : `${a.credibility} — ${CREDIBILITY_LABELS[a.credibility as 1]}`,
      ),
    ],
    ['Attributed to', judged('attribution', a.attribution || '—')],
    // A figure's value and unit; a claim or an assessment has none to show.
    ...(a.figure || a.kind === 'figure'
      ? [
          [
            'Figure',
            judged('figure', a.figure ? `${a.figure.value.toLocaleString()} ${a.figure.unit}`.trim() : '—'),
          ] as [string, string],
        ]
      : []),
    ['Tags', judged('tags', a.tags.length ? a.tags.join(', ') : '—')],
    ['Note', judged('note', a.note || '—')],
    ['State', a.deletedAt ? `deleted ${formatDateTime(a.deletedAt)}` : 'live'],
    ['Created by', nameOf(a.author)],
    ['Last changed', `${formatDateTime(a.updatedAt)} by ${nameOf(a.updatedBy)}`],
  ];
}

/** The label {@link annotationFields} gives a field of the record (`deletedAt` is its state). */
export const ANNOTATION_FIELD_LABELS: Partial<Record<keyof Annotation, string>> = {
  kind: 'Kind',
  stance: 'Stance',
  credibility: 'Credibility',
  attribution: 'Attributed to',
  figure: 'Figure',
  tags: 'Tags',
  note: 'Note',
  deletedAt: 'State',
};

/** An article's details as people read them (merge previews, sync conflicts). */
export const DETAIL_LABELS = {
  title: 'Title',
  source: 'Source',
  byline: 'Byline',
  publishedAt: 'Published',
  url: 'URL',
  language: 'Language',
} as const;

/** A kind badge and the quoted passage, on one line. */
export function AnnotationLine({ annotation, article }: { annotation: Annotation; article?: string }) {
  return (
    <span className="annotation-line">
      <span className={`kind-badge kind-${annotation.kind}`}>{KIND_LABEL[annotation.kind]}</span>
      <Quote text={quoteOf(annotation)} />
      {article && <span className="muted"> — {article}</span>}
    </span>
  );
}

/** One annotation's fields; those that differ from `other` are marked. */
export function AnnotationCard({
  label,
  annotation,
  other,
}: {
  label: string;
  annotation: Annotation;
  other: Annotation;
}) {
  const theirs = new Map(annotationFields(other));
  return (
    <div className="annotation-card">
      <h4>{label}</h4>
      <dl>
        {annotationFields(annotation).map(([k, v]) => (
          <div key={k} className={theirs.get(k) !== v ? 'differs' : undefined}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
