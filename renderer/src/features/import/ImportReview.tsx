import { useStoreQuery } from '../../app/use-store-query';
import { useState } from 'react';
import type { Article, RemovedRange } from '../../../../core/model';
import { db, getArticle } from '../../db';
import { ArticleChangeError, restoreRemovedText } from '../../db/articles';
import { useGloss } from '../../store';
import { Dialog } from './Dialog';

const FORMAT_LABEL: Record<Article['format'], string> = {
  text: 'Plain text',
  markdown: 'Markdown',
  html: 'Web page',
  pdf: 'PDF',
  docx: 'Word document',
  paste: 'Pasted',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** A short quote for accessible names: the first words of a passage. */
export function snippet(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** The end of the kept paragraph the removed text followed, to show where it goes back. */
function contextBefore(text: string, at: number): string {
  const before = text.slice(0, at).trimEnd();
  if (!before) return '';
  const line = before.slice(before.lastIndexOf('\n') + 1);
  return line.length > 90 ? `…${line.slice(-89).trimStart()}` : line;
}

function RemovedItem({ article, range, index }: { article: Article; range: RemovedRange; index: number }) {
  const notify = useGloss((s) => s.notify);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(range.text.length <= 320);
  const context = contextBefore(article.text, range.at);
  const lines = range.text.split('\n').filter((l) => l.trim()).length;
  const restore = async () => {
    setBusy(true);
    try {
      const r = await restoreRemovedText(db, article.id, index, range);
      notify(
        'success',
        `Restored ${plural(range.text.length, 'character')} in “${snippet(article.title, 60)}”`,
        r.reanchored ? [`${plural(r.reanchored, 'annotation')} re-anchored in the new text.`] : [],
      );
    } catch (err) {
      notify('error', 'Could not restore the text', [
        err instanceof ArticleChangeError ? err.message : String(err),
      ]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="removed-item">
      <div className="removed-head">
        <span className="removed-reason">{range.reason}</span>
        <span className="removed-size">
          {plural(lines, 'line')} · {plural(range.text.length, 'character')}
        </span>
        <button
          type="button"
          className="restore"
          disabled={busy}
          aria-label={`Restore “${snippet(range.text)}”`}
          onClick={() => void restore()}
        >
          Restore
        </button>
      </div>
      <blockquote className={`removed-text${open ? '' : ' clamped'}`}>{range.text}</blockquote>
      {!open && (
        <button type="button" className="link" onClick={() => setOpen(true)}>
          Show all {plural(range.text.length, 'character')}
        </button>
      )}
      <p className="removed-where">
        {context ? (
          <>
            Stood after <q>{context}</q>
          </>
        ) : (
          'Stood at the start of the article'
        )}
      </p>
    </li>
  );
}

function ArticleReview({ article, onOpen }: { article: Article; onOpen: () => void }) {
  const selectArticle = useGloss((s) => s.selectArticle);
  const warnings = article.warnings ?? [];
  return (
    <section className="review-article" aria-label={article.title || article.fileName}>
      <header className="review-article-header">
        <h3>{article.title || article.fileName}</h3>
        <p className="review-file">
          {FORMAT_LABEL[article.format]} · {article.fileName} · {article.text.length.toLocaleString()}{' '}
          characters kept
          <button
            type="button"
            className="link"
            onClick={() => {
              selectArticle(article.id);
              onOpen();
            }}
          >
            Open in reader
          </button>
        </p>
      </header>
      {warnings.length > 0 && (
        <ul className="review-warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {article.removed.length > 0 ? (
        <ol className="removed-list" aria-label={`Removed text of ${article.title || article.fileName}`}>
          {article.removed.map((r, i) => (
            <RemovedItem key={`${i}:${r.at}:${r.text.length}`} article={article} range={r} index={i} />
          ))}
        </ol>
      ) : (
        <p className="review-none">Nothing was removed from this article.</p>
      )}
    </section>
  );
}

/**
 * The import review: for each article, the boilerplate the importer removed (with its reason,
 * its text, and where it stood), each with a Restore button, and the importer's warnings.
 */
export function ImportReview() {
  const ids = useGloss((s) => s.reviewArticleIds);
  const close = useGloss((s) => s.closeImportReview);
  const articles = useStoreQuery(
    async () => (ids ? (await Promise.all(ids.map((id) => getArticle(db, id)))).filter((a) => !!a) : []),
    [ids],
    ['articles', 'bodies'],
  );
  if (!ids) return null;
  const list = articles ?? [];
  const toReview = list.filter((a) => a.removed.length || a.warnings?.length);
  const clean = list.filter((a) => !a.removed.length && !a.warnings?.length);
  const removed = list.reduce((n, a) => n + a.removed.length, 0);
  const warnings = list.reduce((n, a) => n + (a.warnings?.length ?? 0), 0);
  const single = ids.length === 1;
  return (
    <Dialog
      title={single ? 'Removed text' : 'Import review'}
      className="import-review"
      onClose={close}
      subtitle={
        articles === undefined
          ? 'Loading…'
          : `${single ? '' : `${plural(list.length, 'article')} · `}${plural(removed, 'removed passage')} · ${plural(warnings, 'warning')}`
      }
      footer={
        <>
          <span className="modal-hint">
            Restoring puts the text back where it stood; annotations keep their place.
          </span>
          <button type="button" className="primary" onClick={close}>
            Done
          </button>
        </>
      }
    >
      {articles !== undefined && list.length === 0 && (
        <p className="review-none">These articles are no longer in the library.</p>
      )}
      {(single ? list : toReview).map((a) => (
        <ArticleReview key={a.id} article={a} onOpen={close} />
      ))}
      {!single && clean.length > 0 && (
        <p className="review-none">
          Nothing removed and no warnings:{' '}
          {clean.map((a) => `“${snippet(a.title || a.fileName, 60)}”`).join(', ')}.
        </p>
      )}
    </Dialog>
  );
}
