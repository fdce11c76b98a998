import { judgementStamp, type Annotation, type JudgementField } from '../../../../core/model';

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
 * someone other than its author made last says whose it is ("4 (Bea Colleague)").
 */
export function annotationFields(a: Annotation): [string, string][] {
  const judged = (field: JudgementField, value: string): string => {
    const by = judgementStamp(a, field).by;
    return by.id === a.author.id ? value : `${value} (${nameOf(by)})`;
  };
  return [
    ['Kind', judged('kind', KIND_LABEL[a.kind])],
    ['Stance', judged('stance', a.stance ?? '—')],
    ['Credibility', judged('credibility', a.credibility === null ? '—' : String(a.credibility))],
    ['Attributed to', judged('attribution', a.attribution || '—')],
    ['Tags', judged('tags', a.tags.length ? a.tags.join(', ') : '—')],
    ['Note', judged('note', a.note || '—')],
    ['State', a.deletedAt ? `deleted ${a.deletedAt.slice(0, 16).replace('T', ' ')}` : 'live'],
    ['Created by', nameOf(a.author)],
    ['Last changed', `${a.updatedAt.slice(0, 16).replace('T', ' ')} UTC by ${nameOf(a.updatedBy)}`],
  ];
}

/** A kind badge and the quoted passage, on one line. */
export function AnnotationLine({ annotation, article }: { annotation: Annotation; article?: string }) {
  return (
    <span className="annotation-line">
      <span className={`kind-badge kind-${annotation.kind}`}>{KIND_LABEL[annotation.kind]}</span>
      <q>{quoteOf(annotation)}</q>
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
