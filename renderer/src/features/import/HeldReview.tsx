import { useState } from 'react';
import type { Article, RemovedRange } from '../../../../core/model';
import { db } from '../../db';
import { useGloss } from '../../store';
import { Dialog } from './Dialog';
import { addReviewed, describeImport } from './import-files';
import { snippet } from './ImportReview';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function HeldPassage({
  range,
  checked,
  onChange,
}: {
  range: RemovedRange;
  checked: boolean;
  onChange(on: boolean): void;
}) {
  return (
    <li className={`removed-item${checked ? ' held-kept' : ''}`}>
      <label className="removed-head held-choice">
        <input
          type="checkbox"
          checked={checked}
          aria-label={`Keep “${snippet(range.text)}”`}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span className="removed-reason">{range.reason}</span>
        <span className="removed-size">{plural(range.text.length, 'character')}</span>
      </label>
      <blockquote className="removed-text clamped">{range.text}</blockquote>
    </li>
  );
}

/**
 * The review before adding (when “Review before adding” is on): the articles just read, each
 * with the passages the importer would remove; ticking one keeps it in the article. Nothing is
 * stored until Add to library; Discard drops them all.
 */
export function HeldReview() {
  const held = useGloss((s) => s.heldArticles);
  const setHeld = useGloss((s) => s.setHeldArticles);
  const notify = useGloss((s) => s.notify);
  const selectArticle = useGloss((s) => s.selectArticle);
  const setLastImportIds = useGloss((s) => s.setLastImportIds);
  const [keep, setKeep] = useState<Record<number, number[]>>({});
  const [busy, setBusy] = useState(false);
  if (!held) return null;

  const discard = () => {
    setKeep({});
    setHeld(null);
    notify(
      'info',
      `Discarded ${plural(held.length, 'article')} without adding ${held.length === 1 ? 'it' : 'them'}`,
    );
  };
  const add = async () => {
    setBusy(true);
    try {
      const result = await addReviewed(
        db,
        held.map((article, i) => ({ article, restore: keep[i] ?? [] })),
      );
      const summary = describeImport({ ...result, failed: [], canceled: false, skipped: 0 });
      notify(summary.tone, summary.title, summary.details);
      setLastImportIds(result.added.map((a) => a.id));
      if (result.added[0]) selectArticle(result.added[0].id);
      setKeep({});
      setHeld(null);
    } catch (err) {
      notify('error', 'The articles could not be added', [String(err)]);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (article: number, index: number, on: boolean) =>
    setKeep((k) => {
      const mine = new Set(k[article] ?? []);
      if (on) mine.add(index);
      else mine.delete(index);
      return { ...k, [article]: [...mine] };
    });
  const removed = held.reduce((n, a) => n + a.removed.length, 0);

  return (
    <Dialog
      title="Review before adding"
      className="import-review"
      onClose={discard}
      subtitle={`${plural(held.length, 'article')} read · ${plural(removed, 'passage')} to be removed · nothing stored yet`}
      footer={
        <>
          <span className="modal-hint">Tick a passage to keep it in the article.</span>
          <button type="button" onClick={discard} disabled={busy}>
            Discard
          </button>
          <button type="button" className="primary" onClick={() => void add()} disabled={busy}>
            Add to library
          </button>
        </>
      }
    >
      {held.map((article: Article, i) => (
        <section key={i} className="review-article" aria-label={article.title || article.fileName}>
          <header className="review-article-header">
            <h3>{article.title || article.fileName}</h3>
            <p className="review-file">
              {article.fileName} · {article.text.length.toLocaleString()} characters kept
            </p>
          </header>
          {(article.warnings ?? []).length > 0 && (
            <ul className="review-warnings" aria-label="Warnings">
              {article.warnings!.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {article.removed.length > 0 ? (
            <ol
              className="removed-list"
              aria-label={`Text to be removed from ${article.title || article.fileName}`}
            >
              {article.removed.map((r, k) => (
                <HeldPassage
                  key={k}
                  range={r}
                  checked={(keep[i] ?? []).includes(k)}
                  onChange={(on) => toggle(i, k, on)}
                />
              ))}
            </ol>
          ) : (
            <p className="review-none">Nothing will be removed from this article.</p>
          )}
        </section>
      ))}
    </Dialog>
  );
}
