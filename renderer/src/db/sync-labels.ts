import { quoteSelector } from '../../../core/model';
import type { GlossDB } from './db';

/** At most this many characters of a title or quoted passage in a label. */
const LABEL_CHARS = 80;

const clip = (s: string): string =>
  s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1).trimEnd()}…` : s;

/**
 * What the analyst calls the team-sync documents `ids` name (`article:<id>`, `annotation:<id>`):
 * an article's title, an annotation's quoted passage — read from this library; an id whose
 * record is not here (or of another kind: a tag or a set names itself) gets no label.
 */
export async function documentLabels(db: GlossDB, ids: readonly string[]): Promise<Map<string, string>> {
  const keyOf = (prefix: string) =>
    ids.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
  const [articleIds, annotationIds] = [keyOf('article:'), keyOf('annotation:')];
  const [articles, annotations] = await Promise.all([
    articleIds.length ? db.articles.bulkGet(articleIds) : [],
    annotationIds.length ? db.annotations.bulkGet(annotationIds) : [],
  ]);
  const labels = new Map<string, string>();
  articles.forEach((a, i) => {
    if (a?.title) labels.set(`article:${articleIds[i]}`, clip(a.title));
  });
  annotations.forEach((a, i) => {
    if (a) labels.set(`annotation:${annotationIds[i]}`, clip(quoteSelector(a).exact));
  });
  return labels;
}
