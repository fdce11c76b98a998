import { useEffect, useMemo, useState } from 'react';
import { agreement, type Disagreement, type SpanSummary } from '../../../../core/agreement';
import type { Analyst } from '../../../../core/model';
import type { ProjectDocument } from '../../../../core/project';
import { Dialog } from '../import/Dialog';
import { currentProject } from './actions';
import { Quote } from '../../app/Quote';
import { runCommand } from '../../platform/gloss';

const num = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);

/** The analysts who made live annotations in the library, the most prolific first. */
function authorsOf(doc: ProjectDocument): (Analyst & { count: number })[] {
  const m = new Map<string, Analyst & { count: number }>();
  for (const a of doc.annotations) {
    if (a.deletedAt) continue;
    const e = m.get(a.author.id) ?? { ...a.author, count: 0 };
    e.count++;
    m.set(a.author.id, e);
  }
  return [...m.values()].sort((x, y) => y.count - x.count || x.name.localeCompare(y.name));
}

function Metric({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div className="metric">
      <span className="metric-label">{label}</span>
      <span className="metric-value">{value}</span>
      <span className="metric-detail">{detail}</span>
    </div>
  );
}

function Side({ s }: { s: SpanSummary | null }) {
  if (!s) return <td className="absent">not marked</td>;
  return (
    <td>
      <Quote text={s.quote} />
      <div className="muted">
        {s.kind} · {s.stance ?? 'no stance'} · credibility {s.credibility ?? '—'}
      </div>
    </td>
  );
}

const TYPE_LABEL: Record<Disagreement['type'], string> = {
  'only-a': 'Only A marked it',
  'only-b': 'Only B marked it',
  classification: 'Classified differently',
};

/**
 * The agreement report between two analysts whose annotations the library holds (after a
 * merge): span F1, Cohen's kappa for kind and stance, Krippendorff's alpha for credibility, and
 * every disagreement side by side.
 */
export function AgreementView({ onClose }: { onClose: () => void }) {
  const [doc, setDoc] = useState<ProjectDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pair, setPair] = useState<[string, string] | null>(null);
  useEffect(() => {
    currentProject().then(setDoc, (err: Error) => setError(err.message));
  }, []);
  const authors = useMemo(() => (doc ? authorsOf(doc) : []), [doc]);
  // By default A is this profile's analyst (when they annotated) and B the most prolific other.
  const own =
    doc && authors.some((x) => x.id === doc.envelope.analyst.id) ? doc.envelope.analyst.id : authors[0]?.id;
  const [a, b] = pair ?? [own ?? '', authors.find((x) => x.id !== own)?.id ?? ''];
  const report = useMemo(
    () => (doc && a && b && a !== b ? agreement(doc, doc, { analystA: a, analystB: b }) : null),
    [doc, a, b],
  );
  const name = (id: string) => authors.find((x) => x.id === id)?.name || id;

  const picker = (label: string, value: string, index: 0 | 1) => (
    <label className="inline-field">
      {label}
      <select
        value={value}
        onChange={(e) => setPair(index === 0 ? [e.target.value, b] : [a, e.target.value])}
      >
        {authors.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name || x.id} ({x.count})
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Dialog
      title="Agreement report"
      subtitle="How far two analysts agree on the articles both annotated."
      onClose={onClose}
      className={`project-dialog agreement-view${doc && authors.length < 2 ? ' nothing-to-compare' : ''}`}
      footer={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      {error && <p role="alert">{error}</p>}
      {!doc && !error && <p className="empty-note">Reading the library…</p>}
      {doc && authors.length < 2 && (
        <div className="empty-state" role="note">
          <p className="empty-title">Only one analyst’s annotations so far</p>
          <p>
            Agreement compares two analysts on the articles both annotated. Merge a colleague’s project to
            compare your work with theirs.
          </p>
          <button
            type="button"
            onClick={() => {
              onClose();
              runCommand('merge-project');
            }}
          >
            Import and Merge Project…
          </button>
        </div>
      )}
      {authors.length >= 2 && (
        <div className="button-row">
          {picker('Analyst A', a, 0)}
          {picker('Analyst B', b, 1)}
        </div>
      )}
      {a && a === b && <p className="empty-note">Choose two different analysts.</p>}
      {report && (
        <>
          <p className="muted">
            {report.articles} article{report.articles === 1 ? '' : 's'} annotated by both · spans match when
            they overlap by at least {pct(report.minJaccard)} (Jaccard)
            {report.spans.unanchored > 0 &&
              ` · ${report.spans.unanchored} annotations no longer anchor and are left out`}
          </p>
          <div className="metrics" aria-label="Agreement measures">
            <Metric
              label="Span F1"
              value={num(report.spans.f1)}
              detail={`${report.spans.matched} matched of ${report.spans.a} (A) and ${report.spans.b} (B); precision ${num(report.spans.precision)}, recall ${num(report.spans.recall)}`}
            />
            <Metric
              label="Kind — Cohen’s κ"
              value={num(report.kind.kappa)}
              detail={`${report.kind.n} matched passages, observed agreement ${pct(report.kind.observed)}`}
            />
            <Metric
              label="Stance — Cohen’s κ"
              value={num(report.stance.kappa)}
              detail={`${report.stance.n} passages where both gave a stance, observed ${pct(report.stance.observed)}`}
            />
            <Metric
              label="Credibility — Krippendorff’s α"
              value={num(report.credibility.alpha)}
              detail={`${report.credibility.n} passage${report.credibility.n === 1 ? '' : 's'}, ordinal (6 “cannot be judged” counts as missing)`}
            />
          </div>
          <h3>
            Disagreements <span className="count">{report.disagreements.length}</span>
          </h3>
          {report.disagreements.length === 0 ? (
            <p className="empty-note">The two analysts agree on every passage.</p>
          ) : (
            <table className="disagreements">
              <caption className="visually-hidden">Disagreements side by side</caption>
              <thead>
                <tr>
                  <th scope="col">Article</th>
                  <th scope="col">What differs</th>
                  <th scope="col">A — {name(a)}</th>
                  <th scope="col">B — {name(b)}</th>
                </tr>
              </thead>
              <tbody>
                {report.disagreements.map((d, i) => (
                  <tr key={i}>
                    <td>{d.articleTitle}</td>
                    <td>
                      {TYPE_LABEL[d.type]}
                      {d.fields.length > 0 && <div className="muted">{d.fields.join(', ')}</div>}
                    </td>
                    <Side s={d.a} />
                    <Side s={d.b} />
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Dialog>
  );
}
