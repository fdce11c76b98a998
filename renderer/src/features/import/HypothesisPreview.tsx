import { useState } from 'react';
import { toJsonDocument } from '../../../../core/exporters';
import { matchHypothesis, parseHypothesis } from '../../../../core/hypothesis';
import type { ImportInput } from '../../../../core/importers';
import type { Article } from '../../../../core/model';
import { db } from '../../db';
import { getArticle, listArticles } from '../../db/articles';
import { exportAsProject } from '../../../../core/exporters';
import { previewMerge } from '../project/actions';
import { appInfo } from '../../platform/gloss';
import { useGloss } from '../../store';
import type { PendingHypothesis } from '../../store/import-slice';
import { Dialog } from './Dialog';

const BY = { url: 'by address', title: 'by title', quote: 'by quote' } as const;
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** Reads a Hypothesis export and matches it onto every article of the library. */
export async function previewHypothesis(file: ImportInput): Promise<PendingHypothesis> {
  const { annotations } = parseHypothesis(new TextDecoder('utf-8').decode(file.bytes));
  const articles: Article[] = [];
  for (const meta of await listArticles(db)) {
    const a = await getArticle(db, meta.id);
    if (a) articles.push(a);
  }
  const { matched, unmatched } = await matchHypothesis(annotations, articles, {
    defaultKind: 'claim',
    now: new Date().toISOString(),
    newId: () => crypto.randomUUID(),
  });
  return { name: file.name, matched, unmatched };
}

const quoteOf = (m: PendingHypothesis['matched'][number]) =>
  m.annotation.selectors.find((s) => s.type === 'TextQuoteSelector')?.exact ?? '';

/**
 * The preview of a Hypothesis import: what matched an article (and how: address, title or
 * quote) and what did not (and why). Import stores the matched annotations in one transaction
 * through the merge preview, as a Gloss JSON export is.
 */
export function HypothesisPreviewDialog() {
  const pending = useGloss((s) => s.pendingHypothesis);
  const setPending = useGloss((s) => s.setPendingHypothesis);
  const notify = useGloss((s) => s.notify);
  const [busy, setBusy] = useState(false);
  if (!pending) return null;
  const close = () => setPending(null);
  const run = async () => {
    setBusy(true);
    try {
      const info = await appInfo();
      const articles = [...new Map(pending.matched.map((m) => [m.article.id, m.article])).values()];
      // Through the same merge preview as a colleague's file: nothing is written until Merge.
      const doc = await exportAsProject(
        toJsonDocument({
          articles,
          annotations: pending.matched.map((m) => m.annotation),
          sourceGrades: [],
          app: { name: info.name, version: info.version },
          exportedAt: new Date().toISOString(),
        }),
      );
      if (pending.unmatched.length) {
        notify('info', `“${pending.name}”: ${plural(pending.unmatched.length, 'annotation')} not matched`, [
          'They match no article of the library by URL, title or quote, and are not imported.',
        ]);
      }
      await previewMerge(pending.name, doc);
      setPending(null);
    } catch (err) {
      notify('error', `“${pending.name}” could not be imported`, [
        err instanceof Error ? err.message : String(err),
      ]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Import Hypothesis annotations"
      subtitle={`“${pending.name}”: ${plural(pending.matched.length, 'annotation')} matched an article, ${plural(pending.unmatched.length, 'annotation')} did not.`}
      onClose={close}
      className="hypothesis-preview"
      footer={
        <>
          <button type="button" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void run()}
            disabled={busy || pending.matched.length === 0}
            data-autofocus
          >
            {busy ? 'Importing…' : `Import ${plural(pending.matched.length, 'annotation')}`}
          </button>
        </>
      }
    >
      <section aria-label="Matched">
        <h3>Matched ({pending.matched.length})</h3>
        {pending.matched.length === 0 ? (
          <p className="muted">
            None: import the articles first (the same pages or texts), then this file again.
          </p>
        ) : (
          <ul className="hypothesis-list">
            {pending.matched.map((m) => (
              <li key={m.annotation.id}>
                <q>{quoteOf(m)}</q> → {m.article.title} <span className="muted">({BY[m.by]})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {pending.unmatched.length > 0 && (
        <section aria-label="Not matched">
          <h3>Not matched ({pending.unmatched.length})</h3>
          <ul className="hypothesis-list">
            {pending.unmatched.map((u, i) => (
              <li key={`${u.hypothesis.id ?? i}`}>
                {u.quote ? <q>{u.quote}</q> : <em>no passage</em>} <span className="muted">— {u.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Dialog>
  );
}
