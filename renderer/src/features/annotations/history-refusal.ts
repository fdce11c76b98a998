import type { GlossDB } from '../../db/db';
import { peekStep } from '../../db/annotations';
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
   * the Trash), `skip` when the article is gone for good (drop the step to reach the ones beyond it).
   */
  offer: 'open-trash' | 'skip' | null;
  /** The refused step's place in the history (to skip that one and no other). */
  seq: number | null;
}

/**
 * Says, in an analyst's words, why the store refused to undo or redo the step at the top of the
 * history (`err`, thrown by the store guard; the history is as it was, the transaction failed):
 * the step by its name, what happened to its article and what to do; the store's own message,
 * with ids, stays available (`technical`) for whoever investigates.
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
  const articleId = err instanceof StoreValidationError ? err.missingArticle : undefined;
  if (!articleId) {
    return {
      title: `Could not ${which} ${step}. Nothing was changed.`,
      details: ['The library refused the change; the step stays in the history.'],
      technical,
      offer: null,
      seq,
    };
  }
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
      `It was removed since: by a colleague, through Team Sync, or deleted for good. Skip this step to ${which} the ones ${which === 'undo' ? 'before' : 'after'} it; otherwise it stays in the history until the article comes back.`,
    ],
    technical,
    offer: seq === null ? null : 'skip',
    seq,
  };
}
