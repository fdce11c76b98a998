import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { Article } from '../../../../core/model';
import { db, getArticle } from '../../db';
import { listAnnotations } from '../../db/annotations';
import { anchorAll, type Anchored } from '../annotations/anchored';
import { useGloss } from '../../store';

/** The open article and its annotations, anchored in its text; live from the database. */
export function useReaderData(): { article: Article | undefined; anchored: Anchored[] } {
  const selectedId = useGloss((s) => s.selectedArticleId);
  const article = useLiveQuery(() => (selectedId ? getArticle(db, selectedId) : undefined), [selectedId]);
  const annotations = useLiveQuery(
    () => (selectedId ? listAnnotations(db, selectedId) : Promise.resolve([])),
    [selectedId],
  );
  const anchored = useMemo(
    () => (article && annotations && article.id === selectedId ? anchorAll(article, annotations) : []),
    [article, annotations, selectedId],
  );
  return { article: article && article.id === selectedId ? article : undefined, anchored };
}
