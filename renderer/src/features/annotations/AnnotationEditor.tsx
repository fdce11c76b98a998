import { useStoreQuery } from '../../app/use-store-query';
import { useEffect, useRef, useState } from 'react';
import {
  ANNOTATION_KINDS,
  CREDIBILITY_LABELS,
  type Annotation,
  type AnnotationKind,
  type Article,
  type Stance,
} from '../../../../core/model';
import { db } from '../../db';
import { useGloss } from '../../store';
import { editAnnotation, reattach, removeAnnotation } from './actions';
import type { Anchored } from './anchored';

/** A text field that saves when it loses focus (or on Ctrl/Cmd+Enter), not on every key. */
function useDraft(value: string, save: (v: string) => void) {
  const [draft, setDraft] = useState(value);
  // A new stored value (after undo, or another edit) replaces the draft.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setDraft(value);
  }
  return {
    value: draft,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: () => {
      if (draft !== value) save(draft);
    },
    onKeyDown: (e: React.KeyboardEvent<HTMLElement>) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey || e.currentTarget.tagName === 'INPUT')) {
        e.preventDefault();
        (e.currentTarget as HTMLElement).blur();
      } else if (e.key === 'Escape') {
        setDraft(value);
        (e.currentTarget as HTMLElement).blur();
      }
    },
  };
}

function TagsField({ annotation }: { annotation: Annotation }) {
  const vocabulary = useStoreQuery(() => db.tags.toArray(), [], ['tags']) ?? [];
  const colours = new Map(vocabulary.map((t) => [t.name, t.color]));
  const [draft, setDraft] = useState('');
  const focusField = useGloss((s) => s.focusField);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusField === 'tags') {
      ref.current?.focus();
      useGloss.getState().requestFocus(null);
    }
  }, [focusField]);
  const add = () => {
    const names = draft
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t && !annotation.tags.includes(t));
    setDraft('');
    if (names.length) void editAnnotation(annotation, { tags: [...annotation.tags, ...names] }, 'Add tag');
  };
  return (
    <div className="field">
      <label htmlFor={`tags-${annotation.id}`}>Tags</label>
      <ul className="tag-list" aria-label="Tags of this annotation">
        {annotation.tags.map((t) => (
          <li key={t} className="tag" style={{ borderColor: colours.get(t), color: colours.get(t) }}>
            {t}
            <button
              type="button"
              aria-label={`Remove tag ${t}`}
              onClick={() =>
                void editAnnotation(
                  annotation,
                  { tags: annotation.tags.filter((x) => x !== t) },
                  'Remove tag',
                )
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={`tags-${annotation.id}`}
        ref={ref}
        list="gloss-tag-vocabulary"
        placeholder="Add a tag, then Enter"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add();
          } else if (e.key === 'Escape') e.currentTarget.blur();
        }}
        onBlur={add}
      />
      <datalist id="gloss-tag-vocabulary">
        {vocabulary.map((t) => (
          <option key={t.name} value={t.name} />
        ))}
      </datalist>
    </div>
  );
}

/** Every editable field of the selected annotation. */
export function AnnotationEditor({ article, item }: { article: Article; item: Anchored }) {
  const a = item.annotation;
  const pending = useGloss((s) => s.pendingSelection);
  const focusField = useGloss((s) => s.focusField);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const note = useDraft(a.note, (note) => void editAnnotation(a, { note }, 'Edit note'));
  const attribution = useDraft(
    a.attribution,
    (attribution) => void editAnnotation(a, { attribution }, 'Edit attribution'),
  );
  const value = useDraft(a.figure ? String(a.figure.value) : '', (v) => {
    const n = Number(v.replace(/[,\s]/g, ''));
    if (v.trim() === '') void editAnnotation(a, { figure: null }, 'Edit figure');
    else if (Number.isFinite(n))
      void editAnnotation(a, { figure: { value: n, unit: a.figure?.unit ?? '' } }, 'Edit figure');
  });
  const unit = useDraft(
    a.figure?.unit ?? '',
    (u) => void editAnnotation(a, { figure: { value: a.figure?.value ?? 0, unit: u } }, 'Edit figure'),
  );

  useEffect(() => {
    if (focusField === 'note') {
      noteRef.current?.focus();
      useGloss.getState().requestFocus(null);
    }
  }, [focusField]);

  return (
    <div className="annotation-editor" role="group" aria-label="Edit annotation">
      <div className="field-row">
        <label>
          Kind
          <select
            value={a.kind}
            onChange={(e) =>
              void editAnnotation(a, { kind: e.target.value as AnnotationKind }, 'Change kind')
            }
          >
            {ANNOTATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {k[0]!.toUpperCase() + k.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stance
          <select
            value={a.stance ?? ''}
            onChange={(e) =>
              void editAnnotation(a, { stance: (e.target.value || null) as Stance | null }, 'Set stance')
            }
          >
            <option value="">—</option>
            <option value="opinion">Opinion</option>
            <option value="reporting">Reporting</option>
          </select>
        </label>
        <label>
          Credibility
          <select
            value={a.credibility ?? ''}
            onChange={(e) =>
              void editAnnotation(
                a,
                { credibility: e.target.value ? (Number(e.target.value) as 1 | 2 | 3 | 4 | 5 | 6) : null },
                'Set credibility',
              )
            }
          >
            <option value="">—</option>
            {([1, 2, 3, 4, 5, 6] as const).map((c) => (
              <option key={c} value={c}>
                {c} — {CREDIBILITY_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="field">
        <label htmlFor={`attr-${a.id}`}>Attributed to</label>
        <input id={`attr-${a.id}`} placeholder="Who asserts this?" {...attribution} />
      </div>
      {a.kind === 'figure' && (
        <div className="field-row">
          <label>
            Figure value
            <input inputMode="decimal" {...value} />
          </label>
          <label>
            Unit
            <input placeholder="USD, %, km²…" {...unit} />
          </label>
        </div>
      )}
      <div className="field">
        <label htmlFor={`note-${a.id}`}>Note</label>
        <textarea
          id={`note-${a.id}`}
          ref={noteRef}
          rows={3}
          placeholder="Your note (Ctrl+Enter to save)"
          {...note}
        />
      </div>
      <TagsField annotation={a} />
      <div className="editor-actions">
        {pending && (
          <button type="button" onClick={() => void reattach(article, a, pending.start, pending.end)}>
            Re-attach to selection
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="danger" onClick={() => void removeAnnotation(a)}>
          Delete annotation
        </button>
      </div>
      <p className="byline">
        Created by {a.author.name || 'you'}
        {a.updatedBy.id !== a.author.id || a.updatedAt !== a.createdAt
          ? ` · last changed by ${a.updatedBy.name || a.updatedBy.id}`
          : ''}{' '}
        · {new Date(a.updatedAt).toLocaleString()}
      </p>
    </div>
  );
}
