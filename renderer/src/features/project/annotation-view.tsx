import type { Annotation } from '../../../../core/model';
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

/** The fields of an annotation a merge can disagree on, as short labelled values. */
export function annotationFields(a: Annotation): [string, string][] {
  return [
    ['Kind', KIND_LABEL[a.kind]],
    ['Stance', a.stance ?? '—'],
    ['Credibility', a.credibility === null ? '—' : String(a.credibility)],
    ['Attributed to', a.attribution || '—'],
    ['Tags', a.tags.length ? a.tags.join(', ') : '—'],
    ['Note', a.note || '—'],
    ['State', a.deletedAt ? `deleted ${formatDateTime(a.deletedAt)}` : 'live'],
    ['Author', a.author.name || a.author.id],
    ['Last changed', formatDateTime(a.updatedAt)],
  ];
}

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
