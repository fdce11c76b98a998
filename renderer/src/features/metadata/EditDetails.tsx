import { useId, useRef, useState } from 'react';
import type { Article } from '../../../../core/model';
import { db } from '../../db';
import { ArticleChangeError, updateArticleMetadata } from '../../db/articles';
import { useGloss } from '../../store';
import { Dialog } from '../import/Dialog';
import { formOf, validateDetails, type DetailsErrors, type DetailsForm } from './validate';

const FIELDS: { key: keyof DetailsForm; label: string; type: string; hint?: string }[] = [
  { key: 'title', label: 'Title', type: 'text' },
  {
    key: 'source',
    label: 'Source',
    type: 'text',
    hint: 'Publisher or outlet; source grades are kept per source.',
  },
  { key: 'byline', label: 'Byline', type: 'text', hint: 'Author or authors.' },
  { key: 'publishedAt', label: 'Published', type: 'date' },
  { key: 'url', label: 'URL', type: 'url' },
];

function DetailsDialog({ article, onClose }: { article: Article; onClose: () => void }) {
  const notify = useGloss((s) => s.notify);
  const [form, setForm] = useState<DetailsForm>(() => formOf(article));
  const [errors, setErrors] = useState<DetailsErrors>({});
  const [saving, setSaving] = useState(false);
  const formId = useId();
  const refs = useRef<Partial<Record<keyof DetailsForm, HTMLInputElement | null>>>({});

  const save = async () => {
    const result = validateDetails(form, article);
    if (!result.ok) {
      setErrors(result.errors);
      const first = FIELDS.find((f) => result.errors[f.key]);
      if (first) refs.current[first.key]?.focus();
      return;
    }
    setSaving(true);
    try {
      await updateArticleMetadata(db, article.id, result.patch);
      onClose();
    } catch (err) {
      notify('error', 'Could not save the details', [
        err instanceof ArticleChangeError ? err.message : String(err),
      ]);
      setSaving(false);
    }
  };

  return (
    <Dialog
      title="Edit details"
      subtitle={article.fileName}
      className="details-dialog"
      onClose={onClose}
      footer={
        <>
          <span className="modal-hint">
            <kbd>Enter</kbd> saves, <kbd>Esc</kbd> cancels
          </span>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="primary" disabled={saving}>
            Save
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="details-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {FIELDS.map((f, i) => {
          const id = `${formId}-${f.key}`;
          const error = errors[f.key];
          return (
            <div key={f.key} className="details-field">
              <label htmlFor={id}>{f.label}</label>
              <input
                id={id}
                ref={(el) => {
                  refs.current[f.key] = el;
                }}
                type={f.type}
                value={form[f.key]}
                data-autofocus={i === 0 ? true : undefined}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : f.hint ? `${id}-hint` : undefined}
                onChange={(e) => {
                  setForm({ ...form, [f.key]: e.target.value });
                  if (error) setErrors({ ...errors, [f.key]: undefined });
                }}
              />
              {error ? (
                <p id={`${id}-error`} className="field-error" role="alert">
                  {error}
                </p>
              ) : (
                f.hint && (
                  <p id={`${id}-hint`} className="field-hint">
                    {f.hint}
                  </p>
                )
              )}
            </div>
          );
        })}
      </form>
    </Dialog>
  );
}

/** "Edit details" in the reader header: title, source, byline, date and URL of the article. */
export function EditDetails({ article }: { article: Article }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        title="Edit the title, source, byline, date and URL"
      >
        Edit details
      </button>
      {open && <DetailsDialog key={article.id} article={article} onClose={() => setOpen(false)} />}
    </>
  );
}
