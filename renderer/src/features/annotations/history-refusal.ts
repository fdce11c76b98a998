import type { GlossDB } from '../../db/db';
import { HistoryChangedError, peekStep } from '../../db/annotations';
import { StoreValidationError } from '../../db/guard';
import { listTrash } from '../../db/trash';

/** A notice for an undo or redo the store refused: what happened, what to do, and the technical reason. */
export interface HistoryRefusal {
  title: string;
  details: string[];
  /** The store's own message, with ids: shown only when asked for. */
  technical: string;
  /**
   * What the notice offers: `open-trash` when the way back is one command away (the article is in
   * the Trash), `skip` otherwise (drop the step to reach the ones beyond it; nothing else changes).
   */
  offer: 'open-trash' | 'skip' | null;
  /** The refused step's place in the history (to skip that one and no other). */
  seq: number | null;
}

/**
 * Says, in an analyst's words, why the store refused to undo or redo the step at the top of the
 * history (`err`, thrown by the store guard, or a failed write; the history is as it was, the
 * transaction failed): the step by its name, what happened (its article removed or in the Trash,
 * its passage no longer in the article's text, a saved state the checks refuse, a failed write)
 * and what to do — Open Trash when the article is there, else Skip this step, which drops it from
 * the history so that the steps beyond it can be reached; the store's own message, with ids,
 * stays available (`technical`) for whoever investigates.
 */
export async function describeHistoryRefusal(
  db: GlossDB,
  which: 'undo' | 'redo',
  err: unknown,
): Promise<HistoryRefusal> {
  const next = await peekStep(db, which).catch(() => null);
  const step = next ? `“${next.label}”` : which === 'undo' ? 'the last change' : 'the change';
  const seq = next?.seq ?? null;
  const technical = err instanceof Error ? err.message : String(err);
  const skip = seq === null ? null : ('skip' as const);
  /** What skipping the step lets the analyst do. */
  const past = `${which} the ones ${which === 'undo' ? 'before' : 'after'} it`;
  if (err instanceof HistoryChangedError) {
    const who = err.by.name || 'A colleague';
    return {
      title: `Could not ${which} ${step}: ${who} ${err.deleted ? 'deleted' : 'changed'} its annotation since. Nothing was changed.`,
      details: [
        `Their change came through Team Sync (or a merge); ${which === 'undo' ? 'undoing' : 'redoing'} this step now would throw it away. Skip this step to ${past}; the annotation stays as ${who === 'A colleague' ? 'they' : who} left it.`,
      ],
      technical,
      offer: skip,
      seq,
    };
  }
  if (!(err instanceof StoreValidationError)) {
    // Not the store's checks: the write itself failed (the disk, the browser's storage).
    return {
      title: `Could not ${which} ${step}. Nothing was changed.`,
      details: [
        `The library could not write the change (the technical detail says why). Try again; if it fails the same way, skip this step to ${past}.`,
      ],
      technical,
      offer: skip,
      seq,
    };
  }
  if (err.reason === 'outside-text') {
    const article = err.articleId ? await db.articles.get(err.articleId).catch(() => undefined) : undefined;
    const name = article ? `“${article.title}”` : 'Its article';
    return {
      title: `Could not ${which} ${step}: the passage it puts back is no longer in its article’s text. Nothing was changed.`,
      details: [
        `${name} is shorter now than when the step was made (its text was changed since, by a colleague through Team Sync). Skip this step to ${past}; the annotation stays as it is now.`,
      ],
      technical,
      offer: skip,
      seq,
    };
  }
  if (err.reason === 'invalid') {
    return {
      title: `Could not ${which} ${step}: what it puts back no longer passes the library’s checks. Nothing was changed.`,
      details: [
        `The library checks every record it stores, and the state this step saved fails those checks now (a step saved by an earlier Gloss, say). Skip this step to ${past}; nothing else changes.`,
      ],
      technical,
      offer: skip,
      seq,
    };
  }
  const articleId = err.missingArticle;
  const title = `Could not ${which} ${step}: its article is no longer in the library. Nothing was changed.`;
  const trashed = (await listTrash(db).catch(() => []))
    .flatMap((e) => e.removed.articles)
    .find((a) => a.id === articleId);
  if (trashed) {
    return {
      title,
      details: [`“${trashed.title}” is in the Trash: restore it (Edit › Trash…), then ${which} again.`],
      technical,
      offer: 'open-trash',
      seq,
    };
  }
  return {
    title,
    details: [
      `It was removed since: by a colleague, through Team Sync, or deleted for good. Skip this step to ${past}; otherwise it stays in the history until the article comes back.`,
    ],
    technical,
    offer: skip,
    seq,
  };
}
