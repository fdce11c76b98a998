import type { Annotation } from '../../../../core/model';

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
    ['State', a.deletedAt ? `deleted ${a.deletedAt.slice(0, 16).replace('T', ' ')}` : 'live'],
    ['Author', a.author.name || a.author.id],
    ['Last changed', `${a.updatedAt.slice(0, 16).replace('T', ' ')} UTC`],
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
