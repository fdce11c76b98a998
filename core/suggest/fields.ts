import type { Annotation } from '../model';
import type { Suggestion } from './types';

/**
 * The fields an annotation made from a suggestion starts with: figures become figure
 * annotations with their value and unit; quotations and attributed statements claims by their
 * speaker (marked as a suggested attribution); assessment language an assessment; an opinion
 * cue a claim whose stance is opinion.
 */
export function annotationFields(s: Suggestion): Pick<
  Annotation,
  'kind' | 'stance' | 'attribution' | 'figure'
> & {
  attributionSource?: 'suggested';
} {
  const speaker = s.fields.speaker ?? '';
  const attributed = speaker
    ? { attribution: speaker, attributionSource: 'suggested' as const }
    : { attribution: '' };
  switch (s.type) {
    case 'figure':
      return {
        kind: 'figure',
        stance: null,
        attribution: '',
        figure: { value: s.fields.value ?? 0, unit: s.fields.unit ?? '' },
      };
    case 'assessment':
      return { kind: 'assessment', stance: null, attribution: '', figure: null };
    case 'opinion':
      return { kind: 'claim', stance: 'opinion', attribution: '', figure: null };
    default:
      return { kind: 'claim', stance: null, figure: null, ...attributed };
  }
}
