import { ListItemNode, ListNode } from '@lexical/list';
import { MarkNode } from '@lexical/mark';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import { $getNodeByKey } from 'lexical';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Article } from '../../../../core/model';
import { $buildArticle } from './article-nodes';
import { $applyHighlights, domPointToOffset, type HighlightRange } from './highlights';

const theme = {
  paragraph: 'rd-p',
  heading: { h2: 'rd-h2' },
  quote: 'rd-quote',
  list: { ul: 'rd-list', listitem: 'rd-li' },
  mark: 'hl',
  markOverlap: 'hl-overlap',
};

/** How one annotation looks in the text. */
export interface HighlightStyle {
  kind: string;
  stance: string | null;
  status: 'exact' | 'moved' | 'fuzzy' | 'orphan';
  summary: string;
}

export interface ArticleViewProps {
  article: Article;
  ranges: HighlightRange[];
  styles: Map<string, HighlightStyle>;
  selectedId: string | null;
  onSelectText(start: number, end: number, rect: DOMRect): void;
  onClearSelection(): void;
  onClickHighlight(ids: string[]): void;
}

/** Gives each mark element its annotation ids, classes and tooltip from the current styles. */
function decorate(el: HTMLElement, styles: Map<string, HighlightStyle>, selectedId: string | null): void {
  const ids = (el.dataset['ids'] ?? '').split(' ').filter(Boolean);
  const found = ids.map((id) => styles.get(id)).filter((s): s is HighlightStyle => !!s);
  // The innermost (last-listed) annotation gives the colour; overlaps darken via hl-overlap.
  const top = found[found.length - 1];
  el.classList.toggle('hl-claim', top?.kind === 'claim');
  el.classList.toggle('hl-assessment', top?.kind === 'assessment');
  el.classList.toggle('hl-figure', top?.kind === 'figure');
  el.classList.toggle(
    'hl-opinion',
    found.some((s) => s.stance === 'opinion'),
  );
  el.classList.toggle(
    'hl-reporting',
    found.some((s) => s.stance === 'reporting'),
  );
  el.classList.toggle(
    'hl-fuzzy',
    found.some((s) => s.status === 'fuzzy'),
  );
  el.classList.toggle('hl-selected', selectedId !== null && ids.includes(selectedId));
}

function HighlightsPlugin({
  article,
  ranges,
  styles,
  selectedId,
}: Pick<ArticleViewProps, 'article' | 'ranges' | 'styles' | 'selectedId'>) {
  const [editor] = useLexicalComposerContext();
  const signatures = useRef<string[]>([]);
  const current = useRef({ styles, selectedId });
  useLayoutEffect(() => {
    current.current = { styles, selectedId };
  });

  useEffect(
    () =>
      editor.registerMutationListener(
        MarkNode,
        (mutations) => {
          editor.getEditorState().read(() => {
            for (const [key, type] of mutations) {
              if (type === 'destroyed') continue;
              const el = editor.getElementByKey(key);
              const node = $getNodeByKey<MarkNode>(key);
              if (!el || !node) continue;
              el.dataset['ids'] = node.getIDs().join(' ');
              decorate(el, current.current.styles, current.current.selectedId);
            }
          });
        },
        { skipInitialization: false },
      ),
    [editor],
  );

  // The text paints first; highlights follow in the next task (a long article with thousands of
  // them must not hold back its text). After that, changes apply at once.
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => {
        performance.mark('gloss:reader:text');
        setPainted(true);
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);

  useLayoutEffect(() => {
    if (!painted) return;
    editor.update(
      () => {
        signatures.current = $applyHighlights(article, ranges, signatures.current);
      },
      {
        discrete: true,
        onUpdate: () => {
          if (ranges.length && performance.getEntriesByName('gloss:reader:highlights').length === 0) {
            performance.mark('gloss:reader:highlights');
          }
        },
      },
    );
  }, [editor, article, ranges, painted]);

  // Restyle only the marks whose annotations changed look (or selection): with thousands of
  // marks, touching them all on every edit would cost more than the edit. New or rewritten
  // marks are styled by the mutation listener above.
  const decorated = useRef<{ styles: Map<string, HighlightStyle>; selectedId: string | null }>({
    styles: new Map(),
    selectedId: null,
  });
  useEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    const prev = decorated.current;
    decorated.current = { styles, selectedId };
    const changed = new Set<string>();
    for (const [id, s] of styles) {
      const p = prev.styles.get(id);
      if (
        !p ||
        p.kind !== s.kind ||
        p.stance !== s.stance ||
        p.status !== s.status ||
        p.summary !== s.summary
      ) {
        changed.add(id);
      }
    }
    for (const id of prev.styles.keys()) if (!styles.has(id)) changed.add(id);
    if (prev.selectedId !== selectedId) {
      if (prev.selectedId) changed.add(prev.selectedId);
      if (selectedId) changed.add(selectedId);
    }
    if (changed.size === 0) return;
    const marks =
      changed.size > 100
        ? root.querySelectorAll<HTMLElement>('mark[data-ids]')
        : root.querySelectorAll<HTMLElement>(
            [...changed].map((id) => `mark[data-ids~="${CSS.escape(id)}"]`).join(','),
          );
    for (const el of marks) decorate(el, styles, selectedId);
  }, [editor, styles, selectedId]);

  return null;
}

function SelectionPlugin({
  article,
  onSelectText,
  onClearSelection,
  onClickHighlight,
}: Pick<ArticleViewProps, 'article' | 'onSelectText' | 'onClearSelection' | 'onClickHighlight'>) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    const read = () => {
      const sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return false;
      const range = sel.getRangeAt(0);
      const start = domPointToOffset(root, article.blocks, range.startContainer, range.startOffset);
      const end = domPointToOffset(root, article.blocks, range.endContainer, range.endOffset);
      if (start === null || end === null || end <= start) return false;
      onSelectText(start, end, range.getBoundingClientRect());
      return true;
    };
    const onMouseUp = (e: MouseEvent) => {
      if (read()) return;
      const mark = (e.target as HTMLElement).closest<HTMLElement>('mark[data-ids]');
      if (mark) onClickHighlight((mark.dataset['ids'] ?? '').split(' ').filter(Boolean));
      else onClearSelection();
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.shiftKey && !read()) onClearSelection();
    };
    root.addEventListener('mouseup', onMouseUp);
    root.addEventListener('keyup', onKeyUp);
    return () => {
      root.removeEventListener('mouseup', onMouseUp);
      root.removeEventListener('keyup', onKeyUp);
    };
  }, [editor, article, onSelectText, onClearSelection, onClickHighlight]);
  return null;
}

const HOVER_DELAY_MS = 250;

/**
 * A card over the highlight under the pointer: kind, stance, grades, attribution and note of
 * every annotation covering that stretch (overlaps list each). Clicking still selects.
 */
function HoverCardPlugin({ styles }: { styles: Map<string, HighlightStyle> }) {
  const [editor] = useLexicalComposerContext();
  const [hover, setHover] = useState<{ ids: string[]; top: number; left: number } | null>(null);
  useEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    let timer = 0;
    let current: HTMLElement | null = null;
    const onOver = (e: MouseEvent) => {
      const mark = (e.target as HTMLElement).closest<HTMLElement>('mark[data-ids]');
      if (mark === current) return;
      current = mark;
      clearTimeout(timer);
      if (!mark) {
        setHover(null);
        return;
      }
      timer = window.setTimeout(() => {
        const rect = mark.getBoundingClientRect();
        const ids = (mark.dataset['ids'] ?? '').split(' ').filter(Boolean);
        setHover({ ids, top: rect.bottom + 6, left: rect.left });
      }, HOVER_DELAY_MS);
    };
    const onLeave = () => {
      current = null;
      clearTimeout(timer);
      setHover(null);
    };
    root.addEventListener('mouseover', onOver);
    root.addEventListener('mouseleave', onLeave);
    root.addEventListener('mousedown', onLeave);
    return () => {
      clearTimeout(timer);
      root.removeEventListener('mouseover', onOver);
      root.removeEventListener('mouseleave', onLeave);
      root.removeEventListener('mousedown', onLeave);
    };
  }, [editor]);
  if (!hover) return null;
  const shown = hover.ids.map((id) => styles.get(id)).filter((s): s is HighlightStyle => !!s);
  if (shown.length === 0) return null;
  return (
    <div
      className="hover-card"
      role="tooltip"
      style={{ top: hover.top, left: Math.min(hover.left, window.innerWidth - 340) }}
    >
      {shown.map((s, i) => (
        <div key={hover.ids[i]} className={`hover-entry kind-${s.kind}-item`}>
          {s.summary.split('\n').map((line, k) => (
            <p key={k} className={k === 0 ? 'hover-head' : 'hover-note'}>
              {line}
            </p>
          ))}
          {s.status === 'fuzzy' && (
            <p className="hover-note">Matched approximately after the text changed.</p>
          )}
        </div>
      ))}
    </div>
  );
}

/** The article in a read-only Lexical editor, one node per block, with annotation highlights. */
export function ArticleView(props: ArticleViewProps) {
  const { article } = props;
  return (
    <LexicalComposer
      // A new text for the article (a colleague's version through Team Sync, a restored passage)
      // builds the editor anew: its state is built from the text once.
      key={`${article.id}:${article.contentHash}`}
      initialConfig={{
        namespace: 'gloss-reader',
        editable: false,
        theme,
        nodes: [HeadingNode, QuoteNode, ListNode, ListItemNode, MarkNode],
        onError: (error) => {
          throw error;
        },
        editorState: () => $buildArticle(article),
      }}
    >
      <RichTextPlugin
        contentEditable={
          <ContentEditable
            className="reader-text"
            aria-label="Article text"
            aria-describedby="reader-keys-hint"
            tabIndex={0}
          />
        }
        ErrorBoundary={LexicalErrorBoundary}
      />
      <HighlightsPlugin
        article={article}
        ranges={props.ranges}
        styles={props.styles}
        selectedId={props.selectedId}
      />
      <HoverCardPlugin styles={props.styles} />
      <SelectionPlugin
        article={article}
        onSelectText={props.onSelectText}
        onClearSelection={props.onClearSelection}
        onClickHighlight={props.onClickHighlight}
      />
    </LexicalComposer>
  );
}
