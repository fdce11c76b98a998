import { useStoreQuery } from '../../app/use-store-query';
import { db } from '../../db';
import { listAwaiting, type AwaitingArticle } from '../../db/sync-awaiting';

/**
 * The articles a colleague's sync removed whose twin has not arrived yet, with the annotations
 * waiting on each (`db/sync-awaiting.ts`); kept current from the store's change feed.
 */
export function useAwaiting(): AwaitingArticle[] {
  return useStoreQuery(() => listAwaiting(db), [], ['meta', 'annotations']) ?? [];
}
