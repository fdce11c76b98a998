import { useMemo, useState } from 'react';
import { resolveAll, type ConflictResolution } from '../../../../core/merge';
import { db } from '../../db';
import { applyMergeToStore } from '../../db/project-data';
import { useGloss } from '../../store';
import type { ProjectDialog } from '../../store/project-slice';
import { Dialog } from '../import/Dialog';
import { markBackupNeeded } from './backups';
import { AnnotationCard, AnnotationLine, quoteOf } from './annotation-view';
import { formatDateTime } from '../../app/dates';

const RESOLUTIONS: { value: ConflictResolution; label: string }[] = [
  { value: 'mine', label: 'Keep mine' },
  { value: 'theirs', label: 'Keep theirs' },
  { value: 'both', label: 'Keep both' },
];

function Stat({ label, value, tone }: { label: string; value: number; tone?: string }) {
  return (
    <div className={`stat ${tone && value > 0 ? `stat-${tone}` : ''}`}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

/**
 * The merge preview: everything merging the colleague's file would change, by kind, and each
 * conflict side by side with its choice (keep mine, keep theirs, keep both; or one choice for
 * all). Merging applies it all in one transaction.
 */
export function MergePreview({
  dialog,
  onClose,
}: {
  dialog: Extract<ProjectDialog, { kind: 'merge' }>;
  onClose: () => void;
}) {
  const { fileName, mine, theirs, plan } = dialog;
  const [choices, setChoices] = useState<Record<string, ConflictResolution>>({});
  const [merging, setMerging] = useState(false);
  const titles = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of [...mine.articles, ...plan.newArticles]) m.set(a.id, a.title);
    return m;
  }, [mine, plan]);
  const newCount = plan.newAnnotations.reduce((n, g) => n + g.annotations.length, 0);
  const grades = plan.sourceGrades.added.length + plan.sourceGrades.updated.length;
  const nothing =
    plan.newArticles.length +
      newCount +
      plan.updated.length +
      plan.deleted.length +
      plan.conflicts.length +
      grades +
      plan.tags.added.length ===
    0;
  const resolved = plan.conflicts.filter((c) => choices[c.id]).length;
  const ready = resolved === plan.conflicts.length;
  const who = plan.theirs.analyst.name || plan.theirs.analyst.id;

  const merge = async () => {
    setMerging(true);
    const { notify, setProjectBusy } = useGloss.getState();
    setProjectBusy('Merging…');
    try {
      const written = await applyMergeToStore(db, mine, theirs, plan, choices);
      markBackupNeeded();
      onClose();
      notify(
        'success',
        nothing
          ? `Merged “${fileName}”: nothing new, the library is unchanged.`
          : `Merged “${fileName}” from ${who}: ${written.articles} new article${written.articles === 1 ? '' : 's'}, ${written.annotations} annotation${written.annotations === 1 ? '' : 's'} added or changed.`,
      );
    } catch (err) {
      notify('error', `“${fileName}” could not be merged; the library is unchanged.`, [
        (err as Error).message,
      ]);
      setMerging(false);
    } finally {
      setProjectBusy(null);
    }
  };

  return (
    <Dialog
      title="Merge preview"
      subtitle={
        <>
          “{fileName}” from <strong>{who}</strong>, saved {formatDateTime(plan.theirs.savedAt)}. Nothing
          changes until you merge.
        </>
      }
      onClose={onClose}
      className="project-dialog merge-preview"
      footer={
        <>
          {plan.conflicts.length > 0 && (
            <span className="footer-note" role="status">
              {resolved} of {plan.conflicts.length} conflict{plan.conflicts.length === 1 ? '' : 's'} resolved
            </span>
          )}
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!ready || merging} onClick={() => void merge()}>
            {nothing ? 'Done' : 'Merge'}
          </button>
        </>
      }
    >
      <div className="stats" aria-label="Summary">
        <Stat label="New articles" value={plan.newArticles.length} tone="add" />
        <Stat label="New annotations" value={newCount} tone="add" />
        <Stat label="Updated" value={plan.updated.length} tone="change" />
        <Stat label="Deleted" value={plan.deleted.length} tone="remove" />
        <Stat label="Conflicts" value={plan.conflicts.length} tone="conflict" />
        <Stat label="Unchanged" value={plan.unchanged + plan.keptMine} />
      </div>
      {nothing && (
        <p className="empty-note">This file holds nothing your library lacks: merging it changes nothing.</p>
      )}

      {plan.conflicts.length > 0 && (
        <section aria-labelledby="merge-conflicts">
          <div className="section-head">
            <h3 id="merge-conflicts">Conflicts — changed on both sides</h3>
            <div role="group" aria-label="Resolve all conflicts" className="button-row">
              {RESOLUTIONS.map((r) => (
                <button key={r.value} type="button" onClick={() => setChoices(resolveAll(plan, r.value))}>
                  {r.label} for all
                </button>
              ))}
            </div>
          </div>
          {plan.conflicts.map((c) => (
            <fieldset key={c.id} className="conflict">
              <legend>
                <AnnotationLine annotation={c.mine} article={titles.get(c.mine.articleId)} />
              </legend>
              <div className="side-by-side">
                <AnnotationCard label="Mine" annotation={c.mine} other={c.theirs} />
                <AnnotationCard label={`Theirs (${who})`} annotation={c.theirs} other={c.mine} />
              </div>
              <div
                role="radiogroup"
                aria-label={`Resolve “${quoteOf(c.mine).slice(0, 60)}”`}
                className="button-row"
              >
                {RESOLUTIONS.map((r) => (
                  <label key={r.value} className={`choice ${choices[c.id] === r.value ? 'chosen' : ''}`}>
                    <input
                      type="radio"
                      name={`conflict-${c.id}`}
                      value={r.value}
                      checked={choices[c.id] === r.value}
                      onChange={() => setChoices((prev) => ({ ...prev, [c.id]: r.value }))}
                    />
                    {r.label}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
        </section>
      )}

      {plan.newArticles.length > 0 && (
        <section aria-labelledby="merge-articles">
          <h3 id="merge-articles">New articles</h3>
          <ul className="merge-list">
            {plan.newArticles.map((a) => (
              <li key={a.id}>
                <strong>{a.title}</strong>
                {a.source && <span className="muted"> — {a.source}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {plan.newAnnotations.map((g) => (
        <section key={g.author.id} aria-label={`New annotations by ${g.author.name || g.author.id}`}>
          <h3>
            New annotations by {g.author.name || g.author.id}{' '}
            <span className="count">{g.annotations.length}</span>
          </h3>
          <ul className="merge-list">
            {g.annotations.map((a) => (
              <li key={a.id}>
                <AnnotationLine annotation={a} article={titles.get(a.articleId)} />
                {a.deletedAt && <span className="muted"> (deleted)</span>}
              </li>
            ))}
          </ul>
        </section>
      ))}

      {plan.updated.length > 0 && (
        <section aria-labelledby="merge-updated">
          <h3 id="merge-updated">Updated by {who}</h3>
          <ul className="merge-list">
            {plan.updated.map((u) => (
              <li key={u.mine.id}>
                <AnnotationLine annotation={u.theirs} article={titles.get(u.mine.articleId)} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {plan.deleted.length > 0 && (
        <section aria-labelledby="merge-deleted">
          <h3 id="merge-deleted">Deleted by {who}</h3>
          <ul className="merge-list">
            {plan.deleted.map((u) => (
              <li key={u.mine.id}>
                <AnnotationLine annotation={u.mine} article={titles.get(u.mine.articleId)} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {(grades > 0 || plan.tags.added.length > 0 || plan.orphaned.length > 0) && (
        <section aria-labelledby="merge-other">
          <h3 id="merge-other">Also</h3>
          <ul className="merge-list">
            {grades > 0 && (
              <li>
                {grades} source grade{grades === 1 ? '' : 's'} added or updated
              </li>
            )}
            {plan.tags.added.length > 0 && <li>New tags: {plan.tags.added.map((t) => t.name).join(', ')}</li>}
            {plan.orphaned.length > 0 && (
              <li>
                {plan.orphaned.length} annotation{plan.orphaned.length === 1 ? '' : 's'} could not be found in
                your version of the text and are kept as they are
              </li>
            )}
          </ul>
        </section>
      )}
    </Dialog>
  );
}
