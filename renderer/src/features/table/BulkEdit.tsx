import { useState } from 'react';
import { ANNOTATION_KINDS, STANCES, type AnnotationKind, type Stance } from '../../../../core/model';
import { db } from '../../db';
import { ensureTags, updateAnnotations, type AnnotationPatch } from '../../db/annotations';
import { useGloss } from '../../store';
import { parseTags } from './table-view';

/**
 * Changes the kind, stance or tags of the selected annotations, as one undoable step. Always
 * shown (disabled without a selection) so that selecting a row never moves the rows.
 */
export function BulkEdit({ ids, onDone }: { ids: string[]; onDone(): void }) {
  const notify = useGloss((s) => s.notify);
  const [tags, setTags] = useState('');
  const n = ids.length;
  const noun = `${n.toLocaleString()} annotation${n === 1 ? '' : 's'}`;

  const apply = async (patch: AnnotationPatch, what: string) => {
    try {
      if (patch.tags) await ensureTags(db, patch.tags);
      const changed = await updateAnnotations(db, ids, patch, `${what} of ${noun}`);
      notify('success', `${what}: ${changed.length.toLocaleString()} of ${noun} changed (Ctrl+Z undoes it)`);
    } catch (err) {
      notify('error', `The annotations could not be changed: ${String(err)}`);
    }
  };

  const none = n === 0;
  return (
    <div className="bulk-edit" role="group" aria-label="Edit selected annotations">
      <span className="bulk-count">{none ? 'Select rows to edit them together' : `${noun} selected`}</span>
      <label>
        Kind
        <select
          aria-label="Set kind of selected"
          disabled={none}
          value=""
          onChange={(e) => void apply({ kind: e.target.value as AnnotationKind }, 'Set kind')}
        >
          <option value="">Set…</option>
          {ANNOTATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        Stance
        <select
          aria-label="Set stance of selected"
          disabled={none}
          value=""
          onChange={(e) =>
            void apply(
              { stance: e.target.value === 'none' ? null : (e.target.value as Stance) },
              'Set stance',
            )
          }
        >
          <option value="">Set…</option>
          {STANCES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          <option value="none">none</option>
        </select>
      </label>
      <form
        className="bulk-tags"
        onSubmit={(e) => {
          e.preventDefault();
          void apply({ tags: parseTags(tags) }, 'Set tags').then(() => setTags(''));
        }}
      >
        <input
          aria-label="Tags for selected (comma-separated; replaces their tags)"
          placeholder="tag, tag…"
          disabled={none}
          value={tags}
          onChange={(e) => setTags(e.target.value)}
        />
        <button type="submit" className="small" disabled={none}>
          Set tags
        </button>
      </form>
      <button type="button" className="small" disabled={none} onClick={onDone}>
        Clear selection
      </button>
    </div>
  );
}
