import type { AnnotationKind, Article } from '../../../../core/model';
import { useGloss } from '../../store';
import { createAnnotation } from '../annotations/actions';

const KINDS: { kind: AnnotationKind; label: string; key: string }[] = [
  { kind: 'claim', label: 'Claim', key: 'C' },
  { kind: 'assessment', label: 'Assessment', key: 'A' },
  { kind: 'figure', label: 'Figure', key: 'F' },
];

/**
 * The small toolbar over a text selection: mark it as a claim, an assessment or a figure. It
 * follows the pending selection by itself, so selecting text re-renders only the toolbar.
 */
export function SelectionToolbar({
  article,
  container,
}: {
  article: Pick<Article, 'id' | 'text'>;
  container: HTMLElement | null;
}) {
  const selection = useGloss((s) => s.pendingSelection);
  const snap = useGloss((s) => s.snapToWords);
  const setSnap = useGloss((s) => s.setSnapToWords);
  if (!selection) return null;
  const onCreate = (kind: AnnotationKind) =>
    void createAnnotation(article, selection.start, selection.end, kind);
  const box = container?.getBoundingClientRect();
  const top = selection.rect.top - (box?.top ?? 0) + (container?.scrollTop ?? 0) - 44;
  const left = Math.max(8, selection.rect.left - (box?.left ?? 0));
  return (
    <div className="selection-toolbar" role="toolbar" aria-label="Annotate selection" style={{ top, left }}>
      {KINDS.map(({ kind, label, key }) => (
        <button
          key={kind}
          type="button"
          className={`kind-button kind-${kind}-button`}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onCreate(kind)}
          aria-keyshortcuts={key}
          title={`${label} (${key})`}
        >
          <span className={`swatch kind-${kind}`} aria-hidden="true" />
          {label}
          <kbd>{key}</kbd>
        </button>
      ))}
      <span className="toolbar-divider" aria-hidden="true" />
      <button
        type="button"
        className="snap-toggle"
        aria-pressed={snap}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => setSnap(!snap)}
        title={
          snap
            ? 'Selections are widened to whole words. Click to keep them exactly as selected.'
            : 'Selections are kept exactly as selected. Click to widen them to whole words.'
        }
      >
        Whole words
      </button>
    </div>
  );
}
