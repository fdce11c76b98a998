import type { AwaitingArticle } from '../../db/sync-awaiting';
import type { SyncStatus, TeamSyncState } from './team-sync';

/**
 * What Team Sync says, in words: the indicator's status, the dialog's line about the last sync,
 * the waiting annotations. Kept apart from the components so that the wording is tested.
 */

/** `n` and the noun, singular or plural, with thousands separated ("1 change", "2,500 changes"). */
export const count = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export const conflictCount = (n: number): string => count(n, 'conflict');
export const annotationCount = (n: number): string => count(n, 'annotation');

/** The indicator's words for a status. */
export function statusLabel(status: SyncStatus, now = Date.now()): string {
  switch (status.kind) {
    case 'off':
      return 'Team sync off';
    case 'waiting':
      return 'Not synced yet';
    case 'syncing':
      return syncingLabel(status);
    case 'up-to-date':
      return 'Up to date';
    case 'offline':
      return status.retryAt
        ? `Offline · retrying in ${Math.max(1, Math.round((status.retryAt - now) / 1000))} s`
        : 'Offline';
    case 'error':
      return 'Sync error';
  }
}

function syncingLabel(status: Extract<SyncStatus, { kind: 'syncing' }>): string {
  const n = status.docs.toLocaleString('en');
  const of = status.total ? ` of ${status.total.toLocaleString('en')}` : '';
  if (status.phase === 'apply') return `Syncing: taking in ${n}${of}…`;
  if (status.phase === 'push') return `Syncing: sending ${n}${of}…`;
  return status.docs > 0 ? `Syncing ${n}${of}…` : 'Syncing…';
}

/**
 * The indicator's accessible name: the status, then what waits for the analyst (conflicts,
 * changes the server did not accept, annotations waiting for their article), then the detail.
 */
export function indicatorLabel(
  status: SyncStatus,
  also: { conflicts: number; notAccepted: number; waiting: number; detail: string },
): string {
  const parts = [statusLabel(status)];
  if (also.conflicts) parts.push(conflictCount(also.conflicts));
  if (also.notAccepted) parts.push(`${count(also.notAccepted, 'change')} not accepted by the server`);
  if (also.waiting) parts.push(`${annotationCount(also.waiting)} waiting for their article`);
  return `Team sync: ${parts.join(', ')}. ${also.detail}`;
}

/** What the last sync did, for the dialog's status line. */
export function lastSyncLine(last: NonNullable<TeamSyncState['last']>): string {
  const took = last.pulled.added + last.pulled.updated + last.pulled.removed;
  if (took === 0 && last.pushed === 0) return 'the last sync took in nothing and sent nothing.';
  return `the last sync took in ${count(took, 'change')} and sent ${last.pushed.toLocaleString('en')}.`;
}

/** One waiting article, in words: how many annotations wait, for which article. */
export function awaitingLine(w: AwaitingArticle): string {
  const n = annotationCount(w.annotations);
  const verb = w.annotations === 1 ? 'waits' : 'wait';
  const which = w.title ? `their article (“${w.title}”)` : 'their article';
  return `${n} ${verb} for ${which} to arrive from the server.`;
}
