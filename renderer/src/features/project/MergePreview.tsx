import { useMemo, useState } from 'react';
import { conflictKeys, resolveAll, type ConflictResolution } from '../../../../core/merge';
import type { Stamp } from '../../../../core/model';
import { useGloss } from '../../store';
import type { ProjectDialog } from '../../store/project-slice';
import { Dialog } from '../import/Dialog';
import { phaseLabel, undoLastMerge } from './actions';
import { markBackupNeeded } from './backups';
import { mergeWithBackup } from './merge-undo';
import { AnnotationCard, AnnotationLine, DETAIL_LABELS, nameOf, quoteOf } from './annotation-view';
import { formatDateTime } from '../../app/dates';

const RESOLUTIONS: { value: ConflictResolution; label: string }[] = [
  { value: 'mine', label: 'Keep mine' },
  { value: 'theirs', label: 'Keep theirs' },
  { value: 'both', label: 'Keep both' },
];

const stampText = (s: Stamp | null) =>
  s ? `edited by ${nameOf(s.by)}, ${formatDateTime(s.at)}` : 'as imported';

/** Keep mine or keep theirs, for a conflict that cannot keep both (article details, a grade). */
const TWO_WAYS = RESOLUTIONS.filter((r) => r.value !== 'both');

function Choice({
  name,
  label,
  value,
  options,
  onChange,
}: {
  name: string;
  label: string;
  value: ConflictResolution | undefined;
  options: typeof RESOLUTIONS;
  onChange: (r: ConflictResolution) => void;
}) {
  return (
    <div role="radiogroup" aria-label={label} className="button-row">
      {options.map((r) => (
        <label key={r.value} className={`choice ${value === r.value ? 'chosen' : ''}`}>
          <input
            type="radio"
            name={name}
            value={r.value}
            checked={value === r.value}
            onChange={() => onChange(r.value)}
          />
          {r.label}
        </label>
      ))}
    </div>
  );
}

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
  const { fileName, theirs, plan, expected } = dialog;
  const [choices, setChoices] = useState<Record<string, ConflictResolution>>({});
  const [merging, setMerging] = useState(false);
  const titles = useMemo(() => {
    const m = new Map<string, string>();
    for (const [id, title] of dialog.titles) m.set(id, title);
    for (const a of plan.newArticles) m.set(a.id, a.title);
    return m;
  }, [dialog.titles, plan]);
  const newCount = plan.newAnnotations.reduce((n, g) => n + g.annotations.length, 0);
  const grades = plan.sourceGrades.added.length + plan.sourceGrades.updated.length;
  const keys = conflictKeys(plan);
  const nothing =
    plan.newArticles.length +
      newCount +
      plan.updated.length +
      plan.deleted.length +
      keys.length +
      grades +
      plan.articleDetails.updated.length +
      plan.tags.added.length +
      plan.sets.added.length ===
    0;
  const resolved = keys.filter((k) => choices[k]).length;
  const ready = resolved === keys.length;
  const choose = (key: string) => (r: ConflictResolution) => setChoices((prev) => ({ ...prev, [key]: r }));
  const who = plan.theirs.analyst.name || plan.theirs.analyst.id;

  const merge = async () => {
    setMerging(true);
    const { notify, setProjectBusy } = useGloss.getState();
    try {
      // Backed up first, then applied in the project worker through its own guarded connection
      // (the change feed tells the views); refused there when the library changed since this
      // preview.
      const { written, undoable } = await mergeWithBackup(
        fileName,
        theirs,
        expected,
        choices,
        setProjectBusy,
        phaseLabel('Merging…'),
      );
      markBackupNeeded();
      onClose();
      const changes = written.articles + written.annotations + written.sourceGrades + written.tags;
      if (nothing || changes === 0) {
        notify('success', `Merged “${fileName}”: nothing new, the library is unchanged.`);
      } else {
        notify(
          'success',
          `Merged “${fileName}” from ${who}: ${changes} change${changes === 1 ? '' : 's'} — ${written.articles} new article${written.articles === 1 ? '' : 's'}, ${written.annotations} annotation${written.annotations === 1 ? '' : 's'} added or changed.`,
          undoable
            ? [
                'The library was backed up first: Undo (or Edit › Undo) puts it back as it was before the merge.',
              ]
            : [],
          undoable ? { label: 'Undo merge', run: () => void undoLastMerge() } : undefined,
        );
      }
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
          {keys.length > 0 && (
            <span className="footer-note" role="status">
              {resolved} of {keys.length} conflict{keys.length === 1 ? '' : 's'} resolved
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
        <Stat label="Conflicts" value={keys.length} tone="conflict" />
        <Stat label="Unchanged" value={plan.unchanged + plan.keptMine} />
      </div>
      {nothing && (
        <p className="empty-note">This file holds nothing your library lacks: merging it changes nothing.</p>
      )}

      {keys.length > 0 && (
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
                <AnnotationCard
                  label={`Mine (${nameOf(c.mine.updatedBy)})`}
                  annotation={c.mine}
                  other={c.theirs}
                />
                <AnnotationCard
                  label={`Theirs (${nameOf(c.theirs.updatedBy)})`}
                  annotation={c.theirs}
                  other={c.mine}
                />
              </div>
              <Choice
                name={`conflict-${c.id}`}
                label={`Resolve “${quoteOf(c.mine).slice(0, 60)}”`}
                value={choices[c.id]}
                options={RESOLUTIONS}
                onChange={choose(c.id)}
              />
            </fieldset>
          ))}
          {plan.articleDetails.conflicts.map((c) => (
            <fieldset key={c.key} className="conflict">
              <legend>
                Details of <strong>{titles.get(c.articleId) ?? c.mine.title}</strong>
              </legend>
              <div className="side-by-side">
                {(
                  [
                    ['Mine', c.mine, c.theirs, c.mineStamp],
                    ['Theirs', c.theirs, c.mine, c.theirsStamp],
                  ] as const
                ).map(([label, side, other, stamp]) => (
                  <div key={label} className="annotation-card">
                    <h4>
                      {label} ({stampText(stamp)})
                    </h4>
                    <dl>
                      {(Object.keys(DETAIL_LABELS) as (keyof typeof DETAIL_LABELS)[]).map((k) => (
                        <div key={k} className={side[k] !== other[k] ? 'differs' : undefined}>
                          <dt>{DETAIL_LABELS[k]}</dt>
                          <dd>{side[k] || '—'}</dd>
                        </div>
                      ))}
                    </dl>
                  </div>
                ))}
              </div>
              <Choice
                name={`conflict-${c.key}`}
                label={`Resolve the details of “${c.mine.title.slice(0, 60)}”`}
                value={choices[c.key]}
                options={TWO_WAYS}
                onChange={choose(c.key)}
              />
            </fieldset>
          ))}
          {plan.sourceGrades.conflicts.map((c) => (
            <fieldset key={c.key} className="conflict">
              <legend>
                Reliability of <strong>{c.mine.source}</strong>
              </legend>
              <p>
                Mine: <strong>{c.mine.reliability}</strong> (graded by {nameOf(c.mine.updatedBy)},{' '}
                {formatDateTime(c.mine.updatedAt)}) · Theirs: <strong>{c.theirs.reliability}</strong> (graded
                by {nameOf(c.theirs.updatedBy)}, {formatDateTime(c.theirs.updatedAt)})
              </p>
              <Choice
                name={`conflict-${c.key}`}
                label={`Resolve the grade of ${c.mine.source}`}
                value={choices[c.key]}
                options={TWO_WAYS}
                onChange={choose(c.key)}
              />
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
          <h3 id="merge-updated">Updated</h3>
          <ul className="merge-list">
            {plan.updated.map((u) => (
              <li key={u.mine.id}>
                <AnnotationLine annotation={u.theirs} article={titles.get(u.mine.articleId)} />
                <span className="muted"> — changed by {nameOf(u.theirs.updatedBy)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {plan.articleDetails.updated.length > 0 && (
        <section aria-labelledby="merge-details">
          <h3 id="merge-details">Article details corrected</h3>
          <ul className="merge-list">
            {plan.articleDetails.updated.map((u) => (
              <li key={u.articleId}>
                <strong>{u.mine.title}</strong>:{' '}
                {(Object.keys(DETAIL_LABELS) as (keyof typeof DETAIL_LABELS)[])
                  .filter((k) => u.mine[k] !== u.theirs[k])
                  .map((k) => `${DETAIL_LABELS[k]} “${u.mine[k] || '—'}” → “${u.theirs[k] || '—'}”`)
                  .join('; ')}
                <span className="muted"> — {stampText(u.theirsStamp)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {plan.deleted.length > 0 && (
        <section aria-labelledby="merge-deleted">
          <h3 id="merge-deleted">Deleted</h3>
          <ul className="merge-list">
            {plan.deleted.map((u) => (
              <li key={u.mine.id}>
                <AnnotationLine annotation={u.mine} article={titles.get(u.mine.articleId)} />
                <span className="muted"> — deleted by {nameOf(u.theirs.updatedBy)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {(grades > 0 ||
        plan.tags.added.length > 0 ||
        plan.sets.added.length > 0 ||
        plan.orphaned.length > 0 ||
        plan.partial) && (
        <section aria-labelledby="merge-other">
          <h3 id="merge-other">Also</h3>
          <ul className="merge-list">
            {plan.sourceGrades.added.map((g) => (
              <li key={`add-${g.source}`}>
                New grade: {g.source} <strong>{g.reliability}</strong>{' '}
                <span className="muted">— graded by {nameOf(g.updatedBy)}</span>
              </li>
            ))}
            {plan.sourceGrades.updated.map((u) => (
              <li key={`upd-${u.theirs.source}`}>
                Grade of {u.theirs.source}: {u.mine.reliability} → <strong>{u.theirs.reliability}</strong>{' '}
                <span className="muted">— graded by {nameOf(u.theirs.updatedBy)}</span>
              </li>
            ))}
            {plan.tags.added.length > 0 && <li>New tags: {plan.tags.added.map((t) => t.name).join(', ')}</li>}
            {plan.sets.added.map((set) => {
              const renamed = plan.sets.renamed.find((r) => r.id === set.id);
              return (
                <li key={set.id}>
                  New set: <strong>{set.name}</strong>
                  {renamed && (
                    <span className="muted"> (theirs is named “{renamed.from}”, which you use already)</span>
                  )}
                </li>
              );
            })}
            {plan.partial && (
              <li>This file holds one set only: merging it does not count as a full exchange with {who}.</li>
            )}
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
