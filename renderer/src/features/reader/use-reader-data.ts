import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import type { Annotation, Article } from '../../../../core/model';
import { db, getArticle } from '../../db';
import { listAnnotations, onAnnotationsWritten } from '../../db/annotations';
import { anchorAll, type Anchored } from '../annotations/anchored';
import { useGloss } from '../../store';

/** Records written by this window that the live query may not have read back yet. */
type Overlay = ReadonlyMap<string, Annotation | null>;
const NONE: Overlay = new Map();

const isLive = (a: Annotation | null | undefined): a is Annotation => !!a && a.deletedAt === null;

/** Whether the live list already shows what the overlay holds for `id`. */
function reflected(list: readonly Annotation[], id: string, value: Annotation | null): boolean {
  const stored = list.find((a) => a.id === id);
  if (!isLive(value)) return !stored;
  return !!stored && stored.updatedAt === value.updatedAt && stored.deletedAt === value.deletedAt;
}

/** The live list with this window's committed writes applied on top. */
function withOverlay(list: readonly Annotation[], overlay: Overlay): Annotation[] {
  if (overlay.size === 0) return list as Annotation[];
  const out = list.filter((a) => !overlay.has(a.id));
  for (const value of overlay.values()) if (isLive(value)) out.push(value);
  return out;
}

/**
 * The open article and its annotations, anchored in its text; live from the database. Writes
 * made in this window show at once (from {@link onAnnotationsWritten}); the live query then
 * confirms them, and also brings in changes made elsewhere (imports, merges, other windows).
 */
export function useReaderData(): { article: Article | undefined; anchored: Anchored[] } {
  const selectedId = useGloss((s) => s.selectedArticleId);
  const article = useLiveQuery(() => (selectedId ? getArticle(db, selectedId) : undefined), [selectedId]);
  const annotations = useLiveQuery(
    () => (selectedId ? listAnnotations(db, selectedId) : Promise.resolve([])),
    [selectedId],
  );
  // The overlay belongs to one article; opening another starts from none.
  const [held, setHeld] = useState<{ articleId: string | null; overlay: Overlay }>({
    articleId: null,
    overlay: NONE,
  });
  const overlay = held.articleId === selectedId ? held.overlay : NONE;

  useEffect(() => {
    if (!selectedId) return;
    return onAnnotationsWritten((written) => {
      const mine = written.filter((w) => w.articleId === selectedId);
      if (mine.length === 0) return;
      setHeld((prev) => {
        const next = new Map(prev.articleId === selectedId ? prev.overlay : NONE);
        for (const w of mine) next.set(w.id, w.value);
        return { articleId: selectedId, overlay: next };
      });
    });
  }, [selectedId]);

  // Once the live query shows a write, the overlay lets go of it (so that later changes made
  // elsewhere are not masked by an old copy).
  const list = annotations;
  useEffect(() => {
    if (!list || overlay.size === 0) return;
    const next = new Map([...overlay].filter(([id, value]) => !reflected(list, id, value)));
    if (next.size === overlay.size) return;
    const timer = setTimeout(() => setHeld({ articleId: selectedId, overlay: next }), 0);
    return () => clearTimeout(timer);
  }, [list, overlay, selectedId]);

  const anchored = useMemo(
    () =>
      article && annotations && article.id === selectedId
        ? anchorAll(article, withOverlay(annotations, overlay))
        : [],
    [article, annotations, overlay, selectedId],
  );
  return { article: article && article.id === selectedId ? article : undefined, anchored };
}
