import type { Suggestion } from '../../../../core/suggest';
import { useGloss } from '../../store';
import type { Suggestions } from './use-suggestions';

const PLURAL: Record<Suggestion['type'], string> = {
  figure: 'figures',
  quotation: 'quotations',
  attribution: 'attributed statements',
  assessment: 'assessments',
  opinion: 'opinion cues',
};

/** "fr" → "French" in the interface's language (the code itself when it is not known). */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([navigator.language || 'en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The article header's suggestion controls: counts, Accept all figures, Suggest again, Hide. */
export function SuggestionBar({ data }: { data: Suggestions }) {
  const show = useGloss((s) => s.showSuggestions);
  const setShow = useGloss((s) => s.setShowSuggestions);
  const figures = data.visible.filter((s) => s.type === 'figure');
  const counts = (Object.keys(PLURAL) as Suggestion['type'][])
    .map((t) => [t, data.visible.filter((s) => s.type === t).length] as const)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${PLURAL[t]}`)
    .join(', ');
  return (
    <div className="suggestion-bar" role="group" aria-label="Suggestions">
      <span className="sg-count">
        {data.status === 'running'
          ? 'Finding suggestions…'
          : data.status === 'error'
            ? `Suggestions failed: ${data.error}`
            : data.otherLanguage
              ? `Suggestions read English text; this article is in ${languageName(data.otherLanguage)}.`
              : data.visible.length === 0
                ? 'No suggestions left.'
                : `Suggestions: ${counts}.`}
      </span>
      {show && figures.length > 0 && (
        <button type="button" onClick={() => void data.accept(figures)}>
          Accept all figures ({figures.length})
        </button>
      )}
      <button type="button" onClick={data.rerun} disabled={data.status === 'running'}>
        Suggest again
      </button>
      {data.rejectedCount > 0 && (
        <button type="button" onClick={() => void data.restoreRejected()}>
          Show rejected ({data.rejectedCount})
        </button>
      )}
      <button type="button" aria-pressed={!show} onClick={() => setShow(!show)} title="H">
        {show ? 'Hide suggestions' : 'Show suggestions'}
      </button>
    </div>
  );
}
