import { useStoreQuery } from '../../app/use-store-query';
import { db } from '../../db';
import { documentLabels } from '../../db/sync-labels';

/** Titles and quoted passages for the team-sync documents `ids`, kept current from the change feed. */
export function useDocumentLabels(ids: readonly string[]): Map<string, string> {
  const key = ids.join('\n');
  return useStoreQuery(() => documentLabels(db, ids), [key], ['articles', 'annotations']) ?? new Map();
}
