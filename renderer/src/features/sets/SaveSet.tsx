import { useState } from 'react';
import { db } from '../../db';
import type { AnnotationFilter } from '../../../../core/model';
import { saveSet, SetError } from '../../db/sets';
import { useGloss } from '../../store';

/**
 * Saves the table's current filter as a named dynamic set, or pins the selected annotations
 * into a static one. The name is asked for in place; Enter saves, Escape cancels.
 */
export function SaveSet({ filter, selectedIds }: { filter: AnnotationFilter; selectedIds: string[] }) {
  const notify = useGloss((s) => s.notify);
  const [mode, setMode] = useState<'filter' | 'pinned' | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState('');

  const close = () => {
    setMode(null);
    setName('');
    setError('');
  };

  const save = async () => {
    if (!mode) return;
    try {
      const set = await saveSet(
        db,
        mode === 'filter'
          ? { type: 'filter', name, filter }
          : { type: 'pinned', name, annotationIds: selectedIds },
      );
      notify('success', `Saved the set “${set.name}”`);
      close();
    } catch (err) {
      setError(err instanceof SetError ? err.message : `The set could not be saved: ${String(err)}`);
    }
  };

  if (!mode) {
    return (
      <span className="save-set">
        <button type="button" className="small" onClick={() => setMode('filter')}>
          Save filter as set…
        </button>
        <button
          type="button"
          className="small"
          disabled={selectedIds.length === 0}
          title={selectedIds.length === 0 ? 'Select annotations to pin them' : undefined}
          onClick={() => setMode('pinned')}
        >
          Pin selected to set…
        </button>
      </span>
    );
  }
  return (
    <form
      className="save-set"
      aria-label={mode === 'filter' ? 'Save filter as set' : 'Pin selected to set'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        autoFocus
        aria-label="Set name"
        placeholder={mode === 'filter' ? 'Name of the saved filter' : `Name for ${selectedIds.length} pinned`}
        value={name}
        aria-invalid={!!error}
        aria-describedby={error ? 'save-set-error' : undefined}
        onChange={(e) => {
          setName(e.target.value);
          setError('');
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      />
      <button type="submit" className="small primary">
        Save set
      </button>
      <button type="button" className="small" onClick={close}>
        Cancel
      </button>
      {error && (
        <span id="save-set-error" className="set-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
