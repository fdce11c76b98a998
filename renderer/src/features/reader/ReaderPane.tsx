import { useStoreQuery } from '../../app/use-store-query';
import { useCallback, useMemo, useState } from 'react';
import {
  RELIABILITY_GRADES,
  RELIABILITY_LABELS,
  type Article,
  type Reliability,
} from '../../../../core/model';
import { db } from '../../db';
import { getSourceGrade, setSourceGrade } from '../../db/annotations';
import { useGloss } from '../../store';
import type { Anchored } from '../annotations/anchored';
import { RemovedTextButton } from '../import/RemovedTextButton';
import { formatDate } from '../../app/dates';
import { EditDetails } from '../metadata/EditDetails';
import { ArticleView, type HighlightStyle } from './ArticleView';
import { ReadingLayer } from '../suggest/ReadingLayer';
import { SuggestionBar } from '../suggest/SuggestionBar';
import { useSuggestions } from '../suggest/use-suggestions';
import { SelectionToolbar } from './SelectionToolbar';
import { useReadingKeys } from './use-reading-keys';

const KIND_LABEL = { claim: 'Claim', assessment: 'Assessment', figure: 'Figure' } as const;

function SourceGrade({ source }: { source: string }) {
  const grade = useStoreQuery(
    () => (source ? getSourceGrade(db, source) : undefined),
    [source],
    ['sourceGrades'],
  );
  // Grades are kept per source: an article without one says how to give it one.
  if (!source)
    return (
      <p className="source-grade muted">
        Source reliability: name the source in <strong>Edit details</strong> to grade it.
      </p>
    );
  return (
    <label className="source-grade" title="Admiralty source reliability, kept per source">
      Source reliability
      <select
        aria-label={`Reliability of ${source}`}
        value={grade?.reliability ?? ''}
        onChange={(e) => void setSourceGrade(db, source, (e.target.value || null) as Reliability | null)}
      >
        <option value="">Not graded</option>
        {RELIABILITY_GRADES.map((g) => (
          <option key={g} value={g}>
            {g} — {RELIABILITY_LABELS[g]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ReaderPane({ article, anchored }: { article: Article | undefined; anchored: Anchored[] }) {
  const selectedId = useGloss((s) => s.selectedAnnotationId);
  const setPending = useGloss((s) => s.setPendingSelection);
  const selectAnnotation = useGloss((s) => s.selectAnnotation);
  const [scrollEl, setScrollEl] = useState<HTMLElement | null>(null);
  const suggestions = useSuggestions(article, anchored);
  useReadingKeys(article, scrollEl, suggestions);
  // The empty reader says what to do next: import when the library is empty, else choose.
  const libraryEmpty =
    // One key, not a count: counting walks every article (78 ms at 10,000 in the store, at start-up).
    useStoreQuery(async () => (await db.articles.limit(1).primaryKeys()).length === 0, [], ['articles']) ??
    false;

  const ranges = useMemo(
    () =>
      anchored
        .filter((a) => a.status !== 'orphan')
        .map((a) => ({ id: a.annotation.id, start: a.start, end: a.end }))
        // Longer spans first, so a span inside another is listed last: the innermost colours.
        .sort((x, y) => y.end - y.start - (x.end - x.start)),
    [anchored],
  );
  const styles = useMemo(() => {
    const map = new Map<string, HighlightStyle>();
    for (const a of anchored) {
      const n = a.annotation;
      const parts = [
        KIND_LABEL[n.kind],
        n.stance,
        n.credibility ? `credibility ${n.credibility}` : '',
        n.attribution && n.attributionSource === 'suggested' ? `${n.attribution} (suggested)` : n.attribution,
      ]
        .filter(Boolean)
        .join(' · ');
      map.set(n.id, {
        kind: n.kind,
        stance: n.stance,
        status: a.status,
        summary: n.note ? `${parts}\n${n.note}` : parts,
      });
    }
    return map;
  }, [anchored]);

  const onSelectText = useCallback(
    (start: number, end: number, rect: DOMRect) =>
      setPending({ start, end, rect: { top: rect.top, left: rect.left, bottom: rect.bottom } }),
    [setPending],
  );
  const onClearSelection = useCallback(() => setPending(null), [setPending]);
  const onClickHighlight = useCallback(
    (ids: string[]) => {
      // Clicking a stretch several annotations cover cycles through them.
      const current = useGloss.getState().selectedAnnotationId;
      const at = current ? ids.indexOf(current) : -1;
      selectAnnotation(ids[(at + 1) % ids.length] ?? null);
    },
    [selectAnnotation],
  );

  if (!article) {
    return (
      <section className="pane reader" aria-label="Reader">
        <div className="empty-state reader-empty" role="note">
          <p className="empty-title">No article open</p>
          <p>
            {libraryEmpty
              ? 'Import an article to read and annotate it here: File › Import Articles… (Ctrl+I), or drop files on this window.'
              : 'Choose an article in the library on the left to read it here.'}
          </p>
        </div>
      </section>
    );
  }

  const meta = [article.source, article.byline, formatDate(article.publishedAt)].filter(Boolean);
  const orphans = anchored.filter((a) => a.status === 'orphan').length;
  const fuzzy = anchored.filter((a) => a.status === 'fuzzy').length;
  return (
    <section className="pane reader" aria-label="Reader">
      <article className="reader-scroll" ref={setScrollEl}>
        <header className="reader-header">
          <h1>{article.title || article.fileName}</h1>
          {meta.length > 0 && <p className="reader-meta">{meta.join(' · ')}</p>}
          <div className="reader-file">
            <span>{article.fileName}</span>
            {article.url && (
              <a href={article.url} target="_blank" rel="noreferrer noopener">
                {article.url}
              </a>
            )}
            <SourceGrade source={article.source} />
          </div>
          <div className="reader-actions" role="group" aria-label="Article actions">
            <EditDetails article={article} />
            <RemovedTextButton article={article} />
          </div>
          <SuggestionBar data={suggestions} />
          {article.warnings?.map((w) => (
            <p key={w} className="reader-warning" role="note">
              {w}
            </p>
          ))}
          {(orphans > 0 || fuzzy > 0) && (
            <p className="reader-warning" role="note">
              {orphans > 0 &&
                `${orphans} annotation${orphans === 1 ? '' : 's'} could not be found in this text (orphaned). `}
              {fuzzy > 0 && `${fuzzy} matched only approximately (dotted underline). `}
              Select the right passage and use “Re-attach to selection” in the annotations pane.
            </p>
          )}
        </header>
        <ArticleView
          article={article}
          ranges={ranges}
          styles={styles}
          selectedId={selectedId}
          onSelectText={onSelectText}
          onClearSelection={onClearSelection}
          onClickHighlight={onClickHighlight}
        />
        <ReadingLayer
          article={article}
          container={scrollEl}
          suggestions={suggestions.visible}
          onAccept={(s) => void suggestions.accept([s])}
          onReject={(s) => void suggestions.reject([s])}
        />
        <SelectionToolbar article={article} container={scrollEl} />
      </article>
    </section>
  );
}
