import { useStoreQuery } from '../../app/use-store-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import {
  RELIABILITY_GRADES,
  RELIABILITY_LABELS,
  CREDIBILITY_LABELS,
  type Article,
} from '../../../../core/model';
import { db } from '../../db';
import { historyState } from '../../db/annotations';
import { useGloss } from '../../store';
import { undoLastStep } from '../project/actions';
import { undoableMerge } from '../project/merge-undo';
import { redoLast, undoLast } from './actions';
import { AnnotationEditor } from './AnnotationEditor';
import type { Anchored } from './anchored';
import { virtualPadding } from '../../app/virtual-padding';
import { Quote } from '../../app/Quote';
import { useAnalyst } from '../analyst/AnalystGate';

const KIND_LABEL = { claim: 'Claim', assessment: 'Assessment', figure: 'Figure' } as const;

function Legend() {
  return (
    <details className="legend">
      <summary>Vocabulary and keys</summary>
      <dl>
        <dt>
          <span className="swatch kind-claim" /> Claim <kbd>C</kbd>
        </dt>
        <dd>Something a person or outlet asserts.</dd>
        <dt>
          <span className="swatch kind-assessment" /> Assessment <kbd>A</kbd>
        </dt>
        <dd>An analytic judgement.</dd>
        <dt>
          <span className="swatch kind-figure" /> Figure <kbd>F</kbd>
        </dt>
        <dd>A number: money, area, casualties…</dd>
      </dl>
      <p className="keys">
        <kbd>O</kbd> opinion · <kbd>R</kbd> reporting · <kbd>1</kbd>–<kbd>6</kbd> credibility · <kbd>N</kbd>{' '}
        note · <kbd>T</kbd> tags · <kbd>J</kbd>/<kbd>K</kbd> next/previous · <kbd>Enter</kbd> edit ·{' '}
        <kbd>Esc</kbd> leave · <kbd>Del</kbd> delete · <kbd>Shift</kbd>+<kbd>Alt</kbd>+arrows adjust span ·{' '}
        <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo
      </p>
      <h3>Reading by keyboard</h3>
      <p className="keys">
        <kbd>Tab</kbd> to the text, then <kbd>←</kbd>/<kbd>→</kbd> word · <kbd>↑</kbd>/<kbd>↓</kbd> sentence ·{' '}
        <kbd>Ctrl</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> paragraph · <kbd>Home</kbd>/<kbd>End</kbd> paragraph
        start/end · <kbd>S</kbd> select sentence · <kbd>Shift</kbd>+<kbd>S</kbd> clause · <kbd>Shift</kbd>+
        <kbd>→</kbd>/<kbd>←</kbd> extend/shrink by a word · then <kbd>C</kbd>/<kbd>A</kbd>/<kbd>F</kbd>
      </p>
      <h3>Suggestions (dashed outlines)</h3>
      <p className="keys">
        <kbd>]</kbd>/<kbd>[</kbd> next/previous · <kbd>Y</kbd> accept · <kbd>X</kbd> reject (remembered for
        the article) · <kbd>H</kbd> hide/show · Accept all figures in the article header
      </p>
      <h3>Source reliability</h3>
      <ul className="grades">
        {RELIABILITY_GRADES.map((g) => (
          <li key={g}>
            <b>{g}</b> {RELIABILITY_LABELS[g]}
          </li>
        ))}
      </ul>
      <h3>Information credibility</h3>
      <ul className="grades">
        {([1, 2, 3, 4, 5, 6] as const).map((c) => (
          <li key={c}>
            <b>{c}</b> {CREDIBILITY_LABELS[c]}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The right-hand pane: the open article's annotations in text order, the selected one editable. */
export function AnnotationsPane({
  article,
  anchored,
}: {
  article: Article | undefined;
  anchored: Anchored[];
}) {
  const selectedId = useGloss((s) => s.selectedAnnotationId);
  const selectAnnotation = useGloss((s) => s.selectAnnotation);
  // A live query of the history table (and of the merge Undo would take back, kept in `meta`):
  // it re-runs when an undo step is recorded or undone, or a merge is applied or undone.
  const history = useStoreQuery(
    async () => {
      const [steps, merge] = await Promise.all([historyState(db), undoableMerge()]);
      return merge ? { ...steps, undo: `the merge of “${merge.fileName}”` } : steps;
    },
    [],
    ['history', 'meta'],
  );
  // After a merge an article holds several analysts' work: each card names its author, and a
  // filter shows mine, the others', or everyone's.
  const me = useAnalyst()?.id ?? null;
  const [whose, setWhose] = useState<'all' | 'mine' | 'others'>('all');
  const several = useMemo(() => new Set(anchored.map((a) => a.annotation.author.id)).size > 1, [anchored]);
  const shown = useMemo(
    () =>
      !several || whose === 'all'
        ? anchored
        : anchored.filter((a) => (a.annotation.author.id === me) === (whose === 'mine')),
    [anchored, several, whose, me],
  );
  return (
    <section className="pane annotations" aria-label="Annotations">
      <header className="pane-header">
        <h2>Annotations</h2>
        {anchored.length > 0 && <span className="count">{anchored.length}</span>}
        <span className="spacer" />
        <button
          type="button"
          className="icon"
          aria-label={history?.undo ? `Undo ${history.undo}` : 'Undo'}
          title={history?.undo ? `Undo: ${history.undo} (Ctrl+Z)` : 'Nothing to undo'}
          disabled={!history?.undo}
          onClick={() => void undoLastStep(undoLast)}
        >
          ↶
        </button>
        <button
          type="button"
          className="icon"
          aria-label={history?.redo ? `Redo ${history.redo}` : 'Redo'}
          title={history?.redo ? `Redo: ${history.redo} (Shift+Ctrl+Z)` : 'Nothing to redo'}
          disabled={!history?.redo}
          onClick={() => void redoLast()}
        >
          ↷
        </button>
      </header>
      {!article ? (
        <div className="empty-state" role="note">
          <p className="empty-title">Nothing selected</p>
          <p>Open an article to see its annotations.</p>
        </div>
      ) : anchored.length === 0 ? (
        <div className="empty-state" role="note">
          <p className="empty-title">No annotations on this article</p>
          <p>
            Select a passage in the text, then choose Claim, Assessment or Figure in the toolbar that appears
            — or press <kbd>C</kbd>, <kbd>A</kbd> or <kbd>F</kbd>.
          </p>
        </div>
      ) : (
        <>
          {several && (
            <label className="whose">
              Show
              <select value={whose} onChange={(e) => setWhose(e.target.value as typeof whose)}>
                <option value="all">everyone’s ({anchored.length})</option>
                <option value="mine">mine</option>
                <option value="others">colleagues’</option>
              </select>
            </label>
          )}
          {shown.length === 0 ? (
            <div className="empty-state" role="note">
              <p className="empty-title">None here</p>
              <p>No annotation on this article is {whose === 'mine' ? 'yours' : 'a colleague’s'}.</p>
            </div>
          ) : (
            <AnnotationList
              article={article}
              anchored={shown}
              selectedId={selectedId}
              onSelect={selectAnnotation}
              showAuthors={several}
            />
          )}
        </>
      )}
      <Legend />
    </section>
  );
}

/**
 * The article's annotations, virtualised: only the rows in view (and a few around) are in the
 * document, so an article with thousands of annotations costs no more to edit than one with ten.
 */
function AnnotationList({
  article,
  anchored,
  selectedId,
  onSelect,
  showAuthors,
}: {
  article: Article;
  anchored: Anchored[];
  selectedId: string | null;
  onSelect(id: string | null): void;
  showAuthors: boolean;
}) {
  // The list renders after the reader: opening a long article shows its text first.
  const list = useDeferredValue(anchored);
  const scrollRef = useRef<HTMLDivElement>(null);
  // A stable key function: a new one each render makes the virtualizer re-measure every row.
  const getItemKey = useCallback((index: number) => list[index]!.annotation.id, [list]);
  // eslint-disable-next-line react-hooks/incompatible-library -- rows re-render through their own memo
  const virtualizer = useVirtualizer({
    count: list.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 64,
    gap: 6,
    overscan: 8,
    getItemKey,
  });

  // Bring the selected annotation into view once it is in the list (a new one may arrive later).
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedId) {
      scrolledTo.current = null;
      return;
    }
    if (scrolledTo.current === selectedId) return;
    const index = list.findIndex((item) => item.annotation.id === selectedId);
    if (index === -1) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    scrolledTo.current = selectedId;
  }, [selectedId, list, virtualizer]);

  const rows = virtualizer.getVirtualItems();
  // The scroll box keeps its size; the list inside is as tall as all rows would be, with only
  // the rows in view (and a few around) present and padding standing in for the others.
  return (
    <div className="annotation-scroll" ref={scrollRef}>
      <ul
        className="annotation-list"
        role="list"
        aria-label="Annotations of this article"
        style={virtualPadding(virtualizer)}
      >
        {rows.map((row) => {
          const item = list[row.index]!;
          return (
            <AnnotationRow
              key={row.key}
              index={row.index}
              count={list.length}
              measure={virtualizer.measureElement}
              article={article}
              item={item}
              selected={item.annotation.id === selectedId}
              onSelect={onSelect}
              showAuthor={showAuthors}
            />
          );
        })}
      </ul>
    </div>
  );
}

interface RowProps {
  index: number;
  count: number;
  measure(el: HTMLElement | null): void;
  article: Article;
  item: Anchored;
  selected: boolean;
  onSelect(id: string | null): void;
  showAuthor: boolean;
}

/** One annotation in the list; re-rendered only when what it shows changed. */
const AnnotationRow = memo(
  function AnnotationRow({ index, count, measure, article, item, selected, onSelect, showAuthor }: RowProps) {
    const a = item.annotation;
    const quote = article.text.slice(item.start, item.end) || quoteOf(item);
    return (
      <li
        ref={measure}
        data-index={index}
        aria-setsize={count}
        aria-posinset={index + 1}
        data-id={a.id}
        aria-current={selected ? 'true' : undefined}
        className={`annotation-item kind-${a.kind}-item${selected ? ' selected' : ''}`}
      >
        {/* A button (focusable, Enter or Space selects) beside the editor, never around it. */}
        <button
          type="button"
          className="annotation-summary"
          aria-expanded={selected}
          onClick={() => onSelect(selected ? null : a.id)}
        >
          <span className={`badge kind-${a.kind}`}>{KIND_LABEL[a.kind]}</span>
          {a.stance && <span className={`badge stance stance-${a.stance}`}>{a.stance}</span>}
          {a.credibility && <span className="badge cred">{a.credibility}</span>}
          {item.status === 'fuzzy' && <span className="badge warn">approximate</span>}
          {item.status === 'orphan' && <span className="badge warn">orphaned</span>}
          <Quote className="annotation-quote" text={quote} />
          {showAuthor && <span className="annotation-author">by {a.author.name || a.author.id}</span>}
          {a.figure && a.kind === 'figure' && (
            <span className="annotation-figure">
              = {a.figure.value.toLocaleString()} {a.figure.unit}
            </span>
          )}
          {(a.attribution || a.tags.length > 0 || a.note) && (
            <span className="annotation-extra">
              {[
                a.attribution &&
                  `— ${a.attribution}${a.attributionSource === 'suggested' ? ' (suggested)' : ''}`,
                a.tags.map((t) => `#${t}`).join(' '),
                a.note && '✎ note',
              ]
                .filter(Boolean)
                .join('  ')}
            </span>
          )}
        </button>
        {selected && <AnnotationEditor article={article} item={item} />}
      </li>
    );
  },
  (prev, next) =>
    prev.index === next.index &&
    prev.count === next.count &&
    prev.measure === next.measure &&
    prev.article === next.article &&
    prev.selected === next.selected &&
    prev.onSelect === next.onSelect &&
    prev.showAuthor === next.showAuthor &&
    prev.item.status === next.item.status &&
    prev.item.start === next.item.start &&
    prev.item.end === next.item.end &&
    // A selected row holds the editor, which needs the live record; others compare by version.
    (next.selected
      ? prev.item.annotation === next.item.annotation
      : prev.item.annotation.id === next.item.annotation.id &&
        prev.item.annotation.updatedAt === next.item.annotation.updatedAt &&
        prev.item.annotation.deletedAt === next.item.annotation.deletedAt),
);

function quoteOf(item: Anchored): string {
  const q = item.annotation.selectors.find((s) => s.type === 'TextQuoteSelector');
  return q && q.type === 'TextQuoteSelector' ? q.exact : '';
}
