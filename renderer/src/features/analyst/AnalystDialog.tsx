import { useState } from 'react';
import type { Analyst } from '../../../../core/model';
import { db } from '../../db';
import { Dialog } from '../import/Dialog';
import { analystNameProblem, MAX_ANALYST_NAME, saveAnalystName } from './analyst';

/**
 * Asks who the analyst is: once on first run (the name is required and the dialog cannot be
 * dismissed without one) and again whenever they want to change it.
 */
export function AnalystDialog({
  mode,
  current,
  onDone,
}: {
  mode: 'first-run' | 'change';
  current: Analyst | null;
  onDone: (analyst: Analyst | null) => void;
}) {
  const [name, setName] = useState(current?.name ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const firstRun = mode === 'first-run';

  const submit = async () => {
    const problem = analystNameProblem(name);
    if (problem) {
      setError(problem);
      return;
    }
    setSaving(true);
    try {
      onDone(await saveAnalystName(db, name));
    } catch (err) {
      setError((err as Error).message);
      setSaving(false);
    }
  };

  return (
    <Dialog
      title={firstRun ? 'Welcome to Gloss' : 'Analyst'}
      subtitle={
        firstRun
          ? 'Who is annotating? Your name is stamped on every annotation, so colleagues can tell whose work they merge.'
          : 'Your name on new annotations and in the project files you save.'
      }
      className="analyst-dialog"
      // The first-run question must be answered: it has no × and Escape keeps it open.
      closable={!firstRun}
      onClose={() => onDone(null)}
      footer={
        <>
          {!firstRun && (
            <button type="button" onClick={() => onDone(null)}>
              Cancel
            </button>
          )}
          <button type="submit" form="analyst-form" className="primary" disabled={saving}>
            {firstRun ? 'Start' : 'Save'}
          </button>
        </>
      }
    >
      <form
        id="analyst-form"
        className="analyst-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label htmlFor="analyst-name">Your name</label>
        <input
          id="analyst-name"
          data-autofocus
          value={name}
          maxLength={MAX_ANALYST_NAME}
          autoComplete="name"
          aria-invalid={error !== null}
          aria-describedby={error ? 'analyst-name-error' : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
        {error && (
          <p id="analyst-name-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        {current?.id && (
          <p className="modal-hint">
            Analyst id <code>{current.id}</code> stays the same when you change your name.
          </p>
        )}
      </form>
    </Dialog>
  );
}
