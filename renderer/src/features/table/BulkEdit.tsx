import { useState } from 'react';
import {
  ANNOTATION_KINDS,
  STANCES,
  type Annotation,
  type AnnotationKind,
  type Stance,
} from '../../../../core/model';
import { db } from '../../db';
import { ensureTags, updateAnnotations, type AnnotationPatch } from '../../db/annotations';
import { useGloss } from '../../store';
import { changeTags, parseTags } from './table-view';

/**
 * Changes the kind or stance of the selected annotations, or adds tags to theirs or removes
 * tags from them, as one undoable step. Always
 * shown (disabled without a selection) so that selecting a row never moves the rows.
 */
export function BulkEdit({ ids, onDone }: { ids: string[]; onDone(): void }) {
  const notify = useGloss((s) => s.notify);
  const [tags, setTags] = useState('');
  const n = ids.length;
  const noun = `${n.toLocaleString()} annotation${n === 1 ? '' : 's'}`;

  const apply = async (
    patch: AnnotationPatch | ((a: Annotation) => AnnotationPatch),
    what: string,
    newTags: string[] = [],
  ) => {
    try {
      if (newTags.length) await ensureTags(db, newTags);
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
          // Enter adds; the button pressed says which.
          const submitter = (e.nativeEvent as SubmitEvent).submitter;
          const mode = submitter?.getAttribute('value') === 'remove' ? 'remove' : 'add';
          const list = parseTags(tags);
          if (list.length === 0) return;
          void apply(
            (a) => ({ tags: changeTags(a.tags, list, mode) }),
            mode === 'add' ? `Add tags ${list.join(', ')}` : `Remove tags ${list.join(', ')}`,
            mode === 'add' ? list : [],
          ).then(() => setTags(''));
        }}
      >
        <input
          aria-label="Tags to add to or remove from the selected (comma-separated)"
          placeholder="tag, tag…"
          disabled={none}
          value={tags}
          onChange={(e) => setTags(e.target.value)}
        />
        <button type="submit" className="small" value="add" disabled={none || !tags.trim()}>
          Add tags
        </button>
        <button type="submit" className="small" value="remove" disabled={none || !tags.trim()}>
          Remove tags
        </button>
      </form>
      <button type="button" className="small" disabled={none} onClick={onDone}>
        Clear selection
      </button>
    </div>
  );
}
