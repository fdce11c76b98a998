import { useEffect, useMemo, useState } from 'react';
import type { Annotation, Article } from '../../../../core/model';
import { db, getArticle } from '../../db';
import { listAnnotations } from '../../db/annotations';
import { onStoreChange, touches } from '../../db/changes';
import { anchorAll, type Anchored } from '../annotations/anchored';
import { useGloss } from '../../store';

interface Loaded {
  articleId: string;
  article: Article | undefined;
  annotations: Annotation[];
}

/**
 * The open article and its annotations, anchored in its text, kept current from the store's
 * change feed: annotation writes the feed carries (this window's or another's) are applied to
 * the list at once, without a read (on an article with thousands of annotations a re-read would
 * delay every highlight); a change too large to carry them, or one to the article itself, reads
 * again.
 */
export function useReaderData(): { article: Article | undefined; anchored: Anchored[] } {
  const selectedId = useGloss((s) => s.selectedArticleId);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (!selectedId) return;
    let latest = 0;
    let stopped = false;
    const read = () => {
      const mine = ++latest;
      void Promise.all([getArticle(db, selectedId), listAnnotations(db, selectedId)]).then(
        ([article, annotations]) => {
          if (!stopped && mine === latest) setLoaded({ articleId: selectedId, article, annotations });
        },
        (err: unknown) => console.error('The article could not be read:', err),
      );
    };
    read();
    const stop = onStoreChange(db, (change) => {
      const own = (ids: string[] | undefined) => ids?.includes(selectedId) ?? false;
      if (own(change.keys.articles) || own(change.keys.bodies)) return read();
      if (!touches(change, ['annotations'])) return;
      if (!change.annotations) return read();
      const written = change.annotations.filter((w) => w.articleId === selectedId);
      if (written.length === 0) return;
      // Applied on top of the last read; a read still running gets them too (it began before
      // this commit only if it was started earlier, so it is replaced by a fresh one).
      if (latest > 0) {
        setLoaded((prev) => {
          if (!prev || prev.articleId !== selectedId) return prev;
          const byId = new Map(written.map((w) => [w.id, w.value]));
          const annotations = prev.annotations.filter((a) => !byId.has(a.id));
          for (const value of byId.values()) if (value && value.deletedAt === null) annotations.push(value);
          return { ...prev, annotations };
        });
      }
    });
    return () => {
      stopped = true;
      stop();
    };
  }, [selectedId]);

  const current = loaded && loaded.articleId === selectedId ? loaded : null;
  const anchored = useMemo(
    () => (current?.article ? anchorAll(current.article, current.annotations) : []),
    [current],
  );
  return { article: current?.article, anchored };
}
