import { RELIABILITY_GRADES, RELIABILITY_LABELS, CREDIBILITY_LABELS } from '../../../../core/model';
import { useGloss } from '../../store';

/** The right-hand pane: the open article's annotations, and the vocabulary they use. */
export function AnnotationsPane() {
  const selectedId = useGloss((s) => s.selectedArticleId);
  return (
    <section className="pane annotations" aria-label="Annotations">
      <header className="pane-header">
        <h2>Annotations</h2>
      </header>
      <div className="empty-state" role="note">
        {selectedId ? (
          <>
            <p className="empty-title">No annotations on this article</p>
            <p>Passages you mark in this article will be listed here in reading order.</p>
          </>
        ) : (
          <>
            <p className="empty-title">Nothing selected</p>
            <p>Open an article to see its annotations.</p>
          </>
        )}
      </div>
      <details className="legend" open>
        <summary>Vocabulary</summary>
        <dl>
          <dt>
            <span className="swatch kind-claim" /> Claim
          </dt>
          <dd>Something a person or outlet asserts.</dd>
          <dt>
            <span className="swatch kind-assessment" /> Assessment
          </dt>
          <dd>An analytic judgement.</dd>
          <dt>
            <span className="swatch kind-figure" /> Figure
          </dt>
          <dd>A number: money, area, casualties…</dd>
        </dl>
        <h3>Source reliability</h3>
        <ul className="grades">
          {RELIABILITY_GRADES.map((g) => (
            <li key={g}>
              <b>{g}</b> {RELIABILITY_LABELS[g]}
            </li>
          ))}
        </ul>
        <h3>Information credibility</h3>
        <ul className="grades">
          {([1, 2, 3, 4, 5, 6] as const).map((c) => (
            <li key={c}>
              <b>{c}</b> {CREDIBILITY_LABELS[c]}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
