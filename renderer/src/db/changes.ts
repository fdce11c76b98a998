import type { Analyst } from '../../../core/model';
import type { GlossDB } from './db';
import { feedFor, keyCount, type FeedTable, type StoreChange } from './guard';

export type { FeedTable, StoreChange, WrittenAnnotation } from './guard';
export { keyCount, keySlices } from './guard';

/**
 * Subscribes to the store's change feed: one {@link StoreChange} per committed transaction that
 * wrote anything, from this window or another window of the same profile. Returns the
 * unsubscribe. This is the only way views learn of changes (see docs/architecture.md).
 */
export function onStoreChange(db: GlossDB, listener: (change: StoreChange) => void): () => void {
  const feed = feedFor(db.name);
  feed.listeners.add(listener);
  return () => void feed.listeners.delete(listener);
}

/** Whether a change wrote any of `tables`. */
export function touches(change: StoreChange, tables: readonly FeedTable[]): boolean {
  return tables.some((t) => keyCount(change, t) > 0);
}

/** Names the analyst whose writes this window's changes report. */
export function setWriter(db: GlossDB, analyst: Analyst | null): void {
  feedFor(db.name).by = analyst;
}

/**
 * Lowers how many annotation records one change carries before views are told to re-read
 * (default: `CARRIED_ANNOTATIONS` in guard.ts); tests use it to reach that case with a few records.
 */
export function limitCarried(db: GlossDB, count: number): void {
  feedFor(db.name).carried = count;
}
